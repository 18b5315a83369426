//! The Mosquitto contract of [`Client`] against a real mosquitto, with a host
//! that records what it is asked to run: message ids, refused calls, and
//! at-least-once delivery with its limit and dead-letter topic.

mod broker;

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use broker::Broker;
use mosquitto_core::{Client, Event, Host, Listener, Message, MqttError, Outcome, SessionOptions};

/// Records events and messages; fails the first `fail` deliveries.
#[derive(Default)]
struct Recorder {
    events: RefCell<Vec<Event>>,
    messages: RefCell<Vec<(String, Vec<u8>)>>,
    fail: Cell<u32>,
}

impl Host for Recorder {
    fn call(&self, event: &Event) -> Outcome {
        self.events.borrow_mut().push(event.clone());
        Outcome::Done
    }

    fn deliver(&self, message: &Message) -> Outcome {
        self.messages.borrow_mut().push((message.topic.clone(), message.payload.to_vec()));
        if self.fail.get() > 0 {
            self.fail.set(self.fail.get() - 1);
            return Outcome::Failed;
        }
        Outcome::Done
    }

    fn listens(&self, _listener: Listener) -> bool {
        true
    }

    fn failure_text(&self) -> String {
        "task failed".into()
    }

    fn configure(&self, options: &mut SessionOptions) {
        options.reconnect.delay = Duration::from_millis(100);
        options.flush_timeout = Duration::from_secs(2);
    }
}

impl Recorder {
    fn logged(&self, needle: &str) -> bool {
        self.events.borrow().iter().any(|e| matches!(e, Event::Log { text, .. } if text.contains(needle)))
    }
}

/// Dispatches until `done` holds, for at most 10 s.
fn dispatch_until(client: &Client, host: &Recorder, mut done: impl FnMut(&Recorder) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(host) {
        assert!(Instant::now() < deadline, "not seen within 10 s");
        client.dispatch(host, Duration::from_millis(50)).unwrap();
    }
}

fn connected(broker: &Broker, id: &str, clean: bool, host: &Recorder) -> Client {
    let client = Client::new(Some(id.as_bytes().to_vec()), clean).unwrap();
    client.connect(host, "127.0.0.1".into(), i64::from(broker.port), 60, None).unwrap();
    dispatch_until(&client, host, |h| h.events.borrow().iter().any(|e| matches!(e, Event::Connected { rc: 0, .. })));
    client
}

#[test]
fn mids_are_shared_and_a_refused_call_takes_none() {
    let broker = Broker::start();
    let host = Recorder::default();
    let offline = Client::new(Some(b"mids".to_vec()), true).unwrap();
    // As libmosquitto: a publish while not connected takes its mid and fails;
    // a subscribe says "not connected" first and takes none.
    assert_eq!(offline.publish(&host, "t".into(), b"x", 0, false), Err(MqttError::NotConnected));
    assert_eq!(offline.subscribe(&host, "t".into(), 0), Err(MqttError::NotConnected));
    offline.connect(&host, "127.0.0.1".into(), i64::from(broker.port), 60, None).unwrap();
    assert_eq!(offline.subscribe(&host, "t/#".into(), 1), Ok(2));
    assert_eq!(offline.publish(&host, "t/a".into(), b"x", 3, false), Err(MqttError::InvalidArguments));
    assert_eq!(offline.publish(&host, "t/+".into(), b"x", 0, false), Err(MqttError::InvalidArguments));
    assert_eq!(offline.subscribe(&host, "t/#/x".into(), 0), Err(MqttError::InvalidArguments));
    assert_eq!(offline.publish(&host, "t/a".into(), b"x", 1, false), Ok(3));
    assert_eq!(offline.unsubscribe(&host, "t/#".into()), Ok(4));
    // QoS 0 completes inside publish(), as mosquitto_publish() calls on_publish.
    assert_eq!(offline.publish(&host, "t/a".into(), b"x", 0, false), Ok(5));
    assert!(host.events.borrow().contains(&Event::Published { mid: 5, reply: None }));
    assert!(host.logged("Client mids sending CONNECT"));
    offline.disconnect(&host).unwrap();
    assert!(host.logged("Client mids sending DISCONNECT"));
    assert_eq!(host.events.borrow().last(), Some(&Event::Disconnected { rc: 0, reply: None }));
    assert_eq!(offline.disconnect(&host), Err(MqttError::NotConnected));
}

#[test]
fn every_message_of_a_long_queue_is_delivered_across_dispatch_batches() {
    let broker = Broker::start();
    let (host, producer_host) = (Recorder::default(), Recorder::default());
    let worker = connected(&broker, "batches", false, &host);
    worker.subscribe(&host, "many".into(), 1).unwrap();
    dispatch_until(&worker, &host, |h| h.events.borrow().iter().any(|e| matches!(e, Event::Subscribed { .. })));
    let producer = connected(&broker, "batch-producer", true, &producer_host);
    let count = 2 * mosquitto_core::client::DISPATCH_BATCH + 500;
    for i in 0..count {
        producer.publish(&producer_host, "many".into(), i.to_string().as_bytes(), 1, false).unwrap();
    }
    // Queued up before the worker dispatches, so batches are full of messages.
    std::thread::sleep(Duration::from_millis(500));
    dispatch_until(&worker, &host, |h| h.messages.borrow().len() >= count);
    let payloads: Vec<usize> = host.messages.borrow().iter().map(|(_, p)| std::str::from_utf8(p).unwrap().parse().unwrap()).collect();
    assert_eq!(payloads, (0..count).collect::<Vec<_>>());
}

#[test]
fn refuses_what_libmosquitto_refuses() {
    assert_eq!(Client::new(None, false).err(), Some(MqttError::InvalidArguments));
    assert_eq!(Client::new(Some(Vec::new()), true).err(), Some(MqttError::InvalidArguments));
    assert_eq!(Client::new(Some(b"a\0b".to_vec()), true).err(), Some(MqttError::InvalidArguments));
    assert_eq!(Client::new(Some(vec![b'i'; 65_536]), true).err(), Some(MqttError::InvalidArguments));
    let client = Client::new(Some(vec![b'i'; 65_535]), true).unwrap();
    assert_eq!(client.set_will("w/+".into(), Vec::new(), 0, false, None), Err(MqttError::InvalidArguments));
    assert_eq!(client.set_will("w".into(), Vec::new(), 3, false, None), Err(MqttError::InvalidArguments));
    assert_eq!(client.set_credentials("u".into(), "p".repeat(65_536)), Err(MqttError::InvalidArguments));
    assert_eq!(client.set_reconnect_delay(-1, 0, false), Err(MqttError::InvalidArguments));
    assert_eq!(client.set_max_inflight(-1), Err(MqttError::InvalidArguments));
    assert_eq!(client.set_protocol_version(3), Err(MqttError::NotSupported));
    assert_eq!(client.set_delivery_limit(-1, None), Err(MqttError::InvalidArguments));
    assert_eq!(mosquitto_core::client::loop_timeout(-5, 1), Ok(Duration::from_millis(1000)));
    assert_eq!(mosquitto_core::client::loop_timeout(10, 0), Err(MqttError::InvalidArguments));
}

#[test]
fn a_failed_task_is_delivered_again_then_given_up_to_the_dead_letter_topic() {
    let broker = Broker::start();
    let host = Recorder::default();
    let worker = connected(&broker, "worker", true, &host);
    worker.set_delivery_limit(3, Some(b"dead".to_vec())).unwrap();
    worker.subscribe(&host, "tasks".into(), 1).unwrap();
    worker.subscribe(&host, "dead".into(), 1).unwrap();
    dispatch_until(&worker, &host, |h| h.events.borrow().iter().filter(|e| matches!(e, Event::Subscribed { .. })).count() == 2);

    // Fails twice, then succeeds: delivered three times, acknowledged once.
    host.fail.set(2);
    worker.publish(&host, "tasks".into(), b"retry me", 1, false).unwrap();
    dispatch_until(&worker, &host, |h| h.messages.borrow().len() == 3);
    assert!(host.messages.borrow().iter().all(|(t, p)| t == "tasks" && p == b"retry me"));

    // Fails every time: given up at the third delivery, reported, dead-lettered.
    host.fail.set(u32::MAX);
    worker.publish(&host, "tasks".into(), b"poison", 1, false).unwrap();
    dispatch_until(&worker, &host, |h| h.messages.borrow().iter().any(|(t, _)| t == "dead"));
    host.fail.set(0);
    let poison = host.messages.borrow().iter().filter(|(_, p)| p == b"poison").count();
    assert_eq!(poison, 3);
    assert!(host.logged("gave up on message"));
    assert!(host.logged("after 3 failed deliveries: task failed; published to 'dead'"));
    let dead = host.messages.borrow().iter().find(|(t, _)| t == "dead").map(|(_, p)| p.clone()).unwrap();
    let dead: serde_json::Value = serde_json::from_slice(&dead).unwrap();
    assert_eq!(dead["payload"], "poison");
    assert_eq!(dead["deliveries"], 3);
}

#[test]
fn a_task_whose_worker_dies_in_the_callback_stays_with_the_broker() {
    let broker = Broker::start();
    let host = Recorder::default();
    let producer = connected(&broker, "producer", true, &host);
    let worker = connected(&broker, "persistent-worker", false, &host);
    worker.subscribe(&host, "jobs".into(), 1).unwrap();
    dispatch_until(&worker, &host, |h| h.events.borrow().iter().any(|e| matches!(e, Event::Subscribed { .. })));
    // The worker fails the task and goes away without acknowledging it.
    worker.set_delivery_limit(0, None).unwrap();
    host.fail.set(1);
    producer.publish(&host, "jobs".into(), b"job", 1, false).unwrap();
    dispatch_until(&worker, &host, |h| h.messages.borrow().len() == 1);
    worker.close(&host);
    // A new worker process with the same session gets it again.
    let again = connected(&broker, "persistent-worker", false, &host);
    dispatch_until(&again, &host, |h| h.messages.borrow().len() == 2);
    assert_eq!(host.messages.borrow()[1], ("jobs".to_string(), b"job".to_vec()));
}

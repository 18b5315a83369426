//! The core against a real mosquitto: connect outcomes, round trips at every
//! QoS, acknowledgement after processing, and reconnects.

mod broker;

use std::time::{Duration, Instant};

use broker::Broker;
use mosquitto_core::{Event, Message, MqttError, Session, SessionOptions};

fn options(broker: &Broker, id: &str) -> SessionOptions {
    let mut options = SessionOptions::new(id, "127.0.0.1", broker.port);
    options.reconnect.delay = Duration::from_millis(100);
    options.reconnect.max_delay = Duration::from_millis(200);
    options
}

/// Waits for the first event `pick` accepts, skipping the others.
fn wait_for<T>(session: &mut Session, mut pick: impl FnMut(Event) -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let event = session.next_event(Duration::from_millis(50));
        if std::env::var_os("TRACE_EVENTS").is_some() {
            eprintln!("{event:?}");
        }
        if let Some(found) = event.and_then(&mut pick) {
            return found;
        }
    }
    panic!("event not seen within 10 s");
}

fn message(session: &mut Session) -> Message {
    wait_for(session, |e| match e {
        Event::Message(m) => Some(m),
        _ => None,
    })
}

#[test]
fn connect_reports_each_failure_clearly() {
    let broker = Broker::start();
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let refused = Session::connect(SessionOptions::new("a", "127.0.0.1", closed_port)).err().unwrap();
    assert_eq!(refused.to_string(), format!("Connection refused (127.0.0.1:{closed_port})"));
    let lookup = Session::connect(SessionOptions::new("a", "no-such-host.invalid", 1883)).err().unwrap();
    assert_eq!(lookup, MqttError::Lookup { host: "no-such-host.invalid".into() });
    let bad = SessionOptions { keepalive: 2, ..options(&broker, "a") };
    assert_eq!(Session::connect(bad).err(), Some(MqttError::InvalidArguments));

    let mut session = Session::connect(options(&broker, "a")).unwrap();
    assert_eq!(session.next_event(Duration::ZERO), Some(Event::Connected { rc: 0, session_present: false, reply: None }));
}

#[test]
fn round_trips_at_every_qos_with_mids() {
    let broker = Broker::start();
    let mut session = Session::connect(options(&broker, "rt")).unwrap();
    session.subscribe(1, "rt/#".into(), 2).unwrap();
    assert_eq!(
        wait_for(&mut session, |e| match e {
            Event::Subscribed { mid, granted, .. } => Some((mid, granted)),
            _ => None,
        }),
        (1, vec![2])
    );
    let payload: Vec<u8> = (0..=255u8).collect();
    for qos in 0..=2u8 {
        let mid = 10 + u16::from(qos);
        session.publish(mid, format!("rt/{qos}"), payload.clone(), qos, false).unwrap();
        // The completion and the delivery may come in either order. QoS 0 has
        // no completion event: onPublish runs inside PHP's publish().
        let (mut completed, mut delivered) = (qos == 0, None);
        while !completed || delivered.is_none() {
            wait_for(&mut session, |e| match e {
                Event::Published { mid: m, .. } if m == mid => {
                    completed = true;
                    Some(())
                }
                Event::Message(m) => {
                    delivered = Some(m);
                    Some(())
                }
                _ => None,
            });
        }
        let got = delivered.unwrap();
        assert_eq!((got.topic.as_str(), got.qos, &got.payload[..]), (format!("rt/{qos}").as_str(), qos, &payload[..]));
        session.ack(&got).unwrap();
    }
    assert_eq!(session.publish(20, "a/+".into(), vec![], 0, false), Err(MqttError::InvalidArguments));
    session.disconnect();
}

#[test]
fn unacknowledged_message_is_delivered_again() {
    let broker = Broker::start();
    let mut persistent = options(&broker, "worker-1");
    persistent.clean_session = false;
    let mut worker = Session::connect(persistent.clone()).unwrap();
    worker.subscribe(1, "tasks".into(), 1).unwrap();
    wait_for(&mut worker, |e| matches!(e, Event::Subscribed { .. }).then_some(()));

    let producer = Session::connect(options(&broker, "producer")).unwrap();
    producer.publish(1, "tasks".into(), b"task 1".to_vec(), 1, false).unwrap();
    let first = message(&mut worker);
    assert_eq!(&first.payload[..], b"task 1");
    // The worker dies before acknowledging.
    drop(worker);

    let mut again = Session::connect(persistent).unwrap();
    let redelivered = message(&mut again);
    assert_eq!(&redelivered.payload[..], b"task 1");
    again.ack(&redelivered).unwrap();
}

#[test]
fn reconnects_and_restores_subscriptions() {
    let mut broker = Broker::start();
    let mut session = Session::connect(options(&broker, "survivor")).unwrap();
    session.subscribe(1, "after".into(), 1).unwrap();
    wait_for(&mut session, |e| matches!(e, Event::Subscribed { .. }).then_some(()));

    broker.kill();
    assert_eq!(wait_for(&mut session, |e| matches!(e, Event::Disconnected { rc: 7, .. }).then_some(())), ());
    broker.restart();
    // The broker lost everything (killed, clean session): we must resubscribe.
    assert!(wait_for(&mut session, |e| match e {
        Event::Connected { rc: 0, session_present, .. } => Some(!session_present),
        _ => None,
    }));
    let producer = Session::connect(options(&broker, "producer2")).unwrap();
    // The resubscribe may still be on its way; publish until it lands.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut mid = 1;
    loop {
        producer.publish(mid, "after".into(), b"hello again".to_vec(), 1, false).unwrap();
        if let Some(Event::Message(m)) = session.next_event(Duration::from_millis(200)) {
            assert_eq!(&m.payload[..], b"hello again");
            break;
        }
        assert!(Instant::now() < deadline, "no message after reconnect");
        mid += 1;
    }
}

#[test]
fn without_auto_reconnect_a_loss_ends_the_session() {
    let mut broker = Broker::start();
    let mut session = Session::connect(SessionOptions { auto_reconnect: false, ..options(&broker, "once") }).unwrap();
    broker.kill();
    assert_eq!(wait_for(&mut session, |e| matches!(e, Event::Disconnected { rc: 7, .. }).then_some(())), ());
    assert_eq!(session.next_event(Duration::from_secs(2)), Some(Event::ConnectionLost));
    assert_eq!(session.publish(1, "x".into(), vec![], 0, false), Err(MqttError::NotConnected));
}

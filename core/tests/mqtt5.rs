//! MQTT 5 sessions: properties both ways, reason codes in the events, the
//! broker's DISCONNECT reason, against a real mosquitto; topic aliases (which
//! mosquitto never sends to clients) from a scripted broker.

mod broker;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use broker::Broker;
use bytes::{Bytes, BytesMut};
use mosquitto_core::properties::{self, Value};
use mosquitto_core::{Event, Message, Session, SessionOptions, SubscribeOptions};
use rumqttc::v5::mqttbytes::v5::{
    ConnAck, Connect, ConnectReturnCode, Disconnect, DisconnectProperties, DisconnectReasonCode, Packet, Publish, PublishProperties,
};
use rumqttc::v5::mqttbytes::QoS;

fn options(port: u16, id: &str) -> SessionOptions {
    let mut options = SessionOptions::new(id, "127.0.0.1", port);
    options.protocol_version = 5;
    options.reconnect.delay = Duration::from_millis(100);
    options
}

fn wait_for<T>(session: &mut Session, mut pick: impl FnMut(Event) -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(found) = session.next_event(Duration::from_millis(50)).and_then(&mut pick) {
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

fn text(s: &str) -> Value {
    Value::Bytes(Bytes::copy_from_slice(s.as_bytes()))
}

#[test]
fn properties_and_reason_codes_round_trip() {
    let broker = Broker::start();
    let mut session = Session::connect(options(broker.port, "v5-rt")).unwrap();
    let connected = wait_for(&mut session, |e| match e {
        Event::Connected { reply, .. } => Some(reply),
        _ => None,
    });
    let connected = connected.expect("an MQTT 5 CONNACK has a reason");
    assert_eq!(connected.code, 0);
    assert!(connected.properties.iter().any(|(key, _)| *key == "receive_maximum"), "{:?}", connected.properties);

    let options = SubscribeOptions { subscription_identifier: Some(42), ..SubscribeOptions::default() };
    session.subscribe_with_options(1, "v5/#".into(), 1, options).unwrap();
    let (granted, reply) = wait_for(&mut session, |e| match e {
        Event::Subscribed { granted, reply, .. } => Some((granted, reply)),
        _ => None,
    });
    assert_eq!((granted, reply.map(|r| r.code)), (vec![1], Some(1)));

    let given = vec![
        ("payload_format_indicator".to_string(), Value::Int(1)),
        ("message_expiry_interval".to_string(), Value::Int(600)),
        ("content_type".to_string(), text("application/json")),
        ("response_topic".to_string(), text("replies/7")),
        ("correlation_data".to_string(), Value::Bytes(Bytes::from_static(b"\x00id\xff"))),
        ("user_properties".to_string(), Value::Pairs(vec![("trace".into(), "a".into()), ("trace".into(), "b".into())])),
    ];
    let sent = properties::publish_properties(given.clone()).unwrap();
    session.publish_with_properties(5, "v5/task".into(), b"{}".to_vec(), 1, false, sent).unwrap();
    let got = message(&mut session);
    let mut received: Vec<(String, Value)> =
        properties::message_properties(got.properties.as_deref().unwrap()).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    // The broker counts the expiry down while the message waits.
    assert!(matches!(received[1], (_, Value::Int(599..=600))), "{received:?}");
    received[1].1 = Value::Int(600);
    let mut expected = given;
    expected.push(("subscription_identifiers".into(), Value::Ints(vec![42])));
    assert_eq!(received, expected);
    session.ack(&got).unwrap();
    let code = wait_for(&mut session, |e| match e {
        Event::Published { mid: 5, reply } => Some(reply.map(|r| r.code)),
        _ => None,
    });
    assert_eq!(code, Some(0));

    // Nobody subscribed: mosquitto accepts it with "no matching subscribers".
    session.publish(6, "nobody/listens".into(), b"x".to_vec(), 1, false).unwrap();
    let code = wait_for(&mut session, |e| match e {
        Event::Published { mid: 6, reply } => Some(reply.map(|r| r.code)),
        _ => None,
    });
    assert_eq!(code, Some(0x10));
    session.disconnect();
}

/// mosquitto from 2.0.15 says so with a DISCONNECT (0x8E, session taken over);
/// 2.0.11 (Debian 12's) closes the connection without one, and the loss still
/// comes with a reason: unspecified, and what we saw.
#[test]
fn a_session_taken_over_hears_what_happened() {
    let broker = Broker::start();
    let first_options = SessionOptions { auto_reconnect: false, ..options(broker.port, "twice") };
    let mut first = Session::connect(first_options).unwrap();
    let _second = Session::connect(options(broker.port, "twice")).unwrap();
    let reply = wait_for(&mut first, |e| match e {
        Event::Disconnected { rc: 7, reply } => reply,
        _ => None,
    });
    match reply.code {
        0x8E => {}
        0x80 => assert!(reply.reason_string.unwrap().contains("did another client connect with client id 'twice'")),
        other => panic!("reason code {other:#x} for a session taken over"),
    }
}

/// A broker that says why it ends the connection (MQTT 5 DISCONNECT, which
/// mosquitto 2.0.11 does not send on a take-over): the reason reaches the event.
#[test]
fn a_brokers_disconnect_reason_reaches_the_event() {
    let (port, broker) = scripted(|out| {
        let properties = DisconnectProperties {
            session_expiry_interval: None,
            reason_string: Some("another client took the session".into()),
            user_properties: vec![("node".into(), "b1".into())],
            server_reference: None,
        };
        let disconnect = Disconnect { reason_code: DisconnectReasonCode::SessionTakenOver, properties: Some(properties) };
        Packet::Disconnect(disconnect).write(out, None).unwrap();
    });
    let mut session = Session::connect(SessionOptions { auto_reconnect: false, ..options(port, "taken") }).unwrap();
    let reply = wait_for(&mut session, |e| match e {
        Event::Disconnected { rc: 7, reply } => reply,
        _ => None,
    });
    assert_eq!(reply.code, 0x8E);
    assert_eq!(reply.reason_string.as_deref(), Some("another client took the session"));
    assert_eq!(reply.properties, vec![("user_properties", Value::Pairs(vec![("node".into(), "b1".into())]))]);
    broker.join().unwrap();
}

/// A scripted MQTT 5 broker on a free port: it reads the CONNECT (handing it
/// to `check`), sends CONNACK and then what `script` writes, and holds the
/// connection until the client leaves.
fn scripted(script: impl FnOnce(&mut BytesMut) + Send + 'static) -> (u16, std::thread::JoinHandle<()>) {
    scripted_checking(|_| {}, script)
}

fn scripted_checking(
    check: impl FnOnce(&Connect) + Send + 'static,
    script: impl FnOnce(&mut BytesMut) + Send + 'static,
) -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buffer = BytesMut::new();
        loop {
            match Packet::read(&mut buffer, None) {
                Ok(Packet::Connect(connect, ..)) => {
                    check(&connect);
                    break;
                }
                Ok(other) => panic!("expected CONNECT, got {other:?}"),
                Err(_) => {
                    let mut chunk = [0u8; 1024];
                    let n = stream.read(&mut chunk).unwrap();
                    assert!(n > 0, "client left before CONNECT");
                    buffer.extend_from_slice(&chunk[..n]);
                }
            }
        }
        let mut out = BytesMut::new();
        Packet::ConnAck(ConnAck { session_present: false, code: ConnectReturnCode::Success, properties: None })
            .write(&mut out, None)
            .unwrap();
        script(&mut out);
        stream.write_all(&out).unwrap();
        let _ = stream.read(&mut [0u8; 64]);
    });
    (port, broker)
}

#[test]
fn a_3_1_1_session_reports_no_reasons() {
    let broker = Broker::start();
    let mut session = Session::connect(SessionOptions::new("v4", "127.0.0.1", broker.port)).unwrap();
    assert_eq!(session.next_event(Duration::ZERO), Some(Event::Connected { rc: 0, session_present: false, reply: None }));
    session.subscribe(1, "v4/#".into(), 1).unwrap();
    session.publish(2, "v4/a".into(), b"x".to_vec(), 1, false).unwrap();
    let got = message(&mut session);
    assert_eq!(got.properties, None);
}

/// A scripted MQTT 5 broker that names a topic once with an alias, then
/// sends by alias only: the messages carry the topic, never the alias.
#[test]
fn topic_aliases_are_resolved_inside() {
    let check = |connect: &Connect| assert_eq!(connect.properties.as_ref().and_then(|p| p.topic_alias_max), Some(5));
    let (port, broker) = scripted_checking(check, |out| {
        let aliased = |topic: &str, payload: &'static [u8]| {
            let properties = PublishProperties { topic_alias: Some(3), ..PublishProperties::default() };
            Packet::Publish(Publish::new(topic, QoS::AtMostOnce, payload, Some(properties)))
        };
        aliased("jobs/7", b"first").write(out, None).unwrap();
        aliased("", b"second").write(out, None).unwrap();
    });
    let mut client_options = options(port, "alias");
    client_options.mqtt5.topic_alias_maximum = Some(5);
    let mut session = Session::connect(client_options).unwrap();
    let first = message(&mut session);
    let second = message(&mut session);
    assert_eq!((first.topic.as_str(), &first.payload[..]), ("jobs/7", &b"first"[..]));
    assert_eq!((second.topic.as_str(), &second.payload[..]), ("jobs/7", &b"second"[..]));
    assert!(second.properties.is_none_or(|p| p.topic_alias.is_none()));
    session.disconnect();
    broker.join().unwrap();
}

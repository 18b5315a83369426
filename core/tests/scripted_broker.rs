//! What no well-behaved mosquitto sends on cue, from a scripted broker: the
//! legal retransmissions of each QoS flow (MQTT 3.1.1 section 4.3), also
//! across a reconnect, and valid packets in awkward framing (split anywhere,
//! many in one write, one byte per write).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use mosquitto_core::{Event, Session, SessionOptions};
use rumqttc::mqttbytes::v4::{ConnAck, ConnectReturnCode, Packet, PubAck, PubComp, PubRec, PubRel, Publish};
use rumqttc::mqttbytes::QoS;

/// One side of the scripted conversation.
struct Peer {
    stream: TcpStream,
    buffer: BytesMut,
}

impl Peer {
    /// Accepts the client's connection and answers its CONNECT.
    fn accept(listener: &TcpListener, session_present: bool) -> Peer {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.set_nodelay(true).unwrap();
        let mut peer = Peer { stream, buffer: BytesMut::new() };
        assert!(matches!(peer.receive(), Packet::Connect(_)));
        peer.send(Packet::ConnAck(ConnAck::new(ConnectReturnCode::Success, session_present)));
        peer
    }

    fn encode(packets: &[Packet]) -> Vec<u8> {
        let mut out = BytesMut::new();
        for packet in packets {
            packet.write(&mut out, 8 << 20).unwrap();
        }
        out.to_vec()
    }

    /// Writes `bytes` in pieces of `size` bytes, each its own segment.
    fn send_in_pieces(&mut self, bytes: &[u8], size: usize) {
        for piece in bytes.chunks(size) {
            self.stream.write_all(piece).unwrap();
            self.stream.flush().unwrap();
            if size < 16 {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }

    fn send(&mut self, packet: Packet) {
        let mut out = BytesMut::new();
        packet.write(&mut out, 1 << 20).unwrap();
        self.stream.write_all(&out).unwrap();
    }

    fn receive(&mut self) -> Packet {
        loop {
            match Packet::read(&mut self.buffer, 8 << 20) {
                Ok(packet) => return packet,
                Err(rumqttc::mqttbytes::Error::InsufficientBytes(_)) => {}
                Err(error) => panic!("client sent garbage: {error}"),
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).unwrap();
            assert!(n > 0, "client closed the connection");
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}

fn qos2_publish(dup: bool) -> Packet {
    let mut publish = Publish::new("jobs", QoS::ExactlyOnce, b"once".to_vec());
    publish.pkid = 7;
    publish.dup = dup;
    Packet::Publish(publish)
}

#[test]
fn a_qos2_message_sent_again_before_pubrel_is_delivered_once() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut peer = Peer { stream, buffer: BytesMut::new() };
        assert!(matches!(peer.receive(), Packet::Connect(_)));
        peer.send(Packet::ConnAck(ConnAck::new(ConnectReturnCode::Success, false)));
        // The message, then the same one again before the client answered.
        peer.send(qos2_publish(false));
        peer.send(qos2_publish(true));
        assert_eq!(peer.receive(), Packet::PubRec(PubRec::new(7)));
        // As if that PUBREC was lost: the client must answer, not deliver.
        peer.send(qos2_publish(true));
        assert_eq!(peer.receive(), Packet::PubRec(PubRec::new(7)));
        peer.send(Packet::PubRel(PubRel::new(7)));
        // If the client acknowledged before the first duplicate arrived, it
        // answered that one with a PUBREC too: still once, only answered.
        loop {
            match peer.receive() {
                Packet::PubComp(comp) if comp.pkid == 7 => break,
                Packet::PubRec(rec) if rec.pkid == 7 => {}
                other => panic!("expected PUBCOMP, got {other:?}"),
            }
        }
        peer
    });

    let mut session = Session::connect(SessionOptions::new("exactly-once", "127.0.0.1", port)).unwrap();
    let mut delivered = 0;
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if let Some(Event::Message(message)) = session.next_event(Duration::from_millis(50)) {
            assert_eq!((message.topic.as_str(), &message.payload[..]), ("jobs", &b"once"[..]));
            delivered += 1;
            session.ack(&message).unwrap();
        }
        if broker.is_finished() {
            break;
        }
    }
    let _peer = broker.join().expect("the scripted broker saw the expected packets");
    // Anything still in flight would have arrived by now.
    while let Some(event) = session.next_event(Duration::from_millis(200)) {
        assert!(!matches!(event, Event::Message(_)), "delivered again: {event:?}");
    }
    assert_eq!(delivered, 1);
}

fn publish(qos: QoS, pkid: u16, payload: Vec<u8>) -> Packet {
    let mut publish = Publish::new("frames", qos, payload);
    publish.pkid = pkid;
    Packet::Publish(publish)
}

/// Takes `count` messages, acknowledging each as PHP would after its callback.
fn take_messages(session: &mut Session, count: usize) -> Vec<(u8, Vec<u8>)> {
    let mut taken = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while taken.len() < count && Instant::now() < deadline {
        if let Some(Event::Message(message)) = session.next_event(Duration::from_millis(50)) {
            session.ack(&message).unwrap();
            taken.push((message.qos, message.payload.to_vec()));
        }
    }
    taken
}

#[test]
fn packets_in_awkward_framing_arrive_whole() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let big: Vec<u8> = (0..(1 << 20)).map(|i| (i % 251) as u8).collect();
    let expected_big = big.clone();
    let broker = std::thread::spawn(move || {
        let mut peer = Peer::accept(&listener, false);
        let set = |base: u16| {
            Peer::encode(&[
                publish(QoS::AtMostOnce, 0, b"q0".to_vec()),
                publish(QoS::AtLeastOnce, base, b"q1".to_vec()),
                publish(QoS::ExactlyOnce, base + 1, b"q2".to_vec()),
            ])
        };
        // Three packets in one write; then one byte per write; then split
        // in the middle of every fixed header.
        peer.send_in_pieces(&set(1), usize::MAX);
        peer.send_in_pieces(&set(3), 1);
        peer.send_in_pieces(&set(5), 3);
        // A 1 MiB payload in 1,000-byte writes.
        peer.send_in_pieces(&Peer::encode(&[publish(QoS::AtLeastOnce, 7, big)]), 1000);
        let mut acks = Vec::new();
        while acks.len() < 10 {
            match peer.receive() {
                Packet::PubAck(ack) => acks.push(("PUBACK", ack.pkid)),
                Packet::PubRec(rec) => {
                    acks.push(("PUBREC", rec.pkid));
                    peer.send(Packet::PubRel(PubRel::new(rec.pkid)));
                }
                Packet::PubComp(comp) => acks.push(("PUBCOMP", comp.pkid)),
                Packet::PingReq => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        acks
    });
    let mut session = Session::connect(SessionOptions::new("framing", "127.0.0.1", port)).unwrap();
    let taken = take_messages(&mut session, 10);
    let mut acks = broker.join().expect("the scripted broker got every ack");
    let small: Vec<(u8, &[u8])> = taken[..9].iter().map(|(qos, payload)| (*qos, payload.as_slice())).collect();
    assert_eq!(small, [(0, &b"q0"[..]), (1, b"q1"), (2, b"q2")].repeat(3));
    assert_eq!(taken[9], (1, expected_big));
    acks.sort();
    assert_eq!(
        acks,
        [
            ("PUBACK", 1),
            ("PUBACK", 3),
            ("PUBACK", 5),
            ("PUBACK", 7),
            ("PUBCOMP", 2),
            ("PUBCOMP", 4),
            ("PUBCOMP", 6),
            ("PUBREC", 2),
            ("PUBREC", 4),
            ("PUBREC", 6)
        ]
    );
}

#[test]
fn unacknowledged_publishes_are_sent_again_after_a_reconnect() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = std::thread::spawn(move || {
        let mut peer = Peer::accept(&listener, false);
        // QoS 1 and QoS 2 publishes arrive; the QoS 2 one gets its PUBREC,
        // then the connection breaks before either completes.
        let (Packet::Publish(first), Packet::Publish(second)) = (peer.receive(), peer.receive()) else { panic!("publishes expected") };
        assert_eq!((first.qos, first.dup, second.qos), (QoS::AtLeastOnce, false, QoS::ExactlyOnce));
        peer.send(Packet::PubRec(PubRec::new(second.pkid)));
        assert_eq!(peer.receive(), Packet::PubRel(PubRel::new(second.pkid)));
        drop(peer);
        // The broker kept the session: the QoS 1 publish comes again with
        // DUP set and its packet id, the QoS 2 one continues at PUBREL.
        let mut peer = Peer::accept(&listener, true);
        let mut seen = Vec::new();
        for _ in 0..2 {
            match peer.receive() {
                Packet::Publish(again) => {
                    assert_eq!((again.dup, again.pkid, &again.payload[..]), (true, first.pkid, &b"one"[..]));
                    seen.push("PUBLISH again");
                    peer.send(Packet::PubAck(PubAck::new(again.pkid)));
                }
                Packet::PubRel(rel) => {
                    assert_eq!(rel.pkid, second.pkid);
                    seen.push("PUBREL again");
                    peer.send(Packet::PubComp(PubComp::new(rel.pkid)));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        seen.sort();
        seen
    });
    let mut options = SessionOptions::new("resend", "127.0.0.1", port);
    options.clean_session = false;
    options.reconnect.delay = Duration::from_millis(50);
    let mut session = Session::connect(options).unwrap();
    session.publish(11, "out".into(), b"one".to_vec(), 1, false).unwrap();
    session.publish(12, "out".into(), b"two".to_vec(), 2, false).unwrap();
    let mut published = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while published.len() < 2 && Instant::now() < deadline {
        if let Some(Event::Published { mid, .. }) = session.next_event(Duration::from_millis(50)) {
            published.push(mid);
        }
    }
    assert_eq!(broker.join().expect("the scripted broker saw both resumed"), ["PUBLISH again", "PUBREL again"]);
    published.sort();
    assert_eq!(published, [11, 12], "each publish completes once, with the mid PHP was given");
}

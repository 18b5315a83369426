//! What no well-behaved mosquitto sends on cue, from a scripted broker: the
//! legal retransmissions of a QoS 2 flow (MQTT 3.1.1 section 4.3.3).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use mosquitto_core::{Event, Session, SessionOptions};
use rumqttc::mqttbytes::v4::{ConnAck, ConnectReturnCode, Packet, PubRec, PubRel, Publish};
use rumqttc::mqttbytes::QoS;

/// One side of the scripted conversation.
struct Peer {
    stream: TcpStream,
    buffer: BytesMut,
}

impl Peer {
    fn send(&mut self, packet: Packet) {
        let mut out = BytesMut::new();
        packet.write(&mut out, 1 << 20).unwrap();
        self.stream.write_all(&out).unwrap();
    }

    fn receive(&mut self) -> Packet {
        loop {
            match Packet::read(&mut self.buffer, 1 << 20) {
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
        assert!(matches!(peer.receive(), Packet::PubComp(comp) if comp.pkid == 7));
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

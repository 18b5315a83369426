//! The bytes on the wire, for either protocol. The session's state
//! (`rumqttc::v5::MqttState`) and the loop speak MQTT 5's packets
//! (`rumqttc::v5::mqttbytes`); on a 3.1.1 connection each packet goes through
//! rumqttc's 3.1.1 codec instead, converted here. MQTT 3.1.1's packets are
//! MQTT 5's without properties and reason codes, so the conversion only drops
//! or fills those in: one state machine serves both protocols.

use bytes::{Bytes, BytesMut};
use rumqttc::mqttbytes::v4;
use rumqttc::v5::mqttbytes::v5::{Packet, PingResp, PubAck, PubComp, PubRec, PubRel, Publish, SubAck, SubscribeReasonCode, UnsubAck};
use rumqttc::v5::mqttbytes::QoS;

/// Which MQTT the connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    V311,
    V5,
}

/// Why no packet could be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not all of the next packet is here yet.
    Incomplete,
    /// The next packet claims more bytes than we accept.
    TooLarge(usize),
    Malformed(String),
}

impl Protocol {
    /// The next complete packet in `buffer`, taken out of it.
    pub(crate) fn read(self, buffer: &mut BytesMut, max_size: usize) -> Result<Packet, ReadError> {
        match self {
            Protocol::V5 => {
                use rumqttc::v5::mqttbytes::Error;
                if let Some(disconnect) = short_disconnect(buffer) {
                    return Ok(disconnect);
                }
                let max = u32::try_from(max_size).unwrap_or(u32::MAX);
                match Packet::read(buffer, Some(max)) {
                    Ok(packet) => Ok(packet),
                    Err(Error::InsufficientBytes(_)) => Err(ReadError::Incomplete),
                    Err(Error::PayloadSizeLimitExceeded { pkt_size, .. }) => Err(ReadError::TooLarge(pkt_size)),
                    Err(error) => Err(ReadError::Malformed(error.to_string())),
                }
            }
            Protocol::V311 => {
                use rumqttc::mqttbytes::Error;
                match v4::Packet::read(buffer, max_size) {
                    Ok(packet) => from_v4(packet),
                    Err(Error::InsufficientBytes(_)) => Err(ReadError::Incomplete),
                    Err(Error::PayloadSizeLimitExceeded(size)) => Err(ReadError::TooLarge(size)),
                    Err(error) => Err(ReadError::Malformed(error.to_string())),
                }
            }
        }
    }

    /// Appends `packet` to `out`.
    pub(crate) fn write(self, packet: &Packet, out: &mut BytesMut, max_size: usize) -> Result<(), String> {
        match self {
            Protocol::V5 => {
                let max = u32::try_from(max_size).unwrap_or(u32::MAX);
                packet.write(out, Some(max)).map(drop).map_err(|e| e.to_string())
            }
            Protocol::V311 => to_v4(packet)?.write(out, max_size).map(drop).map_err(|e| e.to_string()),
        }
    }
}

/// A DISCONNECT of a reason code alone (`e0 01 rc`), which mosquitto sends
/// (a client kicked, a session taken over) and MQTT 5 allows (section
/// 3.14.2.2.1: no property length means no properties): rumqttc 0.25.1 reads a
/// property length anyway and waits for a byte that never comes.
fn short_disconnect(buffer: &mut BytesMut) -> Option<Packet> {
    use rumqttc::v5::mqttbytes::v5::{Disconnect, DisconnectReasonCode};
    if buffer.len() < 3 || buffer[0] != 0xE0 || buffer[1] != 1 {
        return None;
    }
    let reason_code = DisconnectReasonCode::try_from(buffer[2]).unwrap_or(DisconnectReasonCode::UnspecifiedError);
    let _ = buffer.split_to(3);
    Some(Packet::Disconnect(Disconnect { reason_code, properties: None }))
}

pub(crate) fn qos_to_v4(qos: QoS) -> rumqttc::QoS {
    match qos {
        QoS::AtMostOnce => rumqttc::QoS::AtMostOnce,
        QoS::AtLeastOnce => rumqttc::QoS::AtLeastOnce,
        QoS::ExactlyOnce => rumqttc::QoS::ExactlyOnce,
    }
}

pub(crate) fn qos_from_v4(qos: rumqttc::QoS) -> QoS {
    match qos {
        rumqttc::QoS::AtMostOnce => QoS::AtMostOnce,
        rumqttc::QoS::AtLeastOnce => QoS::AtLeastOnce,
        rumqttc::QoS::ExactlyOnce => QoS::ExactlyOnce,
    }
}

/// A packet we send, as 3.1.1 writes it (CONNECT is written by the handshake).
fn to_v4(packet: &Packet) -> Result<v4::Packet, String> {
    Ok(match packet {
        Packet::Publish(p) => {
            let topic = std::str::from_utf8(&p.topic).map_err(|e| e.to_string())?.to_string();
            v4::Packet::Publish(v4::Publish {
                dup: p.dup,
                qos: qos_to_v4(p.qos),
                retain: p.retain,
                topic,
                pkid: p.pkid,
                payload: p.payload.clone(),
            })
        }
        Packet::PubAck(ack) => v4::Packet::PubAck(v4::PubAck::new(ack.pkid)),
        Packet::PubRec(rec) => v4::Packet::PubRec(v4::PubRec::new(rec.pkid)),
        Packet::PubRel(rel) => v4::Packet::PubRel(v4::PubRel::new(rel.pkid)),
        Packet::PubComp(comp) => v4::Packet::PubComp(v4::PubComp::new(comp.pkid)),
        Packet::Subscribe(s) => v4::Packet::Subscribe(v4::Subscribe {
            pkid: s.pkid,
            filters: s.filters.iter().map(|f| v4::SubscribeFilter::new(f.path.clone(), qos_to_v4(f.qos))).collect(),
        }),
        Packet::Unsubscribe(u) => v4::Packet::Unsubscribe(v4::Unsubscribe { pkid: u.pkid, topics: u.filters.clone() }),
        Packet::PingReq(_) => v4::Packet::PingReq,
        Packet::Disconnect(_) => v4::Packet::Disconnect,
        other => return Err(format!("no 3.1.1 form for {other:?}")),
    })
}

/// A packet the broker sent over 3.1.1, as MQTT 5's (CONNACK is read by the handshake).
fn from_v4(packet: v4::Packet) -> Result<Packet, ReadError> {
    Ok(match packet {
        v4::Packet::Publish(p) => Packet::Publish(Publish {
            dup: p.dup,
            qos: qos_from_v4(p.qos),
            retain: p.retain,
            topic: Bytes::from(p.topic),
            pkid: p.pkid,
            payload: p.payload,
            properties: None,
        }),
        v4::Packet::PubAck(ack) => Packet::PubAck(PubAck::new(ack.pkid, None)),
        v4::Packet::PubRec(rec) => Packet::PubRec(PubRec::new(rec.pkid, None)),
        v4::Packet::PubRel(rel) => Packet::PubRel(PubRel::new(rel.pkid, None)),
        v4::Packet::PubComp(comp) => Packet::PubComp(PubComp::new(comp.pkid, None)),
        v4::Packet::SubAck(ack) => Packet::SubAck(SubAck {
            pkid: ack.pkid,
            return_codes: ack
                .return_codes
                .into_iter()
                .map(|code| match code {
                    v4::SubscribeReasonCode::Success(qos) => SubscribeReasonCode::Success(qos_from_v4(qos)),
                    v4::SubscribeReasonCode::Failure => SubscribeReasonCode::Failure,
                })
                .collect(),
            properties: None,
        }),
        v4::Packet::UnsubAck(ack) => Packet::UnsubAck(UnsubAck { pkid: ack.pkid, reasons: Vec::new(), properties: None }),
        v4::Packet::PingResp => Packet::PingResp(PingResp),
        other => return Err(ReadError::Malformed(format!("unexpected packet from the broker: {other:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every packet the loop sends reads back the same through 3.1.1's codec
    /// (what the broker sees), and every packet it receives arrives whole.
    #[test]
    fn packets_survive_the_3_1_1_codec() {
        let mut publish = Publish::new("t/1", QoS::AtLeastOnce, &b"payload"[..], None);
        publish.pkid = 7;
        publish.dup = true;
        let packets = [
            Packet::Publish(publish),
            Packet::PubAck(PubAck::new(7, None)),
            Packet::PubRec(PubRec::new(8, None)),
            Packet::PubRel(PubRel::new(9, None)),
            Packet::PubComp(PubComp::new(10, None)),
            Packet::PingResp(PingResp),
        ];
        for packet in packets {
            let mut out = BytesMut::new();
            // The broker's direction has the same shapes for these.
            if !matches!(packet, Packet::PingResp(_)) {
                Protocol::V311.write(&packet, &mut out, 1 << 20).unwrap();
            } else {
                v4::Packet::PingResp.write(&mut out, 16).unwrap();
            }
            let read = Protocol::V311.read(&mut out, 1 << 20).unwrap();
            assert_eq!(read, packet);
            assert!(out.is_empty());
        }
    }

    #[test]
    fn a_disconnect_with_a_reason_code_alone_is_read() {
        let mut buffer = BytesMut::from(&[0xE0, 0x01, 0x98, 0xD0, 0x00][..]);
        let Ok(Packet::Disconnect(disconnect)) = Protocol::V5.read(&mut buffer, 100) else { panic!("not read") };
        assert_eq!(disconnect.reason_code as u8, 0x98);
        // The next packet (a PINGRESP) is still there.
        assert_eq!(&buffer[..], &[0xD0, 0x00]);
    }

    #[test]
    fn partial_and_oversized_packets() {
        let mut out = BytesMut::new();
        Protocol::V5.write(&Packet::PubAck(PubAck::new(1, None)), &mut out, 100).unwrap();
        let mut half = out.split_to(2);
        assert!(matches!(Protocol::V5.read(&mut half, 100), Err(ReadError::Incomplete)));
        let mut big = BytesMut::new();
        let publish = Publish::new("t", QoS::AtMostOnce, vec![0u8; 200], None);
        Protocol::V5.write(&Packet::Publish(publish), &mut big, 1000).unwrap();
        assert!(matches!(Protocol::V5.read(&mut big, 100), Err(ReadError::TooLarge(_))));
        assert!(matches!(Protocol::V311.read(&mut big, 100), Err(ReadError::TooLarge(_))));
    }
}

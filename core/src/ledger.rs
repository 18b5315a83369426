//! Message-id bookkeeping. `publish()`/`subscribe()` must hand PHP a mid at once,
//! but rumqttc picks packet ids only when a request reaches its event loop. So
//! the PHP thread numbers each request itself and queues a [`Tracked`] entry
//! just before the request; rumqttc handles requests in order, so each outgoing
//! packet event takes the next entry, and the packet id it carries is mapped
//! back to our mid when its acknowledgement comes in.
//!
//! The maps are kept per packet kind: rumqttc does not check SUBSCRIBE ids
//! against in-flight PUBLISH ids (its issue #1057), and a PUBACK can never be
//! confused with a SUBACK, so a shared id is harmless here.

use std::collections::{HashMap, VecDeque};

use rumqttc::{Outgoing, Packet, SubscribeReasonCode};

use crate::event::Event;

/// One request the PHP thread sent, in the order it sent them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tracked {
    Publish { mid: u16 },
    Subscribe { mid: u16, filter: String, qos: u8 },
    Unsubscribe { mid: u16, filter: String },
}

#[derive(Debug)]
pub(crate) struct Ledger {
    /// Requests the I/O thread queued itself (resubscribes after a reconnect).
    /// They go out before anything the PHP thread sent, so they are matched first.
    internal: VecDeque<Tracked>,
    from_php: flume::Receiver<Tracked>,
    publishes: HashMap<u16, u16>,
    subscribes: HashMap<u16, u16>,
    unsubscribes: HashMap<u16, u16>,
    /// A publish rumqttc holds back because its packet id was still in flight.
    collided: Option<(u16, u16)>,
    /// Active subscriptions, restored when a reconnect finds no session.
    subscriptions: Vec<(String, u8)>,
}

impl Ledger {
    pub(crate) fn new(from_php: flume::Receiver<Tracked>) -> Self {
        Ledger {
            internal: VecDeque::new(),
            from_php,
            publishes: HashMap::new(),
            subscribes: HashMap::new(),
            unsubscribes: HashMap::new(),
            collided: None,
            subscriptions: Vec::new(),
        }
    }

    fn next(&mut self) -> Option<Tracked> {
        self.internal.pop_front().or_else(|| self.from_php.try_recv().ok())
    }

    fn next_mid(&mut self) -> u16 {
        match self.next() {
            Some(Tracked::Publish { mid } | Tracked::Subscribe { mid, .. } | Tracked::Unsubscribe { mid, .. }) => mid,
            None => 0,
        }
    }

    /// Subscriptions to send again on a connection that has no session, each
    /// tracked as an internal request.
    pub(crate) fn resubscribe(&mut self) -> Vec<(String, u8)> {
        for (filter, qos) in &self.subscriptions {
            self.internal.push_back(Tracked::Subscribe { mid: 0, filter: filter.clone(), qos: *qos });
        }
        self.subscriptions.clone()
    }

    /// The mid of an in-flight publish that will never be acknowledged (its PUBREL
    /// belonged to a session the broker no longer has; the broker had the message).
    pub(crate) fn forget_publish(&mut self, pkid: u16) -> Option<Event> {
        self.publishes.remove(&pkid).map(|mid| Event::Published { mid })
    }

    /// A packet rumqttc wrote (or held back).
    pub(crate) fn on_outgoing(&mut self, outgoing: &Outgoing) -> Option<Event> {
        match *outgoing {
            // QoS 0: onPublish already ran inside publish() on the PHP thread (as
            // libmosquitto calls it inside mosquitto_publish()); only the mid is consumed.
            Outgoing::Publish(0) => {
                self.next_mid();
                None
            }
            Outgoing::Publish(pkid) => {
                match self.collided {
                    Some((held, mid)) if held == pkid => {
                        self.collided = None;
                        self.publishes.insert(pkid, mid);
                    }
                    // Already known: a retransmission after a reconnect.
                    _ if self.publishes.contains_key(&pkid) => {}
                    _ => {
                        let mid = self.next_mid();
                        self.publishes.insert(pkid, mid);
                    }
                }
                None
            }
            Outgoing::AwaitAck(pkid) => {
                let mid = self.next_mid();
                self.collided = Some((pkid, mid));
                None
            }
            Outgoing::Subscribe(pkid) => {
                if let Some(Tracked::Subscribe { mid, filter, qos }) = self.next() {
                    match self.subscriptions.iter_mut().find(|(f, _)| *f == filter) {
                        Some(existing) => existing.1 = qos,
                        None => self.subscriptions.push((filter, qos)),
                    }
                    self.subscribes.insert(pkid, mid);
                }
                None
            }
            Outgoing::Unsubscribe(pkid) => {
                if let Some(Tracked::Unsubscribe { mid, filter }) = self.next() {
                    self.subscriptions.retain(|(f, _)| *f != filter);
                    self.unsubscribes.insert(pkid, mid);
                }
                None
            }
            _ => None,
        }
    }

    /// An acknowledgement from the broker for something we sent.
    pub(crate) fn on_incoming(&mut self, packet: &Packet) -> Option<Event> {
        match packet {
            Packet::PubAck(ack) => self.publishes.remove(&ack.pkid).map(|mid| Event::Published { mid }),
            Packet::PubComp(comp) => self.publishes.remove(&comp.pkid).map(|mid| Event::Published { mid }),
            Packet::SubAck(ack) => {
                let mid = self.subscribes.remove(&ack.pkid)?;
                // Internal resubscribes carry mid 0: PHP never asked for them.
                (mid != 0).then(|| Event::Subscribed {
                    mid,
                    granted: ack
                        .return_codes
                        .iter()
                        .map(|code| match code {
                            SubscribeReasonCode::Success(qos) => *qos as u8,
                            SubscribeReasonCode::Failure => 0x80,
                        })
                        .collect(),
                })
            }
            Packet::UnsubAck(ack) => self.unsubscribes.remove(&ack.pkid).map(|mid| Event::Unsubscribed { mid }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rumqttc::{PubAck, QoS, SubAck};

    fn ledger_with(entries: Vec<Tracked>) -> Ledger {
        let (tx, rx) = flume::unbounded();
        for entry in entries {
            tx.send(entry).unwrap();
        }
        Ledger::new(rx)
    }

    #[test]
    fn mids_follow_request_order() {
        let mut ledger = ledger_with(vec![
            Tracked::Publish { mid: 1 },
            Tracked::Subscribe { mid: 2, filter: "a".into(), qos: 1 },
            Tracked::Publish { mid: 3 },
        ]);
        assert_eq!(ledger.on_outgoing(&Outgoing::Publish(0)), None);
        assert_eq!(ledger.on_outgoing(&Outgoing::Subscribe(1)), None);
        assert_eq!(ledger.on_outgoing(&Outgoing::Publish(2)), None);
        // SUBSCRIBE and PUBLISH may share a packet id without confusion.
        let suback = Packet::SubAck(SubAck::new(1, vec![SubscribeReasonCode::Success(QoS::AtLeastOnce)]));
        assert_eq!(ledger.on_incoming(&suback), Some(Event::Subscribed { mid: 2, granted: vec![1] }));
        assert_eq!(ledger.on_incoming(&Packet::PubAck(PubAck::new(2))), Some(Event::Published { mid: 3 }));
        assert_eq!(ledger.resubscribe(), vec![("a".to_string(), 1)]);
    }

    #[test]
    fn retransmissions_and_collisions_keep_their_mid() {
        let mut ledger = ledger_with(vec![Tracked::Publish { mid: 7 }, Tracked::Publish { mid: 8 }]);
        ledger.on_outgoing(&Outgoing::Publish(5));
        // Reconnected: the same packet goes out again and must not take mid 8.
        ledger.on_outgoing(&Outgoing::Publish(5));
        // The next publish gets id 5 too while 5 is in flight: rumqttc holds it back.
        ledger.on_outgoing(&Outgoing::AwaitAck(5));
        assert_eq!(ledger.on_incoming(&Packet::PubAck(PubAck::new(5))), Some(Event::Published { mid: 7 }));
        ledger.on_outgoing(&Outgoing::Publish(5));
        assert_eq!(ledger.on_incoming(&Packet::PubAck(PubAck::new(5))), Some(Event::Published { mid: 8 }));
    }
}

//! Message-id bookkeeping, as pure state (no I/O; unit-tested below).
//!
//! `publish()`/`subscribe()` must hand PHP a mid at once, but packet ids come
//! from rumqttc's `MqttState` only when the I/O thread turns the request into
//! a packet, and they are confined to the in-flight window. So the PHP thread
//! numbers requests itself, each request carries its mid to the I/O thread,
//! and the ledger maps the packet id of every packet written back to that mid
//! when its acknowledgement comes in.
//!
//! The maps are kept per packet kind: `MqttState` does not check SUBSCRIBE ids
//! against in-flight PUBLISH ids (rumqttc #1057), and a PUBACK can never be
//! confused with a SUBACK, so a shared id is harmless here.

use std::collections::HashMap;

use crate::properties::SubscribeOptions;

/// A subscription as made, to be made again after a reconnect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subscription {
    pub(crate) filter: String,
    pub(crate) qos: u8,
    pub(crate) options: SubscribeOptions,
}

#[derive(Debug, Default)]
pub(crate) struct Ledger {
    publishes: HashMap<u16, u16>,
    subscribes: HashMap<u16, u16>,
    unsubscribes: HashMap<u16, u16>,
    /// The mid of the publish `MqttState` holds back because its packet id is
    /// still in flight (`state.collision`); it goes out when that id is acked.
    collided: Option<u16>,
    /// Active subscriptions in the order made, restored after every reconnect.
    subscriptions: Vec<Subscription>,
}

impl Ledger {
    /// A QoS 1/2 publish went out with `pkid`. A retransmission keeps the mid
    /// it had; the first transmission of a held-back publish takes its mid.
    pub(crate) fn published(&mut self, pkid: u16, mid: Option<u16>) {
        if let Some(mid) = mid {
            self.publishes.insert(pkid, mid);
        } else if let Some(mid) = self.collided.take() {
            self.publishes.insert(pkid, mid);
        }
    }

    /// `MqttState` held a publish back; it is sent when its id is acknowledged.
    pub(crate) fn held_back(&mut self, mid: u16) {
        self.collided = Some(mid);
    }

    pub(crate) fn has_held_back(&self) -> bool {
        self.collided.is_some()
    }

    /// The mid of an outgoing publish, if the packet id is in flight.
    pub(crate) fn publish_mid(&self, pkid: u16) -> Option<u16> {
        self.publishes.get(&pkid).copied()
    }

    /// PUBACK (QoS 1) or PUBCOMP (QoS 2): the publish is complete; its mid.
    pub(crate) fn publish_done(&mut self, pkid: u16) -> Option<u16> {
        self.publishes.remove(&pkid)
    }

    /// A publish given up (never acknowledged): its mid is forgotten, no event.
    pub(crate) fn give_up(&mut self, pkid: u16) -> Option<u16> {
        self.publishes.remove(&pkid)
    }

    /// A SUBSCRIBE went out; mid 0 marks our own resubscription.
    pub(crate) fn subscribing(&mut self, pkid: u16, mid: u16, subscription: &Subscription) {
        match self.subscriptions.iter_mut().find(|s| s.filter == subscription.filter) {
            Some(existing) => *existing = subscription.clone(),
            None => self.subscriptions.push(subscription.clone()),
        }
        self.subscribes.insert(pkid, mid);
    }

    pub(crate) fn unsubscribing(&mut self, pkid: u16, mid: u16, filter: &str) {
        self.subscriptions.retain(|s| s.filter != filter);
        self.unsubscribes.insert(pkid, mid);
    }

    /// A SUBACK: the mid PHP knows it by. PHP never asked for our own
    /// resubscriptions, so it hears nothing of them (None).
    pub(crate) fn subscribed(&mut self, pkid: u16) -> Option<u16> {
        let mid = self.subscribes.remove(&pkid)?;
        (mid != 0).then_some(mid)
    }

    pub(crate) fn unsubscribed(&mut self, pkid: u16) -> Option<u16> {
        self.unsubscribes.remove(&pkid)
    }

    /// After a connection is lost: SUBACKs and UNSUBACKs of that connection
    /// never come. The subscriptions themselves are sent again.
    pub(crate) fn connection_lost(&mut self) {
        self.subscribes.clear();
        self.unsubscribes.clear();
    }

    pub(crate) fn subscriptions(&self) -> &[Subscription] {
        &self.subscriptions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(filter: &str, qos: u8) -> Subscription {
        Subscription { filter: filter.to_string(), qos, options: SubscribeOptions::default() }
    }

    #[test]
    fn acks_map_back_to_mids_per_packet_kind() {
        let mut ledger = Ledger::default();
        ledger.published(1, Some(10));
        ledger.subscribing(1, 11, &sub("a/#", 1));
        // SUBSCRIBE and PUBLISH may share a packet id without confusion.
        assert_eq!(ledger.subscribed(1), Some(11));
        assert_eq!(ledger.publish_done(1), Some(10));
        assert_eq!(ledger.publish_done(1), None);
        assert_eq!(ledger.subscriptions(), [sub("a/#", 1)]);
    }

    #[test]
    fn retransmissions_and_held_back_publishes_keep_their_mid() {
        let mut ledger = Ledger::default();
        ledger.published(5, Some(7));
        // The next publish drew id 5 while 5 was in flight: held back.
        ledger.held_back(8);
        // Reconnected: id 5 goes out again as a retransmission.
        ledger.published(5, ledger.publish_mid(5));
        assert_eq!(ledger.publish_done(5), Some(7));
        // Its PUBACK released the held-back publish, which now owns id 5.
        ledger.published(5, None);
        assert!(!ledger.has_held_back());
        assert_eq!(ledger.publish_done(5), Some(8));
    }

    #[test]
    fn resubscriptions_are_silent_and_unsubscribe_forgets() {
        let mut ledger = Ledger::default();
        ledger.subscribing(1, 3, &sub("t", 0));
        ledger.subscribing(2, 0, &sub("t", 2));
        assert_eq!(ledger.subscribed(2), None);
        assert_eq!(ledger.subscriptions(), [sub("t", 2)]);
        ledger.unsubscribing(3, 4, "t");
        assert!(ledger.subscriptions().is_empty());
        ledger.connection_lost();
        assert_eq!(ledger.unsubscribed(3), None);
    }
}

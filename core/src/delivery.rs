//! The delivery limit: at-least-once with a bound, as every queue that
//! redelivers has (RabbitMQ's `delivery-limit`, SQS's `maxReceiveCount`).
//! A QoS 1/2 message whose `onMessage` throws is delivered again; after
//! `limit` failed deliveries it is given up: acknowledged so the messages
//! behind it flow, reported, and dead-lettered. Pure state, no I/O: the PHP
//! layer asks and acts.

use crate::event::Message;

/// What to do with a message whose callback failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Deliver it again; it has failed `count` times.
    Retry { count: u32 },
    /// Acknowledge, report and dead-letter it after `count` failures.
    GiveUp { count: u32 },
}

/// What becomes of a delivered message once its callback ran: the
/// at-least-once rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    /// Processed: acknowledge it now (not before: a crash in the callback
    /// leaves it with the broker).
    Ack,
    /// Its QoS 1/2 callback failed: hand it to the callback again first thing.
    Redeliver { count: u32 },
    /// It failed for the `count`th time, the limit: acknowledge, report and
    /// dead-letter it so the messages behind it flow.
    GiveUp { count: u32 },
    /// A QoS 0 message whose callback failed: at most once, nothing to redo.
    Forget,
}

/// Counts the failures of the message being retried. Only one is retried at a
/// time (it comes first in the next `loop()`), so one counter suffices; a
/// message is known by its topic and packet id.
#[derive(Debug, Default)]
pub struct DeliveryCounter {
    failing: Option<(String, u16, u32)>,
}

impl DeliveryCounter {
    /// One more failed delivery of `message`; `limit` 0 means no limit.
    pub fn failed(&mut self, message: &Message, limit: u32) -> Verdict {
        let count = match &self.failing {
            Some((topic, pkid, count)) if *topic == message.topic && *pkid == message.pkid => count + 1,
            _ => 1,
        };
        if limit != 0 && count >= limit {
            self.failing = None;
            Verdict::GiveUp { count }
        } else {
            self.failing = Some((message.topic.clone(), message.pkid, count));
            Verdict::Retry { count }
        }
    }

    /// The message was processed: the count starts again.
    pub fn succeeded(&mut self) {
        self.failing = None;
    }

    /// What to do with `message` now that its callback returned (`processed`)
    /// or failed, under a delivery limit of `limit` (0: none).
    pub fn settle(&mut self, message: &Message, processed: bool, limit: u32) -> Settlement {
        if processed {
            self.succeeded();
            return Settlement::Ack;
        }
        if message.qos == 0 {
            return Settlement::Forget;
        }
        match self.failed(message, limit) {
            Verdict::Retry { count } => Settlement::Redeliver { count },
            Verdict::GiveUp { count } => Settlement::GiveUp { count },
        }
    }
}

/// What a given-up message is published to the dead-letter topic as: JSON with
/// its topic, its payload (as text when it is UTF-8, else base64 in
/// `payload_base64`), the last exception's message, the number of deliveries,
/// its mid and QoS.
pub fn dead_letter_payload(message: &Message, deliveries: u32, error: &str) -> Vec<u8> {
    let payload = match std::str::from_utf8(&message.payload) {
        Ok(text) => format!("\"payload\":{}", json_string(text)),
        Err(_) => format!("\"payload_base64\":\"{}\"", base64(&message.payload)),
    };
    format!(
        "{{\"topic\":{},{payload},\"error\":{},\"deliveries\":{deliveries},\"mid\":{},\"qos\":{}}}",
        json_string(&message.topic),
        json_string(error),
        message.pkid,
        message.qos
    )
    .into_bytes()
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn message(topic: &str, pkid: u16, payload: &'static [u8]) -> Message {
        Message { topic: topic.into(), payload: Bytes::from_static(payload), qos: 1, retain: false, pkid, connection: 1, properties: None }
    }

    #[test]
    fn gives_up_after_the_limit_and_counts_per_message() {
        let mut counter = DeliveryCounter::default();
        let poison = message("tasks", 7, b"x");
        assert_eq!(counter.failed(&poison, 3), Verdict::Retry { count: 1 });
        assert_eq!(counter.failed(&poison, 3), Verdict::Retry { count: 2 });
        assert_eq!(counter.failed(&poison, 3), Verdict::GiveUp { count: 3 });
        // Given up: the next failure of another message starts at 1.
        assert_eq!(counter.failed(&message("tasks", 8, b"y"), 3), Verdict::Retry { count: 1 });
        // A different message resets the count; so does a success.
        assert_eq!(counter.failed(&poison, 3), Verdict::Retry { count: 1 });
        counter.succeeded();
        assert_eq!(counter.failed(&poison, 3), Verdict::Retry { count: 1 });
    }

    #[test]
    fn settles_at_least_once() {
        let mut counter = DeliveryCounter::default();
        let task = message("tasks", 7, b"x");
        assert_eq!(counter.settle(&task, true, 3), Settlement::Ack);
        assert_eq!(counter.settle(&task, false, 3), Settlement::Redeliver { count: 1 });
        assert_eq!(counter.settle(&task, false, 3), Settlement::Redeliver { count: 2 });
        // Processed on the third delivery: acknowledged, and the count starts again.
        assert_eq!(counter.settle(&task, true, 3), Settlement::Ack);
        assert_eq!(counter.settle(&task, false, 3), Settlement::Redeliver { count: 1 });
        assert_eq!(counter.settle(&task, false, 3), Settlement::Redeliver { count: 2 });
        assert_eq!(counter.settle(&task, false, 3), Settlement::GiveUp { count: 3 });
        // QoS 0 is at most once: a failure is neither redelivered nor counted.
        let fire_and_forget = Message { qos: 0, pkid: 0, ..message("tasks", 0, b"y") };
        assert_eq!(counter.settle(&task, false, 3), Settlement::Redeliver { count: 1 });
        assert_eq!(counter.settle(&fire_and_forget, false, 3), Settlement::Forget);
        assert_eq!(counter.settle(&task, false, 3), Settlement::Redeliver { count: 2 });
    }

    #[test]
    fn limit_zero_retries_for_ever_and_one_never_retries() {
        let mut counter = DeliveryCounter::default();
        let poison = message("tasks", 7, b"x");
        for count in 1..100 {
            assert_eq!(counter.failed(&poison, 0), Verdict::Retry { count });
        }
        assert_eq!(DeliveryCounter::default().failed(&poison, 1), Verdict::GiveUp { count: 1 });
    }

    #[test]
    fn dead_letters_are_json_with_text_or_base64_payloads() {
        let text = dead_letter_payload(&message("a/\"b\"", 3, b"caf\xc3\xa9\n"), 5, "bad \\ input\t\u{1}");
        assert_eq!(
            String::from_utf8(text).unwrap(),
            r#"{"topic":"a/\"b\"","payload":"café\n","error":"bad \\ input\t\u0001","deliveries":5,"mid":3,"qos":1}"#
        );
        let binary = dead_letter_payload(&message("t", 4, b"\xff\x00ab"), 2, "");
        assert_eq!(
            String::from_utf8(binary).unwrap(),
            r#"{"topic":"t","payload_base64":"/wBhYg==","error":"","deliveries":2,"mid":4,"qos":1}"#
        );
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b""), "");
    }
}

//! What a session is asked to do, as plain data. The PHP layer fills this in
//! from `Mosquitto\Client`'s setters; the session turns it into rumqttc options.

use std::time::Duration;

use rumqttc::v5::mqttbytes::v5::LastWillProperties;

use crate::brokers::{self, Broker};
use crate::error::MqttError;
use crate::tls::TlsOptions;
use crate::topic;

/// MQTT allows at most 268,435,455 bytes of remaining length in a packet.
pub const MAX_PACKET_SIZE: usize = 268_435_455;

/// The longest string MQTT can carry: its length goes on the wire in 16 bits,
/// so a longer one would be written with a wrapped length (a malformed packet
/// whose tail the broker reads as the next fields). libmosquitto refuses it.
pub const MAX_STRING: usize = 65_535;

/// The largest payload libmosquitto accepts (`MQTT_MAX_PAYLOAD`).
pub const MAX_PAYLOAD: usize = 268_435_455;

/// The will message the broker publishes if the connection ends uncleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Will {
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: u8,
    pub retain: bool,
    /// MQTT 5 only: the will delay and the publish properties.
    pub properties: Option<LastWillProperties>,
}

impl Will {
    /// What libmosquitto's `mosquitto_will_set()` refuses: a topic that is not
    /// a valid topic name, a QoS above 2, and (for CONNECT's 16-bit lengths) a
    /// topic or payload over [`MAX_STRING`] bytes.
    pub fn check(&self) -> Result<(), MqttError> {
        if !topic::is_valid_topic(&self.topic) || self.qos > 2 || self.topic.len() > MAX_STRING || self.payload.len() > MAX_STRING {
            return Err(MqttError::InvalidArguments);
        }
        Ok(())
    }
}

/// How long to wait between reconnect attempts, as `mosquitto_reconnect_delay_set()`
/// describes: `delay`, growing (linearly, or doubling when `exponential`) up to `max_delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReconnectPolicy {
    pub delay: Duration,
    pub max_delay: Duration,
    pub exponential: bool,
}

impl Default for ReconnectPolicy {
    /// One second, backing off exponentially to 30 seconds: quick after a broker
    /// restart, gentle on a broker that stays down.
    fn default() -> Self {
        ReconnectPolicy { delay: Duration::from_secs(1), max_delay: Duration::from_secs(30), exponential: true }
    }
}

impl ReconnectPolicy {
    /// The wait before reconnect attempt number `attempt` (0 for the first).
    pub fn delay_for(&self, attempt: u32) -> Duration {
        let max = self.max_delay.max(self.delay);
        let grown = if self.exponential {
            self.delay.saturating_mul(1u32 << attempt.min(16))
        } else {
            self.delay.saturating_mul(attempt.saturating_add(1))
        };
        grown.min(max)
    }
}

/// MQTT 5's CONNECT properties (`setSessionExpiryInterval()` and the like);
/// None leaves each to the protocol's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectSettings {
    /// Seconds the broker keeps the session after the connection ends. Unset
    /// with a persistent session (clean session off) it is "never expires",
    /// which is what a persistent session meant on 3.1.1.
    pub session_expiry_interval: Option<u32>,
    /// QoS 1/2 messages the broker may send us unacknowledged at once: a
    /// worker with 1 holds one task at a time (we acknowledge after the callback).
    pub receive_maximum: Option<u16>,
    /// The largest packet we accept; the broker drops larger messages for us.
    pub maximum_packet_size: Option<u32>,
    /// Topic aliases the broker may use towards us (resolved inside).
    pub topic_alias_maximum: Option<u16>,
    pub request_problem_information: Option<bool>,
}

/// Everything needed to open a session with a broker.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// 4 (MQTT 3.1.1) or 5.
    pub protocol_version: u8,
    /// MQTT 5's CONNECT properties (ignored on 3.1.1).
    pub mqtt5: ConnectSettings,
    /// Empty means "let the broker assign one" (MQTT 3.1.1 allows it with a clean session).
    pub client_id: String,
    pub clean_session: bool,
    pub host: String,
    pub port: u16,
    /// Seconds; 0 turns keepalive off.
    pub keepalive: u16,
    pub credentials: Option<(String, String)>,
    pub will: Option<Will>,
    pub reconnect: ReconnectPolicy,
    /// Reconnect by ourselves after a lost connection (Mosquitto-PHP never did).
    pub auto_reconnect: bool,
    /// Outgoing QoS 1/2 publishes awaiting their acknowledgement at once.
    pub max_inflight: u16,
    pub connect_timeout: Duration,
    /// How long `disconnect()` and the end of the script wait for queued
    /// publishes to be written and QoS 1/2 ones to be acknowledged.
    pub flush_timeout: Duration,
    /// Received messages waiting for `loop()` before the I/O thread stops
    /// reading the socket, so a slow worker leaves the backlog in the broker
    /// (TCP back-pressure, as libmosquitto reading only inside `loop()`).
    pub max_buffered_messages: usize,
    /// The same bound in bytes of topic and payload.
    pub max_buffered_bytes: usize,
    /// Requests (publishes, subscribes) queued for the broker before
    /// `publish()` has to wait for room: while the broker is away or slow.
    pub max_queued_messages: usize,
    /// The same bound in bytes of topic and payload.
    pub max_queued_bytes: usize,
    /// The largest packet accepted from the broker. A larger one ends the
    /// connection with a log line (libmosquitto's oversize handling) instead of
    /// being buffered: a 5-byte header may claim 256 MiB.
    pub max_incoming_packet: usize,
    /// Present and enabled (a CA or a PSK): connect over TLS.
    pub tls: Option<TlsOptions>,
    /// The local address to connect from (`connect()`'s `$interface`).
    pub bind_address: Option<std::net::IpAddr>,
    /// Produce `Event::Log` lines from the start (PHP has an `onLog` callback).
    pub logging: bool,
    /// Produce `Event::Published` (PHP has an `onPublish` callback).
    pub publish_events: bool,
}

impl SessionOptions {
    pub fn new(client_id: impl Into<String>, host: impl Into<String>, port: u16) -> Self {
        SessionOptions {
            protocol_version: 4,
            mqtt5: ConnectSettings::default(),
            client_id: client_id.into(),
            clean_session: true,
            host: host.into(),
            port,
            keepalive: 60,
            credentials: None,
            will: None,
            reconnect: ReconnectPolicy::default(),
            auto_reconnect: true,
            // libmosquitto's default (so Mosquitto-PHP's): a larger window makes
            // a broker with a message quota refuse publishes (rc 151) and drop us.
            max_inflight: 20,
            connect_timeout: Duration::from_secs(10),
            flush_timeout: Duration::from_secs(1),
            max_buffered_messages: 1000,
            max_buffered_bytes: 16 << 20,
            max_incoming_packet: 64 << 20,
            max_queued_messages: 4096,
            max_queued_bytes: 64 << 20,
            tls: None,
            bind_address: None,
            logging: false,
            publish_events: true,
        }
    }

    /// The brokers to try, in order: `host` is one host (Mosquitto-PHP) or a
    /// comma-separated list (see [`crate::brokers`]).
    pub fn brokers(&self) -> Result<Vec<Broker>, MqttError> {
        brokers::parse(&self.host, self.port)
    }

    /// The checks libmosquitto makes in `mosquitto_connect()` and `mosquitto_will_set()`.
    pub fn validate(&self) -> Result<(), MqttError> {
        if self.host.is_empty() {
            return Err(MqttError::Lookup { host: String::new() });
        }
        if self.port == 0 {
            return Err(MqttError::InvalidArguments);
        }
        self.brokers()?;
        if (1..5).contains(&self.keepalive) {
            return Err(MqttError::InvalidArguments);
        }
        if self.client_id.is_empty() && !self.clean_session {
            return Err(MqttError::InvalidArguments);
        }
        if let Some(will) = &self.will {
            will.check()?;
            if will.properties.is_some() && self.protocol_version != 5 {
                return Err(MqttError::NeedsMqtt5("will properties"));
            }
        }
        // The other length-prefixed fields of CONNECT.
        let mut fields = vec![self.client_id.len()];
        if let Some((user, password)) = &self.credentials {
            fields.extend([user.len(), password.len()]);
        }
        if fields.into_iter().any(|len| len > MAX_STRING) {
            return Err(MqttError::InvalidArguments);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnect_delays() {
        let policy = ReconnectPolicy { delay: Duration::from_secs(1), max_delay: Duration::from_secs(10), exponential: true };
        let waits: Vec<u64> = (0..6).map(|a| policy.delay_for(a).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 10, 10]);
        let linear = ReconnectPolicy { exponential: false, ..policy };
        assert_eq!(linear.delay_for(2).as_secs(), 3);
        let fixed = ReconnectPolicy { delay: Duration::from_secs(2), max_delay: Duration::ZERO, exponential: false };
        assert_eq!(fixed.delay_for(5).as_secs(), 2);
    }

    #[test]
    fn validation_matches_libmosquitto() {
        let ok = SessionOptions::new("id", "localhost", 1883);
        assert_eq!(ok.validate(), Ok(()));
        let keepalive = SessionOptions { keepalive: 3, ..ok.clone() };
        assert_eq!(keepalive.validate(), Err(MqttError::InvalidArguments));
        let port = SessionOptions { port: 0, ..ok.clone() };
        assert_eq!(port.validate(), Err(MqttError::InvalidArguments));
        let anonymous_persistent = SessionOptions { client_id: String::new(), clean_session: false, ..ok.clone() };
        assert_eq!(anonymous_persistent.validate(), Err(MqttError::InvalidArguments));
    }

    #[test]
    fn connect_fields_fit_their_16_bit_lengths() {
        let ok = SessionOptions::new("id", "localhost", 1883);
        let at = |n: usize| "x".repeat(n);
        let id = |n| SessionOptions { client_id: at(n), ..ok.clone() };
        assert_eq!(id(MAX_STRING).validate(), Ok(()));
        assert_eq!(id(MAX_STRING + 1).validate(), Err(MqttError::InvalidArguments));
        let login = |u, p| SessionOptions { credentials: Some((at(u), at(p))), ..ok.clone() };
        assert_eq!(login(MAX_STRING, MAX_STRING).validate(), Ok(()));
        assert_eq!(login(MAX_STRING + 1, 1).validate(), Err(MqttError::InvalidArguments));
        assert_eq!(login(1, MAX_STRING + 1).validate(), Err(MqttError::InvalidArguments));
        let will = |t, p| SessionOptions {
            will: Some(Will { topic: at(t), payload: at(p).into_bytes(), qos: 0, retain: false, properties: None }),
            ..ok.clone()
        };
        assert_eq!(will(MAX_STRING, MAX_STRING).validate(), Ok(()));
        assert_eq!(will(MAX_STRING + 1, 1).validate(), Err(MqttError::InvalidArguments));
        assert_eq!(will(1, MAX_STRING + 1).validate(), Err(MqttError::InvalidArguments));
    }
}

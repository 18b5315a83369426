//! What the I/O thread tells the PHP thread, in the order it happened.

use bytes::Bytes;
use rumqttc::v5::mqttbytes::v5::PublishProperties;

use crate::properties::PropertyList;

/// A message the broker delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub topic: String,
    pub payload: Bytes,
    pub qos: u8,
    pub retain: bool,
    /// Packet id, 0 for QoS 0. Mosquitto-PHP shows it as `$message->mid`.
    pub pkid: u16,
    /// Which connection of the session it arrived on: an acknowledgement is only
    /// valid on that same connection.
    pub connection: u32,
    /// Its MQTT 5 properties (None on 3.1.1, or when it had none).
    pub properties: Option<Box<PublishProperties>>,
}

impl Message {
    /// What the message holds in memory, for the inbound bound.
    pub fn size(&self) -> usize {
        self.topic.len() + self.payload.len()
    }
}

/// libmosquitto's log levels (`MOSQ_LOG_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Info = 1,
    Notice = 2,
    Warning = 4,
    Err = 8,
    Debug = 16,
}

/// What an MQTT 5 broker said with a CONNACK, SUBACK, UNSUBACK, PUBACK,
/// PUBCOMP or DISCONNECT, for the callbacks' trailing arguments. None on 3.1.1,
/// whose packets say nothing of the kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The reason code (for a SUBACK, the first filter's).
    pub code: u8,
    pub reason_string: Option<String>,
    pub properties: PropertyList,
}

impl Reply {
    pub(crate) fn new(code: u8, reason_string: Option<String>, properties: PropertyList) -> Option<Box<Reply>> {
        Some(Box::new(Reply { code, reason_string, properties }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A CONNACK arrived; `rc` is its return code (0 = accepted).
    Connected {
        rc: u8,
        session_present: bool,
        reply: Option<Box<Reply>>,
    },
    /// The connection ended: `rc` 0 when we asked for it, 7 (MOSQ_ERR_CONN_LOST)
    /// when it broke; `reply` holds an MQTT 5 broker's DISCONNECT reason.
    Disconnected {
        rc: i32,
        reply: Option<Box<Reply>>,
    },
    /// The connection broke and automatic reconnect is off: the session is over.
    ConnectionLost,
    Message(Message),
    /// A QoS 1/2 publish finished: PUBACK (QoS 1) or PUBCOMP (QoS 2). QoS 0 has
    /// none: the PHP layer fires `onPublish` inside `publish()`, as libmosquitto does.
    Published {
        mid: u16,
        reply: Option<Box<Reply>>,
    },
    /// A SUBACK: granted QoS per filter, 0x80 (3.1.1) or the MQTT 5 reason
    /// code (0x80 and up) for a refused one.
    Subscribed {
        mid: u16,
        granted: Vec<u8>,
        reply: Option<Box<Reply>>,
    },
    Unsubscribed {
        mid: u16,
        reply: Option<Box<Reply>>,
    },
    /// A line for `onLog`, worded like libmosquitto's.
    Log {
        level: LogLevel,
        text: String,
    },
}

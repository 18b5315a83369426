//! One error type for the core. Its `Display` texts are libmosquitto's
//! `mosquitto_strerror()` strings wherever libmosquitto has one, because PHP
//! scripts written for Mosquitto-PHP match on them.

use std::fmt;

/// Why an MQTT operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MqttError {
    /// MOSQ_ERR_INVAL: an argument is out of range or malformed.
    InvalidArguments,
    /// MOSQ_ERR_INVAL, with what exactly is wrong (a file, a key, a cipher list).
    BadArgument(String),
    /// MOSQ_ERR_NO_CONN: the operation needs a connection and there is none.
    NotConnected,
    /// MOSQ_ERR_CONN_REFUSED seen on a CONNACK: the broker answered with `code` (1..=5).
    ConnackRefused(u8),
    /// MOSQ_ERR_CONN_LOST: an established connection broke.
    ConnectionLost,
    /// MOSQ_ERR_EAI: the host name did not resolve.
    Lookup { host: String },
    /// MOSQ_ERR_ERRNO at connect time, e.g. "Connection refused" for a closed port.
    /// libmosquitto's text is `strerror(errno)`; we add where we were going.
    Io { message: String, address: String },
    /// A broker list (`"host1:1883,host2:1884"`) where no broker accepted us:
    /// each one with its reason.
    NoBroker(String),
    /// No CONNACK within the connection timeout.
    Timeout { address: String },
    /// MOSQ_ERR_PROTOCOL: the broker sent something MQTT 3.1.1 does not allow.
    Protocol(String),
    /// MOSQ_ERR_TLS.
    Tls(String),
    /// MOSQ_ERR_TLS_HANDSHAKE: the peer broke off while we spoke TLS (e.g. a plain MQTT port).
    TlsHandshake(String),
    /// MOSQ_ERR_NOT_SUPPORTED.
    NotSupported,
    /// MOSQ_ERR_PAYLOAD_SIZE: over MQTT's 268,435,455 bytes.
    PayloadTooLarge,
    /// MOSQ_ERR_MALFORMED_UTF8: a topic that is not valid UTF-8 (or holds NUL).
    MalformedUtf8,
    /// The process forked after connecting: the I/O thread lives only in the parent.
    Forked,
    /// MOSQ_ERR_OVERSIZE_PACKET: over the MQTT 5 broker's maximum packet size.
    OversizePacket,
    /// MQTT 5 properties or options on a 3.1.1 client (libmosquitto's
    /// MOSQ_ERR_NOT_SUPPORTED); names what was given.
    NeedsMqtt5(&'static str),
    /// An MQTT 5 CONNACK refused us: its reason code and reason string.
    Refused { code: u8, reason: Option<String> },
    /// The outgoing queue stayed full for as long as a call may wait.
    QueueFull,
}

/// The text libmosquitto (and so Mosquitto-PHP) gives for a CONNACK return code.
pub fn connack_message(code: u8) -> &'static str {
    match code {
        0 => "Connection Accepted.",
        1 => "Connection Refused: unacceptable protocol version.",
        2 => "Connection Refused: identifier rejected.",
        3 => "Connection Refused: broker unavailable.",
        4 => "Connection Refused: bad user name or password.",
        5 => "Connection Refused: not authorised.",
        _ => "Connection Refused: unknown reason.",
    }
}

impl fmt::Display for MqttError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MqttError::InvalidArguments => f.write_str("Invalid function arguments provided."),
            MqttError::BadArgument(detail) => write!(f, "Invalid function arguments provided. ({detail})"),
            MqttError::NotConnected => f.write_str("The client is not currently connected."),
            MqttError::ConnackRefused(code) => f.write_str(connack_message(*code)),
            MqttError::ConnectionLost => f.write_str("The connection was lost."),
            // Kept exact: Mosquitto-PHP scripts and tests compare this text.
            MqttError::Lookup { .. } => f.write_str("Lookup error."),
            MqttError::Io { message, address } => write!(f, "{message} ({address})"),
            MqttError::NoBroker(list) => write!(f, "Could not connect to any broker of the list: {list}"),
            MqttError::Timeout { address } => {
                write!(f, "Connection timed out waiting for CONNACK ({address})")
            }
            MqttError::Protocol(detail) => write!(f, "A network protocol error occurred when communicating with the broker. ({detail})"),
            MqttError::Tls(detail) => write!(f, "A TLS error occurred. ({detail})"),
            MqttError::TlsHandshake(detail) => write!(f, "TLS handshake failed. ({detail})"),
            MqttError::NotSupported => f.write_str("This feature is not supported."),
            MqttError::PayloadTooLarge => f.write_str("Payload too large."),
            MqttError::MalformedUtf8 => f.write_str("Malformed UTF-8"),
            MqttError::OversizePacket => f.write_str("Packet larger than supported by the server."),
            MqttError::NeedsMqtt5(what) => {
                write!(f, "This feature is not supported. ({what} need MQTT 5: setProtocolVersion(Mosquitto\\ProtocolVersion::V5))")
            }
            MqttError::Refused { code, reason } => match reason {
                Some(reason) => write!(f, "Connection Refused: {reason} (reason code {code})."),
                None => write!(f, "Connection Refused: {} (reason code {code}).", crate::reason::connect_reason(*code)),
            },
            MqttError::QueueFull => {
                f.write_str("The outgoing queue is full: the broker has not taken what was already published (it is away or too slow).")
            }
            MqttError::Forked => f.write_str("This client was connected in another process; create a new client after fork()."),
        }
    }
}

impl std::error::Error for MqttError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_libmosquittos() {
        assert_eq!(MqttError::NotConnected.to_string(), "The client is not currently connected.");
        assert_eq!(MqttError::InvalidArguments.to_string(), "Invalid function arguments provided.");
        assert_eq!(MqttError::ConnectionLost.to_string(), "The connection was lost.");
        assert_eq!(MqttError::ConnackRefused(5).to_string(), "Connection Refused: not authorised.");
    }
}

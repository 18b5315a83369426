//! The MQTT core of the `mosquitto` PHP extension: plain Rust, no PHP types.
//!
//! [`Session`] is the PHP thread's handle; behind it one I/O thread per
//! connected client runs rumqttc's event loop, so keepalive and reconnects go on
//! while PHP code runs. [`Event`]s come back over a channel and are dispatched
//! to PHP callbacks only on the PHP thread.

pub mod delivery;
pub mod error;
pub mod event;
mod keys;
mod ledger;
pub mod options;
pub mod session;
pub mod tls;
pub mod topic;

pub use bytes::Bytes;
pub use error::{connack_message, MqttError};
pub use event::{Event, LogLevel, Message};
pub use options::{ReconnectPolicy, SessionOptions, Will};
pub use session::Session;
pub use tls::{Certificates, TlsOptions};

/// The version of rumqttc this build uses (for `phpinfo()`).
pub const RUMQTTC_VERSION: &str = "0.25";

/// What TLS runs on (for `phpinfo()`).
pub const TLS_BACKEND: &str = "rustls 0.23 (ring), TLS 1.2 and 1.3";

pub(crate) fn qos_from_u8(qos: u8) -> rumqttc::QoS {
    match qos {
        0 => rumqttc::QoS::AtMostOnce,
        1 => rumqttc::QoS::AtLeastOnce,
        _ => rumqttc::QoS::ExactlyOnce,
    }
}

//! The MQTT core of the `mosquitto` PHP extension: plain Rust, no PHP types.
//!
//! [`Session`] is the PHP thread's handle; behind it a task on the process's
//! one I/O thread ([`io`], started by the first connect) owns the TCP (and
//! OpenSSL) connection and drives rumqttc's protocol state and codec over it,
//! so keepalive and reconnects go on while PHP code runs. A connected client
//! costs its socket and nothing else of the kind (no thread, no epoll or
//! eventfd of its own). [`Event`]s come back over a channel and are
//! dispatched to PHP callbacks only on the PHP thread. [`shutdown`] stops the
//! I/O thread before the extension is unloaded.

#![deny(clippy::undocumented_unsafe_blocks)]

pub mod brokers;
pub mod client;
pub mod delivery;
pub mod error;
pub mod event;
mod io;
mod ledger;
pub mod options;
pub mod properties;
mod reason;
pub mod session;
mod shared;
pub mod tls;
pub mod topic;

pub use bytes::Bytes;
pub use client::{Client, Host, Listener, Outcome};
pub use error::{connack_message, MqttError};
pub use event::{Event, LogLevel, Message, Reply};
pub use io::runtime::shutdown;
pub use options::{ConnectSettings, ReconnectPolicy, SessionOptions, Will};
pub use properties::{PropertyError, PropertyList, SubscribeOptions, Value};
pub use session::Session;
pub use tls::{Certificates, Psk, TlsOptions};

/// The version of rumqttc this build uses (for `phpinfo()`).
pub const RUMQTTC_VERSION: &str = env!("RUMQTTC_VERSION");

/// What TLS runs on (for `phpinfo()`): the system OpenSSL this build runs with.
pub fn tls_backend() -> &'static str {
    openssl::version::version()
}

pub(crate) fn qos_from_u8(qos: u8) -> rumqttc::v5::mqttbytes::QoS {
    use rumqttc::v5::mqttbytes::QoS;
    match qos {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

//! The constant classes of Mosquitto-PHP's `develop` branch (its issue #67):
//! `Mosquitto\LogLevel`, `Mosquitto\SslVerify`, `Mosquitto\ProtocolVersion`.
//! Not instantiable: they only hold constants. `ProtocolVersion::V5` is ours
//! (Mosquitto-PHP stops at `V311`).

use ext_php_rs::prelude::*;

#[php_class]
#[php(name = "Mosquitto\\LogLevel")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct LogLevel;

#[php_impl]
impl LogLevel {
    pub const INFO: i64 = mosquitto_core::LogLevel::Info as i64;
    pub const NOTICE: i64 = mosquitto_core::LogLevel::Notice as i64;
    pub const WARNING: i64 = mosquitto_core::LogLevel::Warning as i64;
    pub const ERR: i64 = mosquitto_core::LogLevel::Err as i64;
    pub const DEBUG: i64 = mosquitto_core::LogLevel::Debug as i64;
}

#[php_class]
#[php(name = "Mosquitto\\SslVerify")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct SslVerify;

#[php_impl]
impl SslVerify {
    pub const NONE: i64 = 0;
    pub const PEER: i64 = 1;
}

#[php_class]
#[php(name = "Mosquitto\\ProtocolVersion")]
#[php(flags = ext_php_rs::flags::ClassFlags::Final)]
pub struct ProtocolVersion;

#[php_impl]
impl ProtocolVersion {
    /// MQTT 3.1: refused by `setProtocolVersion()` (rumqttc speaks 3.1.1).
    #[php(name = "V31")]
    pub const V31: i64 = 3;
    #[php(name = "V311")]
    pub const V311: i64 = 4;
    #[php(name = "V5")]
    pub const V5: i64 = 5;
}

//! The `mosquitto` PHP extension: registration only. The PHP-facing classes
//! live in `php/`, the MQTT core in the `mosquitto-core` crate.

#![cfg_attr(windows, feature(abi_vectorcall))]
#![deny(clippy::undocumented_unsafe_blocks)]

mod php;

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

/// Mosquitto-PHP's version (Cargo.toml's `version` is kept equal to it):
/// scripts compare `phpversion('mosquitto')`.
const EXTENSION_VERSION: &str = env!("CARGO_PKG_VERSION");

extern "C" fn startup(_type: i32, module_number: i32) -> i32 {
    php::settings::register_ini(module_number);
    php::on_module_startup();
    match php::exception::register() {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// MSHUTDOWN: stops the I/O thread before PHP may `dlclose()` us, so no code
/// of this library is still running once it is unmapped.
extern "C" fn shutdown(_type: i32, _module_number: i32) -> i32 {
    mosquitto_core::shutdown();
    0
}

extern "C" fn request_startup(_type: i32, _module_number: i32) -> i32 {
    php::on_request_start();
    0
}

extern "C" {
    /// PHP's own INI table for `phpinfo()` (`DISPLAY_INI_ENTRIES()` in C).
    fn display_ini_entries(module: *mut ModuleEntry);
}

extern "C" fn info(module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("Mosquitto support", "enabled");
    info_table_row!("Extension version", EXTENSION_VERSION);
    info_table_row!("MQTT library", format!("rumqttc {} (Rust)", mosquitto_core::RUMQTTC_VERSION));
    info_table_row!("MQTT protocol versions", "3.1.1, 5");
    info_table_row!("TLS backend", mosquitto_core::tls_backend());
    info_table_end!();
    // SAFETY: `module` is the module entry the engine passed to this MINFO
    // callback, alive for the call; the engine only reads it, and we hold no
    // reference to it.
    unsafe { display_ini_entries(module) };
}

#[php_module]
#[php(startup = startup)]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .name("mosquitto")
        .version(EXTENSION_VERSION)
        .shutdown_function(shutdown)
        .request_startup_function(request_startup)
        .info_function(info)
        .class::<php::client::Client>()
        .class::<php::message::Message>()
        .class::<php::constants::LogLevel>()
        .class::<php::constants::SslVerify>()
        .class::<php::constants::ProtocolVersion>()
        .constant(("MOSQ_LOG_INFO", mosquitto_core::LogLevel::Info as i64, &[]))
        .constant(("MOSQ_LOG_NOTICE", mosquitto_core::LogLevel::Notice as i64, &[]))
        .constant(("MOSQ_LOG_WARNING", mosquitto_core::LogLevel::Warning as i64, &[]))
        .constant(("MOSQ_LOG_ERR", mosquitto_core::LogLevel::Err as i64, &[]))
        .constant(("MOSQ_LOG_DEBUG", mosquitto_core::LogLevel::Debug as i64, &[]))
}

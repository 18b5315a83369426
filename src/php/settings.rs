//! php.ini entries and the small argument rules shared by several methods.

use std::ffi::{c_char, CStr};
use std::net::IpAddr;
use std::time::Duration;

use ext_php_rs::exception::PhpResult;
use ext_php_rs::ffi::zend_long;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};
use mosquitto_core::MqttError;

use crate::php::exception::mqtt;

const AUTO_RECONNECT: &CStr = c"mosquitto.auto_reconnect";
const CONNECT_TIMEOUT: &CStr = c"mosquitto.connect_timeout";
const DELIVERY_LIMIT: &CStr = c"mosquitto.delivery_limit";
const DEAD_LETTER_TOPIC: &CStr = c"mosquitto.dead_letter_topic";

/// - `mosquitto.auto_reconnect=1` (default): reconnect after a lost connection;
///   `0` gives Mosquitto-PHP's behaviour: `loop()` throws "The connection was lost."
/// - `mosquitto.connect_timeout=10`: seconds `connect()` waits for the CONNACK.
/// - `mosquitto.delivery_limit=5`: deliveries of a QoS 1/2 message whose
///   `onMessage` throws before it is given up (acknowledged, reported, dead-lettered); 0: no limit.
/// - `mosquitto.dead_letter_topic=""`: where given-up messages are published (empty: nowhere).
static INI_ENTRIES: IniEntryDefs<5> = IniEntryDefs::new([
    IniEntryDef::new(AUTO_RECONNECT, c"1", IniEntryPermission::All),
    IniEntryDef::new(CONNECT_TIMEOUT, c"10", IniEntryPermission::All),
    IniEntryDef::new(DELIVERY_LIMIT, c"5", IniEntryPermission::All),
    IniEntryDef::new(DEAD_LETTER_TOPIC, c"", IniEntryPermission::All),
    IniEntryDef::end(),
]);

extern "C" {
    fn zend_ini_long(name: *const c_char, name_length: usize, orig: i32) -> zend_long;
    fn zend_ini_string(name: *const c_char, name_length: usize, orig: i32) -> *mut c_char;
}

/// Registers the ini entries; called from MINIT.
pub fn register_ini(module_number: i32) {
    IniEntryDef::register(INI_ENTRIES.as_slice(), module_number);
}

fn ini_long(name: &CStr) -> i64 {
    unsafe { zend_ini_long(name.as_ptr(), name.to_bytes().len(), 0) }
}

pub fn auto_reconnect() -> bool {
    ini_long(AUTO_RECONNECT) != 0
}

/// The default delivery limit for new clients; 0 means none.
pub fn delivery_limit() -> u32 {
    u32::try_from(ini_long(DELIVERY_LIMIT).max(0)).unwrap_or(u32::MAX)
}

/// The default dead-letter topic for new clients, if any.
pub fn dead_letter_topic() -> Option<String> {
    // SAFETY: the name is a registered entry; the engine returns its current value
    // (a NUL-terminated string it owns) or null.
    let value = unsafe { zend_ini_string(DEAD_LETTER_TOPIC.as_ptr(), DEAD_LETTER_TOPIC.to_bytes().len(), 0) };
    if value.is_null() {
        return None;
    }
    // SAFETY: as above, valid until the setting changes; copied at once.
    let text = unsafe { CStr::from_ptr(value) }.to_string_lossy().into_owned();
    (!text.is_empty()).then_some(text)
}

pub fn connect_timeout() -> Duration {
    Duration::from_secs(ini_long(CONNECT_TIMEOUT).clamp(1, 3600).unsigned_abs())
}

/// `loop($timeout)` in milliseconds; libmosquitto treats a negative timeout as 1000.
pub fn loop_timeout(timeout_ms: i64) -> Duration {
    if timeout_ms < 0 {
        Duration::from_millis(1000)
    } else {
        Duration::from_millis(timeout_ms.unsigned_abs())
    }
}

/// `connect()`'s `$interface`: libmosquitto binds to this local address; an
/// unusable one is a "Lookup error.".
pub fn check_bind_address(interface: &str) -> PhpResult<IpAddr> {
    match interface.parse::<IpAddr>() {
        Ok(address) => Ok(address),
        Err(_) => mqtt(Err(MqttError::Lookup { host: interface.to_string() })),
    }
}

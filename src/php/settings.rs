//! php.ini entries and the small argument rules shared by several methods.

use std::ffi::{c_char, CStr};
use std::time::Duration;

use ext_php_rs::ffi::zend_long;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

const AUTO_RECONNECT: &CStr = c"mosquitto.auto_reconnect";
const CONNECT_TIMEOUT: &CStr = c"mosquitto.connect_timeout";
const DELIVERY_LIMIT: &CStr = c"mosquitto.delivery_limit";
const DEAD_LETTER_TOPIC: &CStr = c"mosquitto.dead_letter_topic";
const FLUSH_TIMEOUT: &CStr = c"mosquitto.flush_timeout";
const PUBLISH_TIMEOUT: &CStr = c"mosquitto.publish_timeout";
const MAX_QUEUED_MESSAGES: &CStr = c"mosquitto.max_queued_messages";
const MAX_QUEUED_BYTES: &CStr = c"mosquitto.max_queued_bytes";
const MAX_BUFFERED_MESSAGES: &CStr = c"mosquitto.max_buffered_messages";
const MAX_BUFFERED_BYTES: &CStr = c"mosquitto.max_buffered_bytes";
const MAX_PACKET_SIZE: &CStr = c"mosquitto.max_packet_size";
const PROTOCOL_VERSION: &CStr = c"mosquitto.protocol_version";

/// - `mosquitto.auto_reconnect=1` (default): reconnect after a lost connection;
///   `0` gives Mosquitto-PHP's behaviour: `loop()` throws "The connection was lost."
/// - `mosquitto.connect_timeout=10`: seconds `connect()` waits for the CONNACK.
/// - `mosquitto.delivery_limit=5`: deliveries of a QoS 1/2 message whose
///   `onMessage` throws before it is given up (acknowledged, reported, dead-lettered); 0: no limit.
/// - `mosquitto.dead_letter_topic=""`: where given-up messages are published (empty: nowhere).
/// - `mosquitto.flush_timeout=1000`: milliseconds `disconnect()` and the end of
///   the script wait for queued publishes to be written and acknowledged.
/// - `mosquitto.publish_timeout=10000`: milliseconds `publish()`, `subscribe()`
///   and `unsubscribe()` wait for room in a full outgoing queue before throwing.
/// - `mosquitto.max_queued_messages=4096`, `mosquitto.max_queued_bytes=67108864`:
///   the outgoing queue (requests the broker has not taken yet).
/// - `mosquitto.max_buffered_messages=1000`, `mosquitto.max_buffered_bytes=16777216`:
///   received messages waiting for `loop()` before reading stops (TCP back-pressure).
/// - `mosquitto.max_packet_size=67108864`: the largest packet taken from the broker.
/// - `mosquitto.protocol_version=4`: the MQTT version new clients speak (4:
///   3.1.1, 5: MQTT 5) until `setProtocolVersion()`; runs a 3.1.1 script on MQTT 5.
static INI_ENTRIES: IniEntryDefs<13> = IniEntryDefs::new([
    IniEntryDef::new(AUTO_RECONNECT, c"1", IniEntryPermission::All),
    IniEntryDef::new(CONNECT_TIMEOUT, c"10", IniEntryPermission::All),
    IniEntryDef::new(DELIVERY_LIMIT, c"5", IniEntryPermission::All),
    IniEntryDef::new(DEAD_LETTER_TOPIC, c"", IniEntryPermission::All),
    IniEntryDef::new(FLUSH_TIMEOUT, c"1000", IniEntryPermission::All),
    IniEntryDef::new(PUBLISH_TIMEOUT, c"10000", IniEntryPermission::All),
    IniEntryDef::new(MAX_QUEUED_MESSAGES, c"4096", IniEntryPermission::All),
    IniEntryDef::new(MAX_QUEUED_BYTES, c"67108864", IniEntryPermission::All),
    IniEntryDef::new(MAX_BUFFERED_MESSAGES, c"1000", IniEntryPermission::All),
    IniEntryDef::new(MAX_BUFFERED_BYTES, c"16777216", IniEntryPermission::All),
    IniEntryDef::new(MAX_PACKET_SIZE, c"67108864", IniEntryPermission::All),
    IniEntryDef::new(PROTOCOL_VERSION, c"4", IniEntryPermission::All),
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
    // SAFETY: `name` is a NUL-terminated name of `len` bytes, alive for the call
    // and only read; the engine returns a plain integer (0 for an unknown entry).
    unsafe { zend_ini_long(name.as_ptr(), name.to_bytes().len(), 0) }
}

/// The protocol version new clients start with.
pub fn protocol_version() -> i64 {
    ini_long(PROTOCOL_VERSION)
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

fn ini_count(name: &CStr, lowest: i64) -> usize {
    usize::try_from(ini_long(name).max(lowest)).unwrap_or(usize::MAX)
}

/// The ini settings that shape a session's buffers and waits.
pub fn apply_limits(options: &mut mosquitto_core::SessionOptions) {
    options.flush_timeout = Duration::from_millis(ini_count(FLUSH_TIMEOUT, 0) as u64);
    options.max_queued_messages = ini_count(MAX_QUEUED_MESSAGES, 1);
    options.max_queued_bytes = ini_count(MAX_QUEUED_BYTES, 1);
    options.max_buffered_messages = ini_count(MAX_BUFFERED_MESSAGES, 1);
    options.max_buffered_bytes = ini_count(MAX_BUFFERED_BYTES, 1);
    options.max_incoming_packet = ini_count(MAX_PACKET_SIZE, 16);
}

/// How long a request waits for room in a full outgoing queue.
pub fn publish_timeout() -> Duration {
    Duration::from_millis(ini_count(PUBLISH_TIMEOUT, 0) as u64)
}

pub fn connect_timeout() -> Duration {
    Duration::from_secs(ini_long(CONNECT_TIMEOUT).clamp(1, 3600).unsigned_abs())
}

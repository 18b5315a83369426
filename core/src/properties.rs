//! MQTT 5 properties as PHP sees them: named values with documented keys
//! (`publish()`'s `$properties`, `subscribe()`'s `$options`, `setWill()`'s
//! `$properties`, `$message->properties` and the callbacks' trailing
//! `$properties`). This module owns the keys and their checks; the PHP layer
//! only converts PHP arrays to and from [`Value`]s.

use bytes::Bytes;
use rumqttc::v5::mqttbytes::v5::{ConnAckProperties, DisconnectProperties, LastWillProperties, PublishProperties};

use crate::options::MAX_STRING;
use crate::topic;

/// One property's value, in the shapes PHP has for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Int(i64),
    Bool(bool),
    /// A PHP string: text, or binary for `correlation_data`.
    Bytes(Bytes),
    /// `user_properties`: name/value pairs in order (a name may repeat).
    Pairs(Vec<(String, String)>),
    /// `subscription_identifiers` of a received message.
    Ints(Vec<i64>),
    /// Given by PHP, of no type a property takes (a float, an object, an
    /// array that is not name/value pairs): refused with the key's type.
    Other,
}

/// Properties going to PHP, in a stable order.
pub type PropertyList = Vec<(&'static str, Value)>;

/// What a property given by PHP got wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropertyError {
    /// No such key here (the text lists the ones there are).
    Unknown { key: String, known: &'static [&'static str] },
    /// The wrong PHP type (`expected` names the right one).
    Type { key: &'static str, expected: &'static str },
    /// The right type, out of range or not allowed (`why` says what is).
    Invalid { key: &'static str, why: &'static str },
}

impl std::fmt::Display for PropertyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PropertyError::Unknown { key, known } => write!(f, "has an unknown key \"{key}\" (known: {})", known.join(", ")),
            PropertyError::Type { key, expected } => write!(f, "key \"{key}\" must be of type {expected}"),
            PropertyError::Invalid { key, why } => write!(f, "key \"{key}\" {why}"),
        }
    }
}

/// `publish()`'s keys (and `$message->properties`' besides `subscription_identifiers`).
pub const PUBLISH_KEYS: &[&str] =
    &["payload_format_indicator", "message_expiry_interval", "content_type", "response_topic", "correlation_data", "user_properties"];
/// `setWill()`'s keys: the publish ones and the will delay.
pub const WILL_KEYS: &[&str] = &[
    "will_delay_interval",
    "payload_format_indicator",
    "message_expiry_interval",
    "content_type",
    "response_topic",
    "correlation_data",
    "user_properties",
];
/// `subscribe()`'s `$options` keys.
pub const SUBSCRIBE_KEYS: &[&str] = &["no_local", "retain_as_published", "retain_handling", "subscription_identifier"];

/// The largest variable byte integer, so the largest subscription identifier.
const MAX_VARIABLE_INT: i64 = 268_435_455;

/// A subscription's MQTT 5 options (all off on 3.1.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubscribeOptions {
    /// Not sent our own publishes back.
    pub no_local: bool,
    /// Keep the retain flag as published instead of clearing it.
    pub retain_as_published: bool,
    /// 0: retained messages on every subscribe, 1: on a new subscription only, 2: never.
    pub retain_handling: u8,
    /// Echoed in `subscription_identifiers` of the messages it matches.
    pub subscription_identifier: Option<usize>,
}

impl SubscribeOptions {
    pub fn is_default(&self) -> bool {
        *self == SubscribeOptions::default()
    }
}

fn int(key: &'static str, value: Value, min: i64, max: i64, why: &'static str) -> Result<i64, PropertyError> {
    match value {
        Value::Int(n) if (min..=max).contains(&n) => Ok(n),
        Value::Int(_) => Err(PropertyError::Invalid { key, why }),
        _ => Err(PropertyError::Type { key, expected: "int" }),
    }
}

fn flag(key: &'static str, value: Value) -> Result<bool, PropertyError> {
    match value {
        Value::Bool(b) => Ok(b),
        _ => Err(PropertyError::Type { key, expected: "bool" }),
    }
}

fn bytes(key: &'static str, value: Value) -> Result<Bytes, PropertyError> {
    match value {
        Value::Bytes(b) if b.len() <= MAX_STRING => Ok(b),
        Value::Bytes(_) => Err(PropertyError::Invalid { key, why: "must be at most 65535 bytes long" }),
        _ => Err(PropertyError::Type { key, expected: "string" }),
    }
}

fn text(key: &'static str, value: Value) -> Result<String, PropertyError> {
    let raw = bytes(key, value)?;
    match std::str::from_utf8(&raw) {
        Ok(text) if !text.contains('\0') => Ok(text.to_string()),
        _ => Err(PropertyError::Invalid { key, why: "must be UTF-8 text without NUL" }),
    }
}

fn pairs(key: &'static str, value: Value) -> Result<Vec<(String, String)>, PropertyError> {
    match value {
        Value::Pairs(pairs) => {
            let fits = |s: &String| s.len() <= MAX_STRING && !s.contains('\0');
            if pairs.iter().all(|(name, value)| fits(name) && fits(value)) {
                Ok(pairs)
            } else {
                Err(PropertyError::Invalid { key, why: "names and values must be at most 65535 bytes, without NUL" })
            }
        }
        // An array of another shape comes as `Other` too: the PHP layer tells them apart.
        _ => Err(PropertyError::Type { key, expected: "array" }),
    }
}

/// Finds `key` among `known` (so the error can borrow a `'static` name).
fn known_key(key: String, known: &'static [&'static str]) -> Result<&'static str, PropertyError> {
    known.iter().copied().find(|k| *k == key).ok_or(PropertyError::Unknown { key, known })
}

/// `publish()`'s `$properties`; None when empty.
pub fn publish_properties(list: Vec<(String, Value)>) -> Result<Option<PublishProperties>, PropertyError> {
    let will = will_properties_with(list, PUBLISH_KEYS)?;
    Ok(will.map(|w| PublishProperties {
        payload_format_indicator: w.payload_format_indicator,
        message_expiry_interval: w.message_expiry_interval,
        topic_alias: None,
        response_topic: w.response_topic,
        correlation_data: w.correlation_data,
        user_properties: w.user_properties,
        subscription_identifiers: Vec::new(),
        content_type: w.content_type,
    }))
}

/// `setWill()`'s `$properties`; None when empty.
pub fn will_properties(list: Vec<(String, Value)>) -> Result<Option<LastWillProperties>, PropertyError> {
    will_properties_with(list, WILL_KEYS)
}

fn will_properties_with(list: Vec<(String, Value)>, known: &'static [&'static str]) -> Result<Option<LastWillProperties>, PropertyError> {
    if list.is_empty() {
        return Ok(None);
    }
    let mut p = LastWillProperties {
        delay_interval: None,
        payload_format_indicator: None,
        message_expiry_interval: None,
        content_type: None,
        response_topic: None,
        correlation_data: None,
        user_properties: Vec::new(),
    };
    for (key, value) in list {
        let key = known_key(key, known)?;
        let u32_max = i64::from(u32::MAX);
        match key {
            "will_delay_interval" => p.delay_interval = Some(int(key, value, 0, u32_max, "must be 0 to 4294967295 (seconds)")? as u32),
            "payload_format_indicator" => {
                p.payload_format_indicator = Some(int(key, value, 0, 1, "must be 0 (bytes) or 1 (UTF-8 text)")? as u8);
            }
            "message_expiry_interval" => {
                p.message_expiry_interval = Some(int(key, value, 0, u32_max, "must be 0 to 4294967295 (seconds)")? as u32);
            }
            "content_type" => p.content_type = Some(text(key, value)?),
            "response_topic" => {
                let topic = text(key, value)?;
                if !topic::is_valid_topic(&topic) {
                    return Err(PropertyError::Invalid { key, why: "must be a topic name (not empty, no wildcards)" });
                }
                p.response_topic = Some(topic);
            }
            "correlation_data" => p.correlation_data = Some(bytes(key, value)?),
            _ => p.user_properties = pairs(key, value)?,
        }
    }
    Ok(Some(p))
}

/// `subscribe()`'s `$options`.
pub fn subscribe_options(list: Vec<(String, Value)>) -> Result<SubscribeOptions, PropertyError> {
    let mut options = SubscribeOptions::default();
    for (key, value) in list {
        let key = known_key(key, SUBSCRIBE_KEYS)?;
        match key {
            "no_local" => options.no_local = flag(key, value)?,
            "retain_as_published" => options.retain_as_published = flag(key, value)?,
            "retain_handling" => {
                options.retain_handling = int(key, value, 0, 2, "must be 0 (always), 1 (new subscriptions only) or 2 (never)")? as u8;
            }
            _ => {
                let id = int(key, value, 1, MAX_VARIABLE_INT, "must be 1 to 268435455")?;
                options.subscription_identifier = Some(id as usize);
            }
        }
    }
    Ok(options)
}

fn text_value(text: &str) -> Value {
    Value::Bytes(Bytes::copy_from_slice(text.as_bytes()))
}

/// `$message->properties`.
pub fn message_properties(p: &PublishProperties) -> PropertyList {
    let mut list = PropertyList::new();
    if let Some(v) = p.payload_format_indicator {
        list.push(("payload_format_indicator", Value::Int(v.into())));
    }
    if let Some(v) = p.message_expiry_interval {
        list.push(("message_expiry_interval", Value::Int(v.into())));
    }
    if let Some(v) = &p.content_type {
        list.push(("content_type", text_value(v)));
    }
    if let Some(v) = &p.response_topic {
        list.push(("response_topic", text_value(v)));
    }
    if let Some(v) = &p.correlation_data {
        list.push(("correlation_data", Value::Bytes(v.clone())));
    }
    if !p.user_properties.is_empty() {
        list.push(("user_properties", Value::Pairs(p.user_properties.clone())));
    }
    if !p.subscription_identifiers.is_empty() {
        list.push(("subscription_identifiers", Value::Ints(p.subscription_identifiers.iter().map(|id| *id as i64).collect())));
    }
    list
}

/// The properties of a CONNACK (besides its reason string), for `onConnect`.
pub(crate) fn connack_properties(p: &ConnAckProperties) -> PropertyList {
    let mut list = PropertyList::new();
    let ints = [
        ("session_expiry_interval", p.session_expiry_interval.map(i64::from)),
        ("receive_maximum", p.receive_max.map(i64::from)),
        ("maximum_qos", p.max_qos.map(i64::from)),
        ("retain_available", p.retain_available.map(i64::from)),
        ("maximum_packet_size", p.max_packet_size.map(i64::from)),
        ("topic_alias_maximum", p.topic_alias_max.map(i64::from)),
        ("wildcard_subscription_available", p.wildcard_subscription_available.map(i64::from)),
        ("subscription_identifiers_available", p.subscription_identifiers_available.map(i64::from)),
        ("shared_subscription_available", p.shared_subscription_available.map(i64::from)),
        ("server_keep_alive", p.server_keep_alive.map(i64::from)),
    ];
    list.extend(ints.into_iter().filter_map(|(key, value)| Some((key, Value::Int(value?)))));
    let texts = [
        ("assigned_client_identifier", &p.assigned_client_identifier),
        ("response_information", &p.response_information),
        ("server_reference", &p.server_reference),
    ];
    list.extend(texts.into_iter().filter_map(|(key, value)| Some((key, text_value(value.as_ref()?)))));
    if !p.user_properties.is_empty() {
        list.push(("user_properties", Value::Pairs(p.user_properties.clone())));
    }
    list
}

/// The properties of a broker's DISCONNECT (besides its reason string).
pub(crate) fn disconnect_properties(p: &DisconnectProperties) -> PropertyList {
    let mut list = PropertyList::new();
    if let Some(v) = p.session_expiry_interval {
        list.push(("session_expiry_interval", Value::Int(v.into())));
    }
    if let Some(v) = &p.server_reference {
        list.push(("server_reference", text_value(v)));
    }
    if !p.user_properties.is_empty() {
        list.push(("user_properties", Value::Pairs(p.user_properties.clone())));
    }
    list
}

/// An acknowledgement's user properties (its only property besides the reason string).
pub(crate) fn user_properties(pairs: &[(String, String)]) -> PropertyList {
    if pairs.is_empty() {
        PropertyList::new()
    } else {
        vec![("user_properties", Value::Pairs(pairs.to_vec()))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::Bytes(Bytes::copy_from_slice(text.as_bytes()))
    }

    #[test]
    fn publish_properties_round_trip_to_the_same_list() {
        let given = vec![
            ("payload_format_indicator".to_string(), Value::Int(1)),
            ("message_expiry_interval".to_string(), Value::Int(30)),
            ("content_type".to_string(), s("application/json")),
            ("response_topic".to_string(), s("reply/7")),
            ("correlation_data".to_string(), Value::Bytes(Bytes::from_static(b"\x00\xffid"))),
            ("user_properties".to_string(), Value::Pairs(vec![("a".into(), "1".into()), ("a".into(), "2".into())])),
        ];
        let properties = publish_properties(given.clone()).unwrap().unwrap();
        let back: Vec<(String, Value)> = message_properties(&properties).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(back, given);
        assert_eq!(publish_properties(Vec::new()), Ok(None));
    }

    #[test]
    fn bad_properties_say_which_key_and_why() {
        let one = |key: &str, value| publish_properties(vec![(key.to_string(), value)]);
        assert!(matches!(one("expiry", Value::Int(1)), Err(PropertyError::Unknown { .. })));
        assert_eq!(one("message_expiry_interval", s("10")), Err(PropertyError::Type { key: "message_expiry_interval", expected: "int" }));
        assert!(matches!(one("message_expiry_interval", Value::Int(-1)), Err(PropertyError::Invalid { .. })));
        assert!(matches!(one("payload_format_indicator", Value::Int(2)), Err(PropertyError::Invalid { .. })));
        assert!(matches!(one("response_topic", s("a/#")), Err(PropertyError::Invalid { .. })));
        assert!(matches!(one("content_type", Value::Bytes(Bytes::from_static(b"\xff"))), Err(PropertyError::Invalid { .. })));
        assert!(matches!(one("will_delay_interval", Value::Int(5)), Err(PropertyError::Unknown { .. })));
        assert_eq!(will_properties(vec![("will_delay_interval".into(), Value::Int(5))]).unwrap().unwrap().delay_interval, Some(5));
    }

    #[test]
    fn subscribe_options_are_checked() {
        let options = subscribe_options(vec![
            ("no_local".into(), Value::Bool(true)),
            ("retain_handling".into(), Value::Int(2)),
            ("subscription_identifier".into(), Value::Int(42)),
        ])
        .unwrap();
        assert_eq!(
            options,
            SubscribeOptions { no_local: true, retain_as_published: false, retain_handling: 2, subscription_identifier: Some(42) }
        );
        assert!(subscribe_options(vec![("retain_handling".into(), Value::Int(3))]).is_err());
        assert!(subscribe_options(vec![("subscription_identifier".into(), Value::Int(0))]).is_err());
        assert!(subscribe_options(vec![("no_local".into(), Value::Int(1))]).is_err());
    }
}

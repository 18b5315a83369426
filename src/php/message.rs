//! `Mosquitto\Message`: one delivered message. Its five properties behave like
//! Mosquitto-PHP's virtual ones: written values are converted the way PHP
//! converts them (`"2"` becomes 2 for `qos`, `false` becomes "" for `topic`),
//! and `payload` is binary-safe.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::{FromZval, IntoZval};
use ext_php_rs::exception::PhpResult;
use ext_php_rs::flags::DataType;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, ZendStr, Zval};
use mosquitto_core::Bytes;

use crate::php::coerce;

extern "C" {
    /// The engine's own notice and warning function (not in ext-php-rs's
    /// bindings): unlike `php_error_docref` it names no function, as PHP's own
    /// "Array to string conversion" does.
    fn zend_error(kind: std::ffi::c_int, format: *const std::ffi::c_char, ...);
}

#[php_class]
#[php(name = "Mosquitto\\Message")]
#[derive(Debug, Default, Clone)]
pub struct Message {
    mid: i64,
    topic: Option<String>,
    /// Shared with the network buffer it arrived in: copied once, when PHP reads it.
    payload: Bytes,
    qos: i64,
    retain: bool,
    /// MQTT 5 properties, empty on 3.1.1 (see `mosquitto_core::properties`).
    properties: mosquitto_core::PropertyList,
}

impl Message {
    /// The message as handed to `onMessage`. The payload is shared, not
    /// copied: the core's message is kept for its acknowledgement (or retry).
    pub fn delivered(message: &mosquitto_core::Message) -> Message {
        Message {
            mid: i64::from(message.pkid),
            topic: Some(message.topic.clone()),
            payload: message.payload.clone(),
            qos: i64::from(message.qos),
            retain: message.retain,
            properties: message.properties.as_deref().map(mosquitto_core::properties::message_properties).unwrap_or_default(),
        }
    }
}

impl Message {
    /// Whether it carries MQTT 5 properties (never on 3.1.1).
    pub fn has_properties(&self) -> bool {
        !self.properties.is_empty()
    }
}

/// The five properties, in Mosquitto-PHP's order.
const PROPERTIES: [&str; 5] = ["mid", "topic", "payload", "qos", "retain"];

/// A property value: read as its own type, written from any value PHP can
/// convert to it (reads and writes share one type in ext-php-rs). `None` means
/// the written value could not be converted: PHP's `Error` is already thrown
/// and the property keeps its value.
macro_rules! property_type {
    ($name:ident, $inner:ty, $php:expr, $nullable:expr, |$zv:ident| $convert:expr, |$v:ident, $out:ident| $set:expr) => {
        pub struct $name(pub Option<$inner>);

        impl IntoZval for $name {
            const TYPE: DataType = $php;
            const NULLABLE: bool = $nullable;
            fn set_zval(self, $out: &mut Zval, _persistent: bool) -> ext_php_rs::error::Result<()> {
                match self.0 {
                    Some($v) => $set,
                    None => $out.set_null(),
                }
                Ok(())
            }
        }

        impl<'a> FromZval<'a> for $name {
            const TYPE: DataType = $php;
            fn from_zval($zv: &'a Zval) -> Option<Self> {
                Some($name($convert))
            }
        }
    };
}

/// PHP's string conversion of a written value: an array is "Array" with the
/// "Array to string conversion" warning (as Mosquitto-PHP's
/// `convert_to_string()`), an object without `__toString()` its `Error`.
fn to_text(value: &Zval) -> Option<String> {
    if value.is_array() {
        // SAFETY: a constant NUL-terminated format without conversions, so no
        // varargs are read; called on the PHP thread while a script runs.
        unsafe { zend_error(ext_php_rs::flags::ErrorType::Warning.bits() as std::ffi::c_int, c"Array to string conversion".as_ptr()) };
        return Some("Array".into());
    }
    let text = value.coerce_to_string();
    if text.is_none() {
        PhpException::new(
            format!("Object of class {} could not be converted to string", coerce::type_name(value)),
            0,
            ext_php_rs::zend::ce::error(),
        )
        .throw();
    }
    text
}

/// PHP's `(int)` conversion: numbers and numeric strings as usual, an array
/// 0 when empty and 1 otherwise, an object 1.
fn to_int(value: &Zval) -> i64 {
    value.coerce_to_long().unwrap_or_else(|| match value.array() {
        Some(array) => i64::from(!array.is_empty()),
        None => 1,
    })
}

property_type!(IntProperty, i64, DataType::Long, false, |zv| Some(to_int(zv)), |v, out| out.set_long(v));
property_type!(BoolProperty, bool, DataType::Bool, false, |zv| Some(zv.coerce_to_bool()), |v, out| out.set_bool(v));
property_type!(TopicProperty, Option<String>, DataType::String, true, |zv| to_text(zv).map(Some), |v, out| match v {
    Some(text) => out.set_string(&text, false)?,
    None => out.set_null(),
});
property_type!(
    PayloadProperty,
    Bytes,
    DataType::String,
    false,
    |zv| match zv.zend_str() {
        Some(bytes) => Some(Bytes::copy_from_slice(bytes.as_bytes())),
        None => to_text(zv).map(Bytes::from),
    },
    |v, out| out.set_zend_string(ZendStr::new(&v, false))
);

#[php_impl]
impl Message {
    /// An empty message: mid 0, no topic, empty payload, QoS 0, not retained.
    pub fn __construct() -> Self {
        Message::default()
    }

    /// The five properties, then any the object has of its own (a subclass's):
    /// `serialize()` writes what Mosquitto-PHP writes, and `unserialize()` gives it back.
    pub fn __serialize(self_: &mut ZendClassObject<Message>) -> PhpResult<ZBox<ZendHashTable>> {
        let mut data = ZendHashTable::new();
        let message = self_.obj.clone().unwrap_or_default();
        data.insert("mid", message.mid)?;
        match &message.topic {
            Some(topic) => data.insert("topic", topic.as_str())?,
            None => data.insert("topic", ())?,
        }
        data.insert("payload", PayloadProperty(Some(message.payload.clone())))?;
        data.insert("qos", message.qos)?;
        data.insert("retain", message.retain)?;
        if let Ok(properties) = self_.get_mut_zend_obj().get_properties() {
            for (key, value) in properties.iter() {
                let key = key.to_string();
                // `properties` (MQTT 5) is not written: Mosquitto-PHP's format.
                if PROPERTIES.contains(&key.as_str()) || key == "properties" {
                    continue;
                }
                // A declared property's entry points at its slot.
                let value = if value.get_type() == DataType::Indirect {
                    // SAFETY: an IS_INDIRECT entry of an object's property table points
                    // at that object's property slot, alive as long as the object.
                    match unsafe { value.value.zv.as_ref() } {
                        Some(slot) => slot,
                        None => continue,
                    }
                } else {
                    value
                };
                if value.get_type() != DataType::Undef {
                    data.insert(key.as_str(), value.shallow_clone())?;
                }
            }
        }
        Ok(data)
    }

    /// Restores what `__serialize()` wrote, converting the five as their writes do.
    pub fn __unserialize(self_: &mut ZendClassObject<Message>, data: &ZendHashTable) -> PhpResult<()> {
        for (key, value) in data.iter() {
            let key = key.to_string();
            let message = self_.obj.get_or_insert_with(Message::default);
            match key.as_str() {
                "mid" => message.mid = to_int(value),
                "qos" => message.qos = to_int(value),
                "retain" => message.retain = value.coerce_to_bool(),
                "topic" if value.is_null() => message.topic = None,
                "topic" => message.topic = to_text(value),
                "payload" => {
                    if let Some(PayloadProperty(Some(payload))) = PayloadProperty::from_zval(value) {
                        message.payload = payload;
                    }
                }
                _ => self_.get_mut_zend_obj().set_property(&key, value.shallow_clone())?,
            }
        }
        Ok(())
    }

    /// Whether `$topic` matches the subscription filter `$subscription` (topic first).
    pub fn topic_matches_sub(topic: coerce::Str, subscription: coerce::Str) -> PhpResult<bool> {
        let topic = topic.text(coerce::Param(1, "topic"))?;
        let subscription = subscription.text(coerce::Param(2, "subscription"))?;
        Ok(mosquitto_core::topic::topic_matches(&subscription, &topic))
    }

    /// The levels of `$topic`; an empty level is `null`.
    pub fn tokenise_topic(topic: coerce::Str) -> PhpResult<Vec<Option<String>>> {
        let topic = topic.text(coerce::Param(1, "topic"))?;
        Ok(mosquitto_core::topic::tokenise(&topic).into_iter().map(|l| l.map(str::to_owned)).collect())
    }

    /// MQTT 5 properties (read-only): `payload_format_indicator`,
    /// `message_expiry_interval`, `content_type`, `response_topic`,
    /// `correlation_data`, `user_properties` (a list of [name, value]),
    /// `subscription_identifiers`; `[]` on 3.1.1.
    #[php(getter)]
    pub fn get_properties(&self) -> ZBox<ZendHashTable> {
        crate::php::properties::to_php(&self.properties)
    }

    #[php(getter)]
    pub fn get_mid(&self) -> IntProperty {
        IntProperty(Some(self.mid))
    }

    #[php(setter)]
    pub fn set_mid(&mut self, value: IntProperty) {
        if let Some(value) = value.0 {
            self.mid = value;
        }
    }

    #[php(getter)]
    pub fn get_topic(&self) -> TopicProperty {
        TopicProperty(Some(self.topic.clone()))
    }

    #[php(setter)]
    pub fn set_topic(&mut self, value: TopicProperty) {
        if let Some(value) = value.0 {
            self.topic = value;
        }
    }

    #[php(getter)]
    pub fn get_payload(&self) -> PayloadProperty {
        PayloadProperty(Some(self.payload.clone()))
    }

    #[php(setter)]
    pub fn set_payload(&mut self, value: PayloadProperty) {
        if let Some(value) = value.0 {
            self.payload = value;
        }
    }

    #[php(getter)]
    pub fn get_qos(&self) -> IntProperty {
        IntProperty(Some(self.qos))
    }

    #[php(setter)]
    pub fn set_qos(&mut self, value: IntProperty) {
        if let Some(value) = value.0 {
            self.qos = value;
        }
    }

    #[php(getter)]
    pub fn get_retain(&self) -> BoolProperty {
        BoolProperty(Some(self.retain))
    }

    #[php(setter)]
    pub fn set_retain(&mut self, value: BoolProperty) {
        if let Some(value) = value.0 {
            self.retain = value;
        }
    }
}

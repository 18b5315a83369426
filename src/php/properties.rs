//! MQTT 5 properties between PHP arrays and the core's [`Value`]s. Which
//! keys exist and what each accepts is the core's (`mosquitto_core::properties`);
//! this file only converts, and turns the core's complaints into PHP's
//! `TypeError` or `ValueError` for the argument.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;
use mosquitto_core::{Bytes, PropertyError, Value};

use crate::php::coerce::{argument_error, type_name, value_error, Param};

/// `$properties`/`$options` as the core's list; null entries are left out.
pub fn from_php(array: &ZendHashTable, param: Param) -> PhpResult<Vec<(String, Value)>> {
    let mut list = Vec::with_capacity(array.len());
    for (key, value) in array.iter() {
        let ext_php_rs::types::ArrayKey::String(key) = key else {
            return Err(value_error(param, "must be an array with string keys"));
        };
        if value.is_null() {
            continue;
        }
        // Which key takes which type is the core's to say: anything else is
        // `Other`, refused there with the key's type (or as an unknown key).
        let converted = if let Some(n) = value.long() {
            Value::Int(n)
        } else if let Some(b) = value.bool() {
            Value::Bool(b)
        } else if let Some(s) = value.zend_str() {
            Value::Bytes(Bytes::copy_from_slice(s.as_bytes()))
        } else {
            value.array().and_then(name_value_pairs).map_or(Value::Other, Value::Pairs)
        };
        list.push((key, converted));
    }
    Ok(list)
}

/// `user_properties`: `[['name', 'value'], ...]`, where a name may repeat,
/// or `['name' => 'value', ...]`.
fn name_value_pairs(array: &ZendHashTable) -> Option<Vec<(String, String)>> {
    let text = |value: &Zval| value.zend_str().and_then(|s| s.as_str().ok()).map(str::to_owned);
    let mut pairs = Vec::with_capacity(array.len());
    for (key, value) in array.iter() {
        match key {
            ext_php_rs::types::ArrayKey::String(name) => pairs.push((name, text(value)?)),
            _ => {
                let pair = value.array()?;
                if pair.len() != 2 {
                    return None;
                }
                pairs.push((text(pair.get_index(0)?)?, text(pair.get_index(1)?)?));
            }
        }
    }
    Some(pairs)
}

/// The core refused a property of `array`: `TypeError` (naming the type
/// given, as PHP's) for a wrong type, else `ValueError`.
pub fn refused(param: Param, array: &ZendHashTable, error: PropertyError) -> PhpException {
    match error {
        PropertyError::Type { key, expected } => {
            let given = array.get(key).map(type_name).unwrap_or_default();
            if expected == "array" && given == "array" {
                let shape = format!("key \"{key}\" must be a list of [name, value] pairs of strings (or name => value)");
                return argument_error(param, &shape, ce::value_error());
            }
            argument_error(param, &format!("{error}, {given} given"), ce::type_error())
        }
        _ => argument_error(param, &error.to_string(), ce::value_error()),
    }
}

/// A property list as a PHP array.
pub fn to_php(list: &[(&'static str, Value)]) -> ZBox<ZendHashTable> {
    let mut array = ZendHashTable::with_capacity(list.len() as u32);
    for (key, value) in list {
        let _ = match value {
            Value::Int(n) => array.insert(*key, *n),
            Value::Bool(b) => array.insert(*key, *b),
            Value::Bytes(bytes) => array.insert(*key, ext_php_rs::binary::Binary::new(bytes.to_vec())),
            Value::Pairs(pairs) => {
                let mut list = ZendHashTable::with_capacity(pairs.len() as u32);
                for (name, value) in pairs {
                    let _ = list.push(vec![name.clone(), value.clone()]);
                }
                array.insert(*key, list)
            }
            Value::Ints(ints) => array.insert(*key, ints.clone()),
            Value::Other => array.insert(*key, ()),
        };
    }
    array
}

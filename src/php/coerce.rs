//! Parameters converted the way PHP's own internal functions convert them
//! (zpp): numeric strings for `int`, ints and `Stringable` objects for `string`,
//! scalars for `bool`, honouring the caller's `strict_types`, with PHP's
//! `TypeError` texts. ext-php-rs alone would reject `publish('t', 42)`.
//!
//! Each type declares its PHP type to ext-php-rs (so Reflection and the stub
//! show `int`, `?string`, ...) but accepts any value; the method converts it
//! with `get()` and learns the argument's position and name from `Param`.
//! When a conversion fails because PHP code threw (a `__toString()`), the
//! returned error is not thrown over it: ext-php-rs leaves a pending exception be.

use std::ffi::{c_char, CStr};

use ext_php_rs::convert::{FromZval, StubLiteral};
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::ffi::{zend_long, zend_string};
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;

extern "C" {
    fn zend_parse_arg_long_slow(arg: *mut Zval, dest: *mut zend_long, arg_num: u32) -> bool;
    fn zend_parse_arg_bool_slow(arg: *mut Zval, dest: *mut bool, arg_num: u32) -> bool;
    fn zend_parse_arg_str_slow(arg: *mut Zval, dest: *mut *mut zend_string, arg_num: u32) -> bool;
    fn zend_zval_type_name(arg: *const Zval) -> *const c_char;
    fn get_active_class_name(space: *mut *const c_char) -> *const c_char;
    fn get_active_function_name() -> *const c_char;
}

/// Where an argument sits, for error messages: `Argument #2 ($payload)`.
#[derive(Clone, Copy)]
pub struct Param(pub u32, pub &'static str);

fn cstr(ptr: *const c_char) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: callers pass a non-null (checked above), NUL-terminated string the
    // engine owns and keeps for the call (a function or type name); only read,
    // and copied at once, so no reference outlives it.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

/// "Mosquitto\Client::publish" for the running internal function.
pub fn active_function() -> String {
    let mut space: *const c_char = std::ptr::null();
    // SAFETY: reads the executor's current function (none gives ""); `space` is
    // our local out-pointer, the returned name an engine string only read.
    let class = cstr(unsafe { get_active_class_name(&mut space) });
    let sep = cstr(space);
    // SAFETY: as above, reads the running function's name, an engine string.
    format!("{class}{sep}{}", cstr(unsafe { get_active_function_name() }))
}

/// PHP's name for the type of `value`, a class name for objects.
pub fn type_name(value: &Zval) -> String {
    // SAFETY: `value` is a live zval (a reference), which the engine only reads;
    // it returns a static or class-owned name.
    cstr(unsafe { zend_zval_type_name(value) })
}

/// PHP's own `TypeError` for an argument of the running function.
pub fn type_error(param: Param, expected: &str, given: &Zval) -> PhpException {
    PhpException::new(
        format!("{}(): Argument #{} (${}) must be of type {expected}, {} given", active_function(), param.0, param.1, type_name(given)),
        0,
        ce::type_error(),
    )
}

/// PHP's own `ValueError` for an argument of the running function.
pub fn value_error(param: Param, message: &str) -> PhpException {
    argument_error(param, message, ce::value_error())
}

/// An error of class `class` about an argument of the running function, worded as PHP's.
pub fn argument_error(param: Param, message: &str, class: &'static ext_php_rs::zend::ClassEntry) -> PhpException {
    PhpException::new(format!("{}(): Argument #{} (${}) {message}", active_function(), param.0, param.1), 0, class)
}

/// zpp's slow path converts the argument in place (a string from an int or a
/// `Stringable`, "" from null). The argument is ours only as `&Zval`, so it is
/// converted in a counted copy we own instead: the caller's value (and the call
/// frame) are left as they were, and the copy releases whatever the conversion
/// made when it is dropped.
fn convert_owned<T>(zval: &Zval, convert: impl FnOnce(*mut Zval) -> Option<T>) -> Option<T> {
    let mut own = zval.shallow_clone();
    convert(std::ptr::from_mut(&mut own))
}

macro_rules! arg_type {
    ($(#[$doc:meta])* $name:ident, $default:ty, $php:expr, $nullable:expr) => {
        $(#[$doc])*
        pub enum $name<'a> {
            Given(&'a Zval),
            Default($default),
        }

        impl<'a> FromZval<'a> for $name<'a> {
            const TYPE: DataType = $php;
            const NULLABLE: bool = $nullable;
            fn from_zval(zval: &'a Zval) -> Option<Self> {
                Some($name::Given(zval))
            }
            fn from_missing() -> Option<Self> {
                $nullable.then(|| $name::Default(<$default>::default()))
            }
        }

        impl From<$default> for $name<'_> {
            fn from(value: $default) -> Self {
                $name::Default(value)
            }
        }

        impl StubLiteral for $name<'_> {
            fn stub_literal(&self) -> String {
                match self {
                    $name::Default(value) => value.stub_literal(),
                    $name::Given(_) => String::from("null"),
                }
            }
        }
    };
}

arg_type!(
    /// A required `int` parameter.
    Int, i64, DataType::Long, false
);
arg_type!(
    /// A required `bool` parameter.
    Bool, bool, DataType::Bool, false
);
// A parameter with a default. ext-php-rs refuses an explicit `null` for a
// defaulted parameter unless its type is nullable, with a text PHP never
// prints; PHP's own internal functions (and Mosquitto-PHP) instead emit "Passing
// null to parameter #3 ($qos) of type int is deprecated" and go on with 0/false
// (a `TypeError` under `strict_types`). So these say "nullable" to ext-php-rs,
// `get()` converts null as zpp does, and `handlers::exact_arginfo` takes the
// `?` off again, so Reflection and subclasses see Mosquitto-PHP's `int`/`bool`.
arg_type!(
    /// An `int` parameter with a default.
    DefInt, i64, DataType::Long, true
);
arg_type!(
    /// A `bool` parameter with a default.
    DefBool, bool, DataType::Bool, true
);

impl DefInt<'_> {
    pub fn get(&self, param: Param) -> PhpResult<i64> {
        match self {
            DefInt::Default(value) => Ok(*value),
            DefInt::Given(zval) => Int::Given(zval).get(param),
        }
    }
}

impl DefBool<'_> {
    pub fn get(&self, param: Param) -> PhpResult<bool> {
        match self {
            DefBool::Default(value) => Ok(*value),
            DefBool::Given(zval) => Bool::Given(zval).get(param),
        }
    }
}

impl Int<'_> {
    pub fn get(&self, param: Param) -> PhpResult<i64> {
        match self {
            Int::Default(value) => Ok(*value),
            Int::Given(zval) => {
                if let Some(value) = zval.long() {
                    return Ok(value);
                }
                let converted = convert_owned(zval, |own| {
                    let mut out: zend_long = 0;
                    // SAFETY: `own` points to our own counted copy of the argument (see
                    // `convert_owned`), alive and not otherwise referenced for the call,
                    // so the engine may convert it in place; `out` is a local.
                    unsafe { zend_parse_arg_long_slow(own, &mut out, param.0) }.then_some(out)
                });
                converted.ok_or_else(|| type_error(param, "int", zval))
            }
        }
    }
}

impl Bool<'_> {
    pub fn get(&self, param: Param) -> PhpResult<bool> {
        match self {
            Bool::Default(value) => Ok(*value),
            Bool::Given(zval) => {
                if let Some(value) = zval.bool() {
                    return Ok(value);
                }
                let converted = convert_owned(zval, |own| {
                    let mut out = false;
                    // SAFETY: as for Int::get: our own copy, and a local `out`.
                    unsafe { zend_parse_arg_bool_slow(own, &mut out, param.0) }.then_some(out)
                });
                converted.ok_or_else(|| type_error(param, "bool", zval))
            }
        }
    }
}

/// A `string` (or, with `NULLABLE`, `?string`) parameter, binary-safe.
pub struct Str<'a>(&'a Zval);

impl<'a> FromZval<'a> for Str<'a> {
    const TYPE: DataType = DataType::String;
    fn from_zval(zval: &'a Zval) -> Option<Self> {
        Some(Str(zval))
    }
}

impl Str<'_> {
    /// The bytes of a `string` argument; `null` is converted like PHP 8.2 does
    /// for internal functions (to "", with the deprecation notice).
    pub fn bytes(&self, param: Param) -> PhpResult<Vec<u8>> {
        self.convert(param, "string")
    }

    /// The bytes of an argument that is a PHP string already, read in place
    /// (no copy); None for any other type, which [`Str::bytes`] converts.
    pub fn as_string(&self) -> Option<&[u8]> {
        self.0.zend_str().map(|s| s.as_bytes())
    }

    /// `?string`, binary-safe: null gives no bytes (and no deprecation notice).
    pub fn optional_bytes(&self, param: Param) -> PhpResult<Option<Vec<u8>>> {
        if self.0.is_null() {
            return Ok(None);
        }
        self.convert(param, "?string").map(Some)
    }

    fn convert(&self, param: Param, expected: &str) -> PhpResult<Vec<u8>> {
        if let Some(bytes) = self.0.zend_str().map(|s| s.as_bytes()) {
            return Ok(bytes.to_vec());
        }
        let converted = convert_owned(self.0, |own| {
            let mut out: *mut zend_string = std::ptr::null_mut();
            // SAFETY: as for Int::get: our own copy, and a local `out`; a string
            // conversion stores the new string in the copy.
            if !unsafe { zend_parse_arg_str_slow(own, &mut out, param.0) } || out.is_null() {
                return None;
            }
            // SAFETY: on success `out` is the string now held by our copy, which is
            // alive until `convert_owned` returns; only read and copied at once.
            Some(unsafe { &*out }.as_bytes().to_vec())
        });
        converted.ok_or_else(|| type_error(param, expected, self.0))
    }

    /// A `string` argument that must be text (topics, client ids, hosts).
    pub fn text(&self, param: Param) -> PhpResult<String> {
        String::from_utf8(self.bytes(param)?).map_err(|_| value_error(param, "must be valid UTF-8"))
    }

    /// `?string` that must be text: `None` for null.
    pub fn optional_text(&self, param: Param) -> PhpResult<Option<String>> {
        match self.optional_bytes(param)? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| value_error(param, "must be valid UTF-8")),
        }
    }
}

/// The default of an `array $x = []` parameter.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmptyArray;

impl StubLiteral for EmptyArray {
    fn stub_literal(&self) -> String {
        String::from("[]")
    }
}

arg_type!(
    /// An `array` parameter defaulting to `[]` (nullable for ext-php-rs only,
    /// as `DefInt`; `handlers` takes the `?` off again). PHP's internal
    /// functions do not convert anything else to an array: a `TypeError`.
    DefArray, EmptyArray, DataType::Array, true
);

impl DefArray<'_> {
    /// The array given; None when omitted.
    pub fn get(&self, param: Param) -> PhpResult<Option<&ZendHashTable>> {
        match self {
            DefArray::Default(_) => Ok(None),
            DefArray::Given(zval) => zval.array().map(Some).ok_or_else(|| type_error(param, "array", zval)),
        }
    }
}

//! `Mosquitto\Exception extends \Exception`, registered with a plain class
//! builder at module startup: a `#[php_class]` would give it Rust-backed object
//! handlers, and PHP could no longer construct it with `new`.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::zend::{ce, ClassEntry};
use mosquitto_core::MqttError;

pub const CLASS_NAME: &str = "Mosquitto\\Exception";

static EXCEPTION_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

/// Registers the class; called from MINIT.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CLASS_NAME)
        .extends((ce::exception, "\\Exception"))
        .registration(|class, arg_info| {
            // The class has no methods of its own, so the tables are empty; the
            // engine may still point at them for the life of the process.
            std::mem::forget(arg_info);
            EXCEPTION_CE.store(class, Ordering::Release);
        })
        .register()
}

fn class() -> &'static ClassEntry {
    // SAFETY: stored once in MINIT, before any PHP code can run; the class entry
    // lives until module shutdown. Falls back to \Exception should it be missing.
    unsafe { EXCEPTION_CE.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
}

/// A `Mosquitto\Exception` with the given message and code.
pub fn mosquitto_exception(message: impl Into<String>, code: i32) -> PhpException {
    PhpException::new(message.into(), code, class())
}

/// Converts a core result for `?` in a PHP method: libmosquitto's text, code 0
/// as in Mosquitto-PHP, except a CONNACK refusal, whose code is the return code
/// (on MQTT 5 the reason code, 128 and up).
pub fn mqtt<T>(result: Result<T, MqttError>) -> Result<T, PhpException> {
    result.map_err(|error| {
        let code = match error {
            MqttError::ConnackRefused(rc) => i32::from(rc),
            MqttError::Refused { code, .. } => i32::from(code),
            _ => 0,
        };
        mosquitto_exception(error.to_string(), code)
    })
}

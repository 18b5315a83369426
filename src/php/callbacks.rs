//! The PHP callables a client holds (`onConnect`, `onMessage`, ...), and how
//! they are called: only on the PHP thread, with no Rust borrow held while PHP
//! code runs (a callback may call back into the client, e.g. `publish()`).

use std::cell::RefCell;
use std::ffi::{c_char, CStr};

use ext_php_rs::convert::{FromZval, IntoZvalDyn};
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::ffi::zend_is_callable_ex;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{ce, ExecutorGlobals};

use crate::php::coerce::{self, Param};

/// A `callable` parameter, checked the way PHP checks internal functions'
/// callables, with the same `TypeError` text.
pub struct Callback<'a>(&'a Zval);

impl<'a> FromZval<'a> for Callback<'a> {
    const TYPE: DataType = DataType::Callable;
    fn from_zval(zval: &'a Zval) -> Option<Self> {
        Some(Callback(zval))
    }
}

impl Callback<'_> {
    /// A counted reference to the callable, once it is known to be callable.
    pub fn get(&self, param: Param) -> PhpResult<Zval> {
        let mut error: *mut c_char = std::ptr::null_mut();
        let slot = (self.0 as *const Zval).cast_mut();
        let callable = unsafe {
            zend_is_callable_ex(slot, std::ptr::null_mut(), 0, std::ptr::null_mut(), std::ptr::null_mut(), &mut error)
        };
        let reason = if error.is_null() {
            None
        } else {
            let text = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
            unsafe { ext_php_rs::alloc::efree(error.cast()) };
            Some(text)
        };
        if callable {
            return Ok(self.0.shallow_clone());
        }
        Err(PhpException::new(
            format!(
                "{}(): Argument #{} (${}) must be a valid callback, {}",
                coerce::active_function(),
                param.0,
                param.1,
                reason.unwrap_or_else(|| "no array or string given".into())
            ),
            0,
            ce::type_error(),
        ))
    }
}

/// Which callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Connect,
    Disconnect,
    Log,
    Subscribe,
    Unsubscribe,
    Message,
    Publish,
}

const KINDS: usize = 7;

#[derive(Default)]
pub struct Callbacks {
    slots: [RefCell<Option<Zval>>; KINDS],
}

impl Callbacks {
    pub fn set(&self, kind: Kind, callable: Zval) {
        *self.slots[kind as usize].borrow_mut() = Some(callable);
    }

    pub fn is_set(&self, kind: Kind) -> bool {
        self.slots[kind as usize].borrow().is_some()
    }

    /// Calls the callback for `kind`, if one is set. Returns false when it threw:
    /// the exception stays pending for PHP to propagate out of `loop()`.
    pub fn call(&self, kind: Kind, args: Vec<&dyn IntoZvalDyn>) -> bool {
        // A counted copy, so the callback may replace itself while it runs.
        let Some(callable) = self.slots[kind as usize].borrow().as_ref().map(Zval::shallow_clone) else {
            return true;
        };
        let _ = callable.try_call(args);
        !ExecutorGlobals::has_exception()
    }

    /// The stored callables, for the garbage collector: a closure that captures
    /// its own client (`use ($mqtt)`) is a cycle PHP can only see through these.
    pub fn for_each(&self, mut visit: impl FnMut(&Zval)) {
        for slot in &self.slots {
            if let Some(callable) = slot.borrow().as_ref() {
                visit(callable);
            }
        }
    }
}

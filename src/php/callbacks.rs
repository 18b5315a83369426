//! The PHP callables a client holds (`onConnect`, `onMessage`, ...), and how
//! they are called: only on the PHP thread, with no Rust borrow held while PHP
//! code runs (a callback may call back into the client, e.g. `publish()`).

use std::cell::RefCell;
use std::ffi::{c_char, CStr};

use ext_php_rs::convert::{FromZval, IntoZvalDyn};
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::ffi::{zend_call_known_function, zend_fcall_info_cache, zend_is_callable_ex, ZEND_ACC_CALL_VIA_TRAMPOLINE};
use ext_php_rs::flags::DataType;
use ext_php_rs::types::Zval;
use ext_php_rs::zend::{ce, ExecutorGlobals};

use crate::php::coerce::{self, Param};
use crate::php::exception::mosquitto_exception;

/// A `callable` parameter, checked the way Mosquitto-PHP checks it (zpp's
/// "callable or null"): null is its "Need a valid callback" exception, anything
/// else not callable PHP's own `TypeError` text.
pub struct Callback<'a>(&'a Zval);

impl<'a> FromZval<'a> for Callback<'a> {
    const TYPE: DataType = DataType::Callable;
    fn from_zval(zval: &'a Zval) -> Option<Self> {
        Some(Callback(zval))
    }
}

/// A callable resolved when it was registered, as PHP's own functions that take
/// a callable do (the fcall info cache): `[$this, 'privateMethod']` registered
/// inside its class is then called from `loop()` anywhere, like Mosquitto-PHP.
pub struct Resolved {
    /// Holds the object, closure or names the cache points into.
    callable: Zval,
    /// None for a `__call`/`__callStatic` trampoline, which PHP allocates per
    /// resolution: such a callable is public by nature and is resolved at each call.
    cache: Option<zend_fcall_info_cache>,
}

impl Callback<'_> {
    /// A counted reference to the callable and its resolution, once it is
    /// known to be callable from the caller's scope.
    pub fn get(&self, param: Param) -> PhpResult<Resolved> {
        if self.0.is_null() {
            return Err(mosquitto_exception("Need a valid callback", 0));
        }
        let mut error: *mut c_char = std::ptr::null_mut();
        // SAFETY: a plain C struct of pointers; all-zero is its "empty" value (null
        // pointers), the engine's own initialiser. A fresh local: nothing aliases it.
        let mut cache: zend_fcall_info_cache = unsafe { std::mem::zeroed() };
        // Our own counted copy of the argument (the one we keep on success): the
        // engine takes the callable as `zval*`, and the argument is only ours as `&`.
        let mut own = self.0.shallow_clone();
        // SAFETY: `own` is a live zval we own, passed as a unique `&mut` for the
        // call; zend_is_callable_ex resolves it in the scope of the calling user
        // code and fills `cache` and `error` (locals, ours alone; `error` receives
        // an emalloc'ed text freed below). Nothing else refers to `own`, so any
        // normalisation the engine does in place is a write to memory we own.
        let callable = unsafe { zend_is_callable_ex(&mut own, std::ptr::null_mut(), 0, std::ptr::null_mut(), &mut cache, &mut error) };
        let reason = if error.is_null() {
            None
        } else {
            // SAFETY: a NUL-terminated string zend_is_callable_ex allocated for us,
            // not shared with anyone, read before it is freed below.
            let text = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
            // SAFETY: freed once, with the allocator that made it; the copy above
            // holds no reference into it.
            unsafe { ext_php_rs::alloc::efree(error.cast()) };
            Some(text)
        };
        if callable {
            // SAFETY: the handler was just filled in by a successful resolution and
            // checked non-null; a live zend_function, only read (a copy of its flags).
            let trampoline = !cache.function_handler.is_null()
                && unsafe { (*cache.function_handler).common.fn_flags } & ZEND_ACC_CALL_VIA_TRAMPOLINE != 0;
            if trampoline {
                // SAFETY: a trampoline handler from this resolution belongs to us
                // (release_trampoline's contract); `cache` is not used again, since
                // `Resolved` keeps no cache for a trampoline.
                unsafe { release_trampoline(cache) };
            }
            return Ok(Resolved { callable: own, cache: (!trampoline).then_some(cache) });
        }
        Err(PhpException::new(
            format!(
                "{}(): Argument #{} (${}) must be a valid callback or null, {}",
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

/// PHP's `zend_release_fcall_info_cache()` (an inline function, so not
/// exported) for a trampoline handler: its name and, unless it is the engine's
/// one static trampoline, the handler itself.
///
/// # Safety
/// `cache.function_handler` is a trampoline from `zend_is_callable_ex`, not used again.
// SAFETY: (contract) see `# Safety` above; callers pass a trampoline they own.
unsafe fn release_trampoline(cache: zend_fcall_info_cache) {
    let handler = cache.function_handler;
    // SAFETY: per the contract, `handler` is a live trampoline zend_function that no
    // one else uses any more; its name is a counted zend_string we release once; the
    // engine's own trampoline (EG(trampoline), through the raw pointer ext-php-rs's
    // accessor returns for this thread's executor globals, NTS or ZTS) is reached
    // with addr_of_mut! (no reference) and only its name is cleared, as
    // zend_release_fcall_info_cache does; otherwise the handler was emalloc'ed for
    // this resolution and is freed once.
    unsafe {
        let name = (*handler).common.function_name;
        if !name.is_null() {
            drop(ext_php_rs::boxed::ZBox::from_raw(name.cast::<ext_php_rs::types::ZendStr>()));
        }
        let engine = std::ptr::addr_of_mut!((*ext_php_rs::ffi::ext_php_rs_executor_globals()).trampoline);
        if handler == engine {
            (*engine).common.function_name = std::ptr::null_mut();
        } else {
            ext_php_rs::alloc::efree(handler.cast());
        }
    }
}

impl Resolved {
    /// Calls it; the result is discarded. A pending exception is left for the caller.
    fn call(&self, args: &[&dyn IntoZvalDyn]) {
        // The arguments live on the stack (callbacks take at most 6, MQTT 5's
        // onSubscribe): no allocation per call on the message path.
        let mut params: [Zval; MAX_ARGS] = std::array::from_fn(|_| Zval::new());
        if args.len() > MAX_ARGS {
            PhpException::new("Mosquitto: too many callback arguments".into(), 0, ce::error()).throw();
            return;
        }
        for (param, arg) in params.iter_mut().zip(args) {
            match arg.as_zval(false) {
                Ok(zval) => *param = zval,
                Err(_) => {
                    PhpException::new("Mosquitto: a callback argument could not be converted".into(), 0, ce::error()).throw();
                    return;
                }
            }
        }
        let params = &mut params[..args.len()];
        let Some(cache) = self.cache else {
            // A trampoline: resolved again now (it is public by nature).
            if self.callable.try_call(params.iter().map(|p| p as &dyn IntoZvalDyn).collect()).is_err() && !ExecutorGlobals::has_exception()
            {
                PhpException::new("Mosquitto: the callback could not be called".into(), 0, ce::error()).throw();
            }
            return;
        };
        let mut retval = Zval::new();
        // SAFETY: the cache was filled by zend_is_callable_ex at registration and
        // everything it points to (function, object, closure, class) is kept alive by
        // `self.callable`, which we hold; params are owned zvals, alive for the call.
        // Aliasing: `retval` and `params` are locals (params via `as_mut_ptr` of our
        // own array, reached through `&mut`), and the engine's pointers come from the
        // cache, not from a Rust reference; no borrow of the client is held while the
        // PHP code runs.
        unsafe {
            zend_call_known_function(
                cache.function_handler,
                cache.object,
                cache.called_scope,
                &mut retval,
                u32::try_from(params.len()).unwrap_or(0),
                params.as_mut_ptr(),
                std::ptr::null_mut(),
            );
        }
    }
}

/// The most arguments a callback gets (`onSubscribe`'s six on MQTT 5).
const MAX_ARGS: usize = 6;

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
    slots: [RefCell<Option<std::rc::Rc<Resolved>>>; KINDS],
}

impl Callbacks {
    pub fn set(&self, kind: Kind, callable: Resolved) {
        *self.slots[kind as usize].borrow_mut() = Some(std::rc::Rc::new(callable));
    }

    pub fn is_set(&self, kind: Kind) -> bool {
        self.slots[kind as usize].borrow().is_some()
    }

    /// Calls the callback for `kind`, if one is set. Returns false when it threw:
    /// the exception stays pending for PHP to propagate out of `loop()`.
    pub fn call(&self, kind: Kind, args: &[&dyn IntoZvalDyn]) -> bool {
        // A counted copy, so the callback may replace itself while it runs.
        let Some(callable) = self.slots[kind as usize].borrow().clone() else {
            return true;
        };
        callable.call(args);
        !ExecutorGlobals::has_exception()
    }

    /// The stored callables, for the garbage collector: a closure that captures
    /// its own client (`use ($mqtt)`) is a cycle PHP can only see through these.
    pub fn for_each(&self, mut visit: impl FnMut(&Zval)) {
        for slot in &self.slots {
            if let Some(callable) = slot.borrow().as_ref() {
                visit(&callable.callable);
            }
        }
    }
}

//! Engine hooks for `Mosquitto\Client` that ext-php-rs has no attribute for:
//! the global alias `MosquittoClient`, a destructor that disconnects (and fires
//! `onDisconnect`) however the object goes, a garbage-collector handler that
//! reports the stored callbacks, and object creation that starts every client
//! (subclasses too) in a defined "not constructed yet" state.

use std::ffi::{c_char, c_int};
use std::sync::Once;

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::ffi::{zend_class_entry, zend_get_gc_buffer, zend_lookup_class_ex, IS_VOID, ZEND_ACC_HAS_RETURN_TYPE};
use ext_php_rs::types::{ZendClassObject, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::ClassEntry;

use crate::php::client::Client;
use crate::php::message::Message;

const ALIAS: &str = "MosquittoClient";

/// `zend_get_gc_buffer` from Zend/zend_gc.h (ext-php-rs declares the struct,
/// not the functions that hand it out).
type GcBuffer = zend_get_gc_buffer;

extern "C" {
    fn zend_register_class_alias_ex(name: *const c_char, len: usize, ce: *mut zend_class_entry, persistent: bool) -> c_int;
    fn zend_objects_destroy_object(object: *mut ZendObject);
    fn zend_get_gc_buffer_create() -> *mut GcBuffer;
    fn zend_get_gc_buffer_grow(buffer: *mut GcBuffer);
}

/// The engine's `ZEND_FETCH_CLASS_NO_AUTOLOAD`.
const FETCH_NO_AUTOLOAD: u32 = 0x80;

static PATCH_HANDLERS: Once = Once::new();

/// RINIT: classes exist now. The handler table is patched once per process;
/// the alias is registered per request, since the engine discards class-table
/// entries added after startup when a request ends.
pub fn on_request_start() {
    PATCH_HANDLERS.call_once(|| {
        let handlers = std::ptr::from_ref(Client::get_metadata().handlers()).cast_mut();
        // SAFETY: the pointer is ext-php-rs's handler table for the class, a leaked
        // 'static allocation, so it is valid. Aliasing: the table is reached through
        // a shared reference (ext-php-rs offers no `&mut`), and this write happens
        // once (`Once`) before any object of the class exists, so no reference
        // into the fields written is live; objects only read the table later.
        // This is still a write through a pointer derived from `&` (see issue 12).
        unsafe {
            (*handlers).dtor_obj = Some(client_dtor);
            (*handlers).get_gc = Some(client_get_gc);
        }
        let client_ce = std::ptr::from_ref(Client::get_metadata().ce()).cast_mut();
        // SAFETY: the class entry ext-php-rs registered at MINIT, alive until
        // MSHUTDOWN. Aliasing: as above, written once before any object exists or
        // any user class extends it (subclasses copy `create_object` when they are
        // declared, after RINIT); still derived from `&` (see issue 12).
        unsafe { (*client_ce).__bindgen_anon_2.create_object = Some(create_client) };
        for class in [Client::get_metadata().ce(), Message::get_metadata().ce()] {
            untype_void_returns(class);
        }
        exact_arginfo();
        let handlers = std::ptr::from_ref(Message::get_metadata().handlers()).cast_mut();
        // SAFETY: as for the client's table above: ext-php-rs's leaked 'static
        // table, written once before any Message exists; derived from `&` (issue 12).
        unsafe { (*handlers).clone_obj = Some(clone_message) };
        let message_ce = std::ptr::from_ref(Message::get_metadata().ce()).cast_mut();
        // SAFETY: as for the client's class entry above: valid from MINIT to
        // MSHUTDOWN, written once before any object or subclass exists (subclasses
        // copy these when they are declared, after RINIT); derived from `&` (issue 12).
        unsafe {
            (*message_ce).__bindgen_anon_2.create_object = Some(create_message);
            // A Message is a value: serialize() works as on Mosquitto-PHP (ext-php-rs
            // forbids it for every class backed by a Rust object).
            (*message_ce).ce_flags &= !ext_php_rs::ffi::ZEND_ACC_NOT_SERIALIZABLE;
            (*message_ce).serialize = None;
            (*message_ce).unserialize = None;
        }
    });
    register_alias();
}

/// Mosquitto-PHP declares no return type on its methods that return null. A
/// declared `: void` (what ext-php-rs writes for `()`) would make PHP reject
/// subclasses that override such a method without one, so it is removed.
fn untype_void_returns(class: &ClassEntry) {
    let table = &class.function_table;
    for (_, function) in table.iter() {
        // SAFETY: an entry of a class's function table is an IS_PTR zval holding a
        // `zend_function*`; reading the pointer out creates no reference.
        let Some(function) = (unsafe { function.ptr::<ext_php_rs::ffi::zend_function>() }) else { continue };
        // SAFETY: the function table entry points to a live internal function of
        // our class, reached through a raw pointer; see `remove_return_type`.
        unsafe { remove_return_type(function, true) };
    }
}

/// Removes the declared return type of an internal function (only a `void`
/// one when `only_void`), so userland overrides without one stay compatible.
///
/// # Safety
/// `function` is one of our classes' internal functions, allocated by the
/// engine at MINIT and alive until MSHUTDOWN, reached through the raw pointer
/// the engine stored (not derived from a Rust reference); the caller runs once
/// (`Once`) at the first RINIT, before any PHP code, so nothing else holds a
/// reference into these entries.
unsafe fn remove_return_type(function: *mut ext_php_rs::ffi::zend_function, only_void: bool) {
    // SAFETY: see the function's contract. With a return type, the entry
    // before `arg_info` is the return type's (the engine's layout for internal
    // functions).
    unsafe {
        let common = &mut (*function).common;
        if common.arg_info.is_null() || common.fn_flags & ZEND_ACC_HAS_RETURN_TYPE == 0 {
            return;
        }
        let returned = &mut *common.arg_info.sub(1);
        if only_void && returned.type_.type_mask & (1 << IS_VOID) == 0 {
            return;
        }
        returned.type_.type_mask = 0;
        returned.type_.ptr = std::ptr::null_mut();
        common.fn_flags &= !ZEND_ACC_HAS_RETURN_TYPE;
    }
}

/// Parameter and return types exactly as Mosquitto-PHP's arginfo declares
/// them, so every subclass written for it loads here:
/// - no `int`/`bool` parameter is nullable there (ours are marked nullable for
///   ext-php-rs only, see `coerce::DefInt`);
/// - `Message::tokeniseTopic()` has no return type there, and `__serialize()`
///   (which it lacks) gets none either, so overrides without one still compile.
fn exact_arginfo() {
    const MAY_BE_NULL: u32 = ext_php_rs::ffi::_ZEND_TYPE_NULLABLE_BIT;
    const MAY_BE_LONG: u32 = 1 << 4;
    const MAY_BE_BOOL: u32 = (1 << 2) | (1 << 3);
    for (_, function) in Client::get_metadata().ce().function_table.iter() {
        // SAFETY: an entry of a class's function table is an IS_PTR zval holding a
        // `zend_function*`; reading the pointer out creates no reference.
        let Some(function) = (unsafe { function.ptr::<ext_php_rs::ffi::zend_function>() }) else { continue };
        // SAFETY: `function` is one of the class's internal functions (engine
        // memory, alive until MSHUTDOWN, reached through a raw pointer, not a Rust
        // reference); `num_args` entries follow `arg_info`, arrays ext-php-rs built
        // at MINIT and leaked. Aliasing: runs once at the first RINIT, before any
        // PHP code, so nothing holds a reference into them.
        unsafe {
            let common = &mut (*function).common;
            if common.arg_info.is_null() {
                continue;
            }
            for i in 0..common.num_args as usize {
                let arg = &mut *common.arg_info.add(i);
                let mask = arg.type_.type_mask;
                if mask & MAY_BE_NULL != 0 && mask & (MAY_BE_LONG | MAY_BE_BOOL) != 0 && arg.type_.ptr.is_null() {
                    arg.type_.type_mask = mask & !MAY_BE_NULL;
                }
            }
        }
    }
    for (name, function) in Message::get_metadata().ce().function_table.iter() {
        if !matches!(name.to_string().as_str(), "tokenisetopic" | "__serialize") {
            continue;
        }
        // SAFETY: as above.
        let Some(function) = (unsafe { function.ptr::<ext_php_rs::ffi::zend_function>() }) else { continue };
        // SAFETY: as above.
        unsafe { remove_return_type(function, false) };
    }
}

/// Creates a `Mosquitto\Message` of the class asked for (a subclass stays a
/// subclass: its constructor, methods and property defaults are its own).
// SAFETY: (contract) called by the engine only, as `create_object`, with the
// class being instantiated; returns an object the engine then owns.
unsafe extern "C" fn create_message(ce: *mut zend_class_entry) -> *mut ZendObject {
    // SAFETY: the engine passes the class being instantiated, Message or a
    // subclass, a live class entry; only read here, so a shared reference is fine.
    let mut object = unsafe { ZendClassObject::<Message>::new_uninit(ce.cast::<ClassEntry>().as_ref()) };
    object.initialize(Message::default());
    let raw = object.into_raw();
    // SAFETY: `into_raw` yields a valid object that nobody else has seen yet, so
    // this is the only reference; the engine takes it over.
    unsafe { (*raw).get_mut_zend_obj() }
}

/// `clone $message`: the same class, the five values and the object's own properties (then `__clone`).
// SAFETY: (contract) called by the engine only, as `clone_obj`, with a live
// Message (or subclass) object.
unsafe extern "C" fn clone_message(old: *mut ZendObject) -> *mut ZendObject {
    // SAFETY: the engine passes a live Message (or subclass) object, which
    // nothing else borrows while it is cloned.
    let ce = unsafe { (*old).ce };
    // SAFETY: as above; the `&mut` is the only reference to the object while the
    // five values are cloned out of it, and it ends before `old` is used again.
    let values =
        unsafe { old.as_mut() }.and_then(ZendClassObject::<Message>::from_zend_obj_mut).and_then(|o| o.obj.clone()).unwrap_or_default();
    // SAFETY: `ce` is the live class entry of `old` (Message or a subclass), as
    // create_message requires; no reference to it is held.
    let new = unsafe { create_message(ce) };
    // SAFETY: the object just created (valid, non-null unless allocation failed,
    // which as_mut handles); ours alone until it is returned, so no alias.
    if let Some(object) = unsafe { new.as_mut() }.and_then(ZendClassObject::<Message>::from_zend_obj_mut) {
        object.initialize(values);
    }
    // SAFETY: two live objects of the same class; no Rust reference into either is
    // held across the call, which copies properties and may run PHP's __clone.
    unsafe { ext_php_rs::ffi::zend_objects_clone_members(new, old) };
    new
}

fn register_alias() {
    let name = ext_php_rs::types::ZendStr::new(ALIAS, false);
    // SAFETY: `name` is a valid zend_string alive for the call; a null key and
    // NO_AUTOLOAD make the engine only look the name up (no PHP code runs); the
    // engine reads the string, and nothing else refers to this fresh allocation.
    let exists = unsafe { zend_lookup_class_ex(name.as_ptr().cast_mut(), std::ptr::null_mut(), FETCH_NO_AUTOLOAD) };
    if !exists.is_null() {
        return;
    }
    let ce: *const ClassEntry = Client::get_metadata().ce();
    // SAFETY: `ALIAS` is a valid UTF-8 buffer of `ALIAS.len()` bytes (the engine
    // copies it); `ce` is the client's class entry registered at MINIT, alive
    // until MSHUTDOWN. The engine only stores the pointer in its class table (the
    // `*mut` is what the C signature asks for; nothing is written through it).
    unsafe {
        zend_register_class_alias_ex(ALIAS.as_ptr().cast(), ALIAS.len(), ce.cast_mut().cast(), false);
    }
}

/// Creates a `Mosquitto\Client` (or subclass) object, already holding an
/// unconstructed client, so methods called before or without `__construct`
/// find a defined state. `__construct` replaces it.
// SAFETY: (contract) called by the engine only, as `create_object`, with the
// class being instantiated; returns an object the engine then owns.
unsafe extern "C" fn create_client(ce: *mut zend_class_entry) -> *mut ZendObject {
    // SAFETY: the engine passes the class being instantiated, Client or a
    // subclass, a live class entry; only read here, so a shared reference is fine.
    let mut object = unsafe { ZendClassObject::<Client>::new_uninit(ce.cast::<ClassEntry>().as_ref()) };
    object.initialize(Client::unconstructed());
    let raw = object.into_raw();
    // SAFETY: `into_raw` yields a valid object that nobody else has seen yet, so
    // this is the only reference; the engine takes it over.
    unsafe { (*raw).get_mut_zend_obj() }
}

/// The destructor: a client still connected when it goes away disconnects and
/// fires `onDisconnect(0)`, as Mosquitto-PHP does; then any PHP `__destruct`.
// SAFETY: (contract) called by the engine only, as `dtor_obj`, with a live
// Client (or subclass) object.
unsafe extern "C" fn client_dtor(object: *mut ZendObject) {
    // SAFETY: the engine passes a live object; the `&mut` only lives long enough
    // to reach the Rust client, and `destroy()` takes `&self` (its state is in
    // cells), so PHP code it runs (`onDisconnect`) may use the object again.
    if let Some(client) = unsafe { object.as_mut() }.and_then(ZendClassObject::<Client>::from_zend_obj_mut).and_then(|o| o.obj.as_ref()) {
        // No panic may unwind into the engine.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| client.destroy()));
    }
    // SAFETY: the same live object; no Rust reference into it is held any more,
    // and the engine's default destructor may run PHP's __destruct.
    unsafe { zend_objects_destroy_object(object) };
}

/// Reports the callbacks (and the ordinary properties) to the cycle collector,
/// so `$c->onMessage(function () use ($c) {...})` can be collected.
// SAFETY: (contract) called by the engine only, as `get_gc`, with a live Client
// (or subclass) object and valid out-pointers `table` and `n`.
unsafe extern "C" fn client_get_gc(object: *mut ZendObject, table: *mut *mut Zval, n: *mut c_int) -> *mut ZendHashTable {
    // SAFETY: the engine passes a live object; the collector runs no PHP code
    // while it walks, so this `&mut` is the only reference for its lifetime.
    let obj = unsafe { &mut *object };
    // SAFETY: returns the engine's per-request GC buffer (EG(get_gc_buffer)),
    // valid until the next call; no PHP code runs, nothing else uses it meanwhile.
    let buffer = unsafe { zend_get_gc_buffer_create() };
    if let Some(client) = ZendClassObject::<Client>::from_zend_obj_mut(obj).and_then(|o| o.obj.as_ref()) {
        client.callbacks().for_each(|callable| {
            // SAFETY: `buffer` is valid (above) and each `&mut *buffer` ends before
            // the grow call or the next iteration, so no two references overlap;
            // grow leaves room for one zval; `callable` is a live zval the client
            // holds, copied bitwise (the collector takes no reference count).
            unsafe {
                let buf = &mut *buffer;
                if buf.cur == buf.end {
                    zend_get_gc_buffer_grow(buffer);
                }
                let buf = &mut *buffer;
                std::ptr::copy_nonoverlapping(std::ptr::from_ref(callable), buf.cur, 1);
                buf.cur = buf.cur.add(1);
            }
        });
    }
    // SAFETY: `buffer` as above (only read here); `table` and `n` are the engine's
    // out-pointers, valid for writes; `cur` and `start` are in one allocation.
    unsafe {
        let buf = &*buffer;
        *table = buf.start;
        *n = c_int::try_from(buf.cur.offset_from(buf.start)).unwrap_or(0);
    }
    // SAFETY: the live object again; the earlier `&mut` has ended.
    let obj = unsafe { &mut *object };
    if obj.properties.is_null() {
        std::ptr::null_mut()
    } else {
        obj.properties
    }
}

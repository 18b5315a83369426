//! Engine hooks for `Mosquitto\Client` that ext-php-rs has no attribute for:
//! the global alias `MosquittoClient`, a destructor that disconnects (and fires
//! `onDisconnect`) however the object goes, a garbage-collector handler that
//! reports the stored callbacks, and object creation that starts every client
//! (subclasses too) in a defined "not constructed yet" state.

use std::ffi::{c_char, c_int};
use std::sync::Once;

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::ffi::zend_class_entry;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::ClassEntry;

use crate::php::client::Client;
use crate::php::message::Message;

const ALIAS: &str = "MosquittoClient";

/// `zend_get_gc_buffer` from Zend/zend_gc.h.
#[repr(C)]
struct GcBuffer {
    cur: *mut Zval,
    end: *mut Zval,
    start: *mut Zval,
}

extern "C" {
    fn zend_register_class_alias_ex(name: *const c_char, len: usize, ce: *mut zend_class_entry, persistent: bool) -> c_int;
    fn zend_lookup_class_ex(name: *mut ext_php_rs::ffi::zend_string, key: *mut ext_php_rs::ffi::zend_string, flags: u32) -> *mut zend_class_entry;
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
        // SAFETY: the table is the class's static handler table, fully built,
        // and objects only read it; nothing runs concurrently at RINIT in NTS.
        unsafe {
            (*handlers).dtor_obj = Some(client_dtor);
            (*handlers).get_gc = Some(client_get_gc);
        }
        let client_ce = std::ptr::from_ref(Client::get_metadata().ce()).cast_mut();
        // SAFETY: as above; user subclasses copy this pointer when they are
        // compiled, which is after RINIT.
        unsafe { (*client_ce).__bindgen_anon_2.create_object = Some(create_client) };
        for class in [Client::get_metadata().ce(), Message::get_metadata().ce()] {
            untype_void_returns(class);
        }
        exact_arginfo();
        let handlers = std::ptr::from_ref(Message::get_metadata().handlers()).cast_mut();
        // SAFETY: as above, the class's static handler table.
        unsafe { (*handlers).clone_obj = Some(clone_message) };
        let message_ce = std::ptr::from_ref(Message::get_metadata().ce()).cast_mut();
        // SAFETY: as above; subclasses copy these when they are compiled, after RINIT.
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
    const IS_VOID: u32 = 14;
    const ZEND_ACC_HAS_RETURN_TYPE: u32 = 1 << 13;
    let table = &class.function_table;
    for (_, function) in table.iter() {
        let Some(function) = (unsafe { function.ptr::<ext_php_rs::ffi::zend_function>() }) else { continue };
        unsafe {
            let common = &mut (*function).common;
            if common.arg_info.is_null() || common.fn_flags & ZEND_ACC_HAS_RETURN_TYPE == 0 {
                continue;
            }
            let returned = &mut *common.arg_info.sub(1);
            if returned.type_.type_mask & (1 << IS_VOID) != 0 {
                returned.type_.type_mask = 0;
                returned.type_.ptr = std::ptr::null_mut();
                common.fn_flags &= !ZEND_ACC_HAS_RETURN_TYPE;
            }
        }
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
    const ZEND_ACC_HAS_RETURN_TYPE: u32 = 1 << 13;
    for (_, function) in Client::get_metadata().ce().function_table.iter() {
        // SAFETY: the class's registered internal functions; their arginfo arrays are
        // ours (built by ext-php-rs at MINIT), read by the engine only, and NTS.
        let Some(function) = (unsafe { function.ptr::<ext_php_rs::ffi::zend_function>() }) else { continue };
        // SAFETY: `function` is one of those functions; `num_args` entries follow
        // `arg_info`, and nothing else holds a reference to them at RINIT.
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
        // SAFETY: as above; with a return type, the entry before `arg_info` is
        // the return type's (the engine's layout for internal functions).
        unsafe {
            let common = &mut (*function).common;
            if common.arg_info.is_null() || common.fn_flags & ZEND_ACC_HAS_RETURN_TYPE == 0 {
                continue;
            }
            let returned = &mut *common.arg_info.sub(1);
            returned.type_.type_mask = 0;
            returned.type_.ptr = std::ptr::null_mut();
            common.fn_flags &= !ZEND_ACC_HAS_RETURN_TYPE;
        }
    }
}

/// Creates a `Mosquitto\Message` of the class asked for (a subclass stays a
/// subclass: its constructor, methods and property defaults are its own).
unsafe extern "C" fn create_message(ce: *mut zend_class_entry) -> *mut ZendObject {
    // SAFETY: the engine passes the class being instantiated, Message or a subclass.
    let mut object = unsafe { ZendClassObject::<Message>::new_uninit(ce.cast::<ClassEntry>().as_ref()) };
    object.initialize(Message::default());
    let raw = object.into_raw();
    // SAFETY: `into_raw` yields a valid object the engine takes over.
    unsafe { (*raw).get_mut_zend_obj() }
}

/// `clone $message`: the same class, the five values and the object's own properties (then `__clone`).
unsafe extern "C" fn clone_message(old: *mut ZendObject) -> *mut ZendObject {
    // SAFETY: the engine passes a live Message (or subclass) object, which
    // nothing else borrows while it is cloned.
    let ce = unsafe { (*old).ce };
    // SAFETY: as above.
    let values = unsafe { old.as_mut() }
        .and_then(ZendClassObject::<Message>::from_zend_obj_mut)
        .and_then(|o| o.obj.clone())
        .unwrap_or_default();
    // SAFETY: as in create_message.
    let new = unsafe { create_message(ce) };
    // SAFETY: the object just created, ours alone until it is returned.
    if let Some(object) = unsafe { new.as_mut() }.and_then(ZendClassObject::<Message>::from_zend_obj_mut) {
        object.initialize(values);
    }
    // SAFETY: two live objects of the same class; copies properties and calls __clone.
    unsafe { ext_php_rs::ffi::zend_objects_clone_members(new, old) };
    new
}

fn register_alias() {
    let name = ext_php_rs::types::ZendStr::new(ALIAS, false);
    let exists = unsafe { zend_lookup_class_ex(name.as_ptr().cast_mut(), std::ptr::null_mut(), FETCH_NO_AUTOLOAD) };
    if !exists.is_null() {
        return;
    }
    let ce: *const ClassEntry = Client::get_metadata().ce();
    unsafe {
        zend_register_class_alias_ex(ALIAS.as_ptr().cast(), ALIAS.len(), ce.cast_mut().cast(), false);
    }
}

/// Creates a `Mosquitto\Client` (or subclass) object, already holding an
/// unconstructed client, so methods called before or without `__construct`
/// find a defined state. `__construct` replaces it.
unsafe extern "C" fn create_client(ce: *mut zend_class_entry) -> *mut ZendObject {
    let mut object = unsafe { ZendClassObject::<Client>::new_uninit(ce.cast::<ClassEntry>().as_ref()) };
    object.initialize(Client::unconstructed());
    let raw = object.into_raw();
    unsafe { (*raw).get_mut_zend_obj() }
}

/// The destructor: a client still connected when it goes away disconnects and
/// fires `onDisconnect(0)`, as Mosquitto-PHP does; then any PHP `__destruct`.
unsafe extern "C" fn client_dtor(object: *mut ZendObject) {
    if let Some(client) = unsafe { object.as_mut() }
        .and_then(ZendClassObject::<Client>::from_zend_obj_mut)
        .and_then(|o| o.obj.as_ref())
    {
        // No panic may unwind into the engine.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| client.destroy()));
    }
    unsafe { zend_objects_destroy_object(object) };
}

/// Reports the callbacks (and the ordinary properties) to the cycle collector,
/// so `$c->onMessage(function () use ($c) {...})` can be collected.
unsafe extern "C" fn client_get_gc(object: *mut ZendObject, table: *mut *mut Zval, n: *mut c_int) -> *mut ZendHashTable {
    let obj = unsafe { &mut *object };
    let buffer = unsafe { zend_get_gc_buffer_create() };
    if let Some(client) = ZendClassObject::<Client>::from_zend_obj_mut(obj).and_then(|o| o.obj.as_ref()) {
        client.callbacks().for_each(|callable| unsafe {
            let buf = &mut *buffer;
            if buf.cur == buf.end {
                zend_get_gc_buffer_grow(buffer);
            }
            let buf = &mut *buffer;
            std::ptr::copy_nonoverlapping(std::ptr::from_ref(callable), buf.cur, 1);
            buf.cur = buf.cur.add(1);
        });
    }
    unsafe {
        let buf = &*buffer;
        *table = buf.start;
        *n = c_int::try_from(buf.cur.offset_from(buf.start)).unwrap_or(0);
    }
    let obj = unsafe { &mut *object };
    if obj.properties.is_null() {
        std::ptr::null_mut()
    } else {
        obj.properties
    }
}

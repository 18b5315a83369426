//! Engine hooks for `Mosquitto\Client` that ext-php-rs has no attribute for:
//! the global alias `MosquittoClient`, a destructor that disconnects (and fires
//! `onDisconnect`) however the object goes, a garbage-collector handler that
//! reports the stored callbacks, and object creation that starts every client
//! (subclasses too) in a defined "not constructed yet" state.

use std::ffi::{c_char, c_int, c_void};
use std::sync::{Mutex, Once, PoisonError};

use ext_php_rs::class::{ClassMetadata, RegisteredClass};
use ext_php_rs::ffi::{
    _zend_known_string_id_ZEND_STR_SENSITIVEPARAMETER, ext_php_rs_compiler_globals, zend_class_entry, zend_function, zend_get_gc_buffer,
    zend_hash_str_find_ptr_lc, zend_known_strings, zend_string, HashTable, IS_VOID, ZEND_ACC_HAS_RETURN_TYPE,
};
use ext_php_rs::types::{ZendClassObject, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ClassEntry, ZendObjectHandlers};

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
    fn zend_std_get_properties_for(object: *mut ZendObject, purpose: ext_php_rs::ffi::zend_prop_purpose) -> *mut HashTable;
    /// Zend/zend.h: called once by zend_post_startup(), after every MINIT.
    static mut zend_post_startup_cb: Option<PostStartup>;
    /// Zend/zend_attributes.h (PHP 8.1+), which ext-php-rs does not export.
    fn zend_add_attribute(
        attributes: *mut *mut HashTable,
        name: *mut zend_string,
        argc: u32,
        flags: u32,
        offset: u32,
        lineno: u32,
    ) -> *mut c_void;
}

/// `ZEND_ATTRIBUTE_PERSISTENT` (Zend/zend_attributes.h): the attribute lives
/// in persistent memory, as an internal function's must.
const ZEND_ATTRIBUTE_PERSISTENT: u32 = 1;

static PATCH_HANDLERS: Once = Once::new();

/// The `zend_post_startup_cb` that was set before ours (opcache sets its own
/// after module startup and calls ours first; keeping the previous one makes
/// the chain work in either order).
static PREVIOUS_POST_STARTUP: Mutex<Option<PostStartup>> = Mutex::new(None);

type PostStartup = unsafe extern "C" fn() -> c_int;

/// MINIT: ext-php-rs registers the classes after our startup function returns,
/// so the class patches run from the engine's post-startup callback, after
/// every module's MINIT and before any script (opcache preloading included)
/// runs. `on_request_start` applies them too, for a module loaded by `dl()`,
/// which gets no post-startup call.
pub fn on_module_startup() {
    // SAFETY: `zend_post_startup_cb` is the engine's global callback pointer,
    // reached with addr_of_mut! (no reference); MINIT runs on one thread before
    // `zend_post_startup()` reads it once.
    unsafe {
        let slot = std::ptr::addr_of_mut!(zend_post_startup_cb);
        let previous = (*slot).replace(post_startup);
        *PREVIOUS_POST_STARTUP.lock().unwrap_or_else(PoisonError::into_inner) = previous;
    }
}

/// The engine's post-startup callback: patch the classes, then the previous callback.
// SAFETY: (contract) called by the engine once, from zend_post_startup(), on
// the startup thread.
unsafe extern "C" fn post_startup() -> c_int {
    // No panic may unwind into the engine.
    let _ = std::panic::catch_unwind(patch_classes);
    let previous = PREVIOUS_POST_STARTUP.lock().unwrap_or_else(PoisonError::into_inner).take();
    match previous {
        // SAFETY: the engine's previous callback, saved by `on_module_startup`,
        // called once, as zend_post_startup() would have called it.
        Some(previous) => unsafe { previous() },
        None => 0,
    }
}

/// RINIT: the class patches (once per process, if post-startup has not made
/// them), then the alias, registered per request, since the engine discards
/// class-table entries added after startup when a request ends.
pub fn on_request_start() {
    patch_classes();
    register_alias();
}

/// The handler tables and class entries are patched once per process, before
/// any PHP code runs.
///
/// Every write goes through a pointer that may write: the class entries and
/// their functions are reached through the `*mut` the engine's class table
/// hands out (`engine_class`), never through ext-php-rs's `&ClassEntry`; the
/// handler tables through `handler_table`.
fn patch_classes() {
    PATCH_HANDLERS.call_once(|| {
        if let Some(handlers) = handler_table::<Client>() {
            // SAFETY: `handler_table`'s pointer may write (see there); this is the
            // only write, made once (`Once`) before any object of the class exists,
            // so no reference into the table is live and no object reads it yet.
            unsafe {
                (*handlers).dtor_obj = Some(client_dtor);
                (*handlers).get_gc = Some(client_get_gc);
            }
        }
        if let Some(handlers) = handler_table::<Message>() {
            // SAFETY: as for the client's table above.
            unsafe {
                (*handlers).clone_obj = Some(clone_message);
                (*handlers).get_properties_for = Some(message_properties_for);
            }
        }
        if let Some(client_ce) = engine_class(Client::CLASS_NAME) {
            // SAFETY: the engine's own pointer to the class entry registered at MINIT
            // (alive until MSHUTDOWN), from its class table, so it may write. Written
            // once before any object exists or any user class extends it (subclasses,
            // preloaded ones too, copy `create_object` when they are declared, after
            // post-startup); no Rust reference into the entry is held across the write.
            unsafe { (*client_ce).__bindgen_anon_2.create_object = Some(create_client) };
            // SAFETY: the same live, writable class entry; see the function.
            unsafe {
                untype_void_returns(client_ce);
                exact_client_arginfo(client_ce);
                hide_mqtt5_parameters(client_ce);
                mark_sensitive_parameters(client_ce);
            }
        }
        if let Some(message_ce) = engine_class(Message::CLASS_NAME) {
            // SAFETY: as for the client's class entry above: the engine's writable
            // pointer, written once before any object or subclass exists.
            unsafe {
                (*message_ce).__bindgen_anon_2.create_object = Some(create_message);
                // A Message is a value: serialize() works as on Mosquitto-PHP (ext-php-rs
                // forbids it for every class backed by a Rust object).
                (*message_ce).ce_flags &= !ext_php_rs::ffi::ZEND_ACC_NOT_SERIALIZABLE;
                (*message_ce).serialize = None;
                (*message_ce).unserialize = None;
            }
            // SAFETY: the same live, writable class entry; see the function.
            unsafe {
                untype_void_returns(message_ce);
                for name in ["tokenisetopic", "__serialize"] {
                    if let Some(function) = method(message_ce, name) {
                        remove_return_type(function, false);
                    }
                }
            }
        }
    });
}

/// The class entry the engine's class table (`CG(class_table)`) holds for
/// `name`: the `*mut` the engine hands out (and writes through itself), so our
/// writes through it are not writes through a pointer derived from
/// ext-php-rs's `&ClassEntry`. Valid from MINIT on (no executor needed).
fn engine_class(name: &str) -> Option<*mut zend_class_entry> {
    // SAFETY: ext-php-rs's accessor returns this thread's compiler globals (a
    // static in NTS, the thread's in ZTS), alive for the process; one pointer
    // field is read through the raw pointer, no reference is made.
    let table = unsafe { std::ptr::addr_of!((*ext_php_rs_compiler_globals()).class_table).read() };
    if table.is_null() {
        return None;
    }
    // SAFETY: `table` is the engine's class table (alive for the process), only
    // read by the engine for the lookup; the key is `name.len()` valid bytes,
    // lowercased by the engine into its own buffer. No PHP code runs.
    let found = unsafe { zend_hash_str_find_ptr_lc(table, name.as_ptr().cast(), name.len()) };
    (!found.is_null()).then(|| found.cast::<zend_class_entry>())
}

/// A method of `ce` by its lowercase name, as the engine's function table holds
/// it (a `zend_function*` the engine allocated, not derived from a Rust reference).
///
/// # Safety
/// `ce` is a live class entry.
unsafe fn method(ce: *mut zend_class_entry, lowercase: &str) -> Option<*mut zend_function> {
    // SAFETY: `ce` is live (the caller's contract); the table is only read, by the
    // engine, through a raw pointer to it; the key is `lowercase.len()` valid bytes.
    let found = unsafe { zend_hash_str_find_ptr_lc(std::ptr::addr_of!((*ce).function_table), lowercase.as_ptr().cast(), lowercase.len()) };
    (!found.is_null()).then(|| found.cast::<zend_function>())
}

/// The functions of `ce`'s own function table, as the raw pointers it stores.
///
/// # Safety
/// `ce` is a live class entry whose function table is not changed while the
/// returned list is used.
unsafe fn methods(ce: *mut zend_class_entry) -> Vec<*mut zend_function> {
    // SAFETY: `ce` is live (the caller's contract); the shared reference to its
    // function table is only read, and ends with this function (the writes the
    // callers make go to the functions the table points to, other allocations).
    let table = unsafe { &*std::ptr::addr_of!((*ce).function_table).cast::<ZendHashTable>() };
    table
        .iter()
        .filter_map(|(_, function)| {
            // SAFETY: an entry of a class's function table is an IS_PTR zval holding a
            // `zend_function*`; reading the pointer out creates no reference.
            unsafe { function.ptr::<zend_function>() }
        })
        .collect()
}

/// A writable pointer to ext-php-rs's object handler table for `T`, or None
/// if the table is not where this expects it.
///
/// ext-php-rs keeps the table in `ClassMetadata<T>::handlers`, a
/// `once_cell::sync::OnceCell`, and only lends it out as `&ZendObjectHandlers`:
/// a pointer derived from that reference may not write. The cell's value sits
/// inside the cell's `UnsafeCell`, within the metadata static, and a shared
/// reference to a struct grants write access to the bytes inside its
/// `UnsafeCell`s (that is how `Cell` works). So the pointer returned is derived
/// from `&ClassMetadata<T>` (the whole static), offset to the table's address;
/// it is returned only if the table lies within the metadata struct, where
/// every field that can hold it (`OnceCell`, `Mutex`) is an `UnsafeCell`.
fn handler_table<T: RegisteredClass>() -> Option<*mut ZendObjectHandlers> {
    let metadata: &'static ClassMetadata<T> = T::get_metadata();
    let base = std::ptr::from_ref(metadata);
    // Only its address is used; this reference ends here.
    let table = std::ptr::from_ref(metadata.handlers());
    let offset = (table as usize).checked_sub(base as usize)?;
    if offset + std::mem::size_of::<ZendObjectHandlers>() > std::mem::size_of::<ClassMetadata<T>>() {
        return None;
    }
    Some(base.cast::<u8>().wrapping_add(offset).cast_mut().cast::<ZendObjectHandlers>())
}

/// Mosquitto-PHP declares no return type on its methods that return null. A
/// declared `: void` (what ext-php-rs writes for `()`) would make PHP reject
/// subclasses that override such a method without one, so it is removed.
///
/// # Safety
/// `ce` is one of our live class entries, the engine's writable pointer
/// (`engine_class`), patched once before any PHP code runs.
unsafe fn untype_void_returns(ce: *mut zend_class_entry) {
    // SAFETY: the caller's contract; the table is not changed meanwhile.
    for function in unsafe { methods(ce) } {
        // SAFETY: a live internal function of our class, the engine's raw pointer;
        // see `remove_return_type`.
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
/// (`Once`) at post-startup (or the first RINIT), before any PHP code, so nothing else holds a
/// reference into these entries.
unsafe fn remove_return_type(function: *mut zend_function, only_void: bool) {
    // SAFETY: see the function's contract. With a return type, the entry
    // before `arg_info` is the return type's (the engine's layout for internal
    // functions; the engine's own copy of the table, made at registration).
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

/// Parameter types exactly as Mosquitto-PHP's arginfo declares them, so every
/// subclass written for it loads here: no `int`/`bool` parameter is nullable
/// there (ours are marked nullable for ext-php-rs only, see `coerce::DefInt`),
/// nor are our own `array $properties = []`.
/// (`Message::tokeniseTopic()` has no return type there, and `__serialize()`,
/// which it lacks, gets none either: see `on_request_start`.)
///
/// # Safety
/// As for `untype_void_returns`.
unsafe fn exact_client_arginfo(ce: *mut zend_class_entry) {
    const MAY_BE_NULL: u32 = ext_php_rs::ffi::_ZEND_TYPE_NULLABLE_BIT;
    const MAY_BE_LONG: u32 = 1 << 4;
    const MAY_BE_BOOL: u32 = (1 << 2) | (1 << 3);
    const MAY_BE_ARRAY: u32 = 1 << 7;
    // SAFETY: the caller's contract; the table is not changed meanwhile.
    for function in unsafe { methods(ce) } {
        // SAFETY: `function` is one of the class's internal functions (engine
        // memory, alive until MSHUTDOWN, reached through the engine's raw pointer,
        // not a Rust reference); `num_args` entries follow `arg_info`, the engine's
        // copy of ext-php-rs's table. Aliasing: runs once at post-startup (or the first RINIT),
        // before any PHP code, so nothing holds a reference into them.
        unsafe {
            let common = &mut (*function).common;
            if common.arg_info.is_null() {
                continue;
            }
            for i in 0..common.num_args as usize {
                let arg = &mut *common.arg_info.add(i);
                let mask = arg.type_.type_mask;
                if mask & MAY_BE_NULL != 0 && mask & (MAY_BE_LONG | MAY_BE_BOOL | MAY_BE_ARRAY) != 0 && arg.type_.ptr.is_null() {
                    arg.type_.type_mask = mask & !MAY_BE_NULL;
                }
            }
        }
    }
}

/// Mosquitto-PHP's parameter counts of the methods that take MQTT 5's
/// trailing `$properties`/`$options`.
const MOSQUITTO_PHP_ARITY: [(&str, u32); 3] = [("publish", 4), ("subscribe", 2), ("setwill", 4)];

/// Declares only Mosquitto-PHP's parameters of `publish()`, `subscribe()` and
/// `setWill()` to the engine: a subclass written for Mosquitto-PHP overrides
/// them with its signature, which PHP refuses ("must be compatible") when the
/// parent declares a parameter more. The trailing MQTT 5 array is still read
/// when passed (positionally: the engine does not limit how many arguments an
/// internal function gets, ext-php-rs reads it), but cannot be named.
///
/// # Safety
/// As for `untype_void_returns`.
unsafe fn hide_mqtt5_parameters(ce: *mut zend_class_entry) {
    for (name, arity) in MOSQUITTO_PHP_ARITY {
        // SAFETY: the caller's contract (a live class entry).
        let Some(function) = (unsafe { method(ce, name) }) else { continue };
        // SAFETY: a live internal method of our class (engine memory reached
        // through its raw pointer); lowering `num_args` only hides trailing
        // entries of its `arg_info` (plain types, nothing the engine frees per
        // entry); runs once before any PHP code reads them.
        unsafe {
            let common = &mut (*function).common;
            if common.num_args > arity {
                common.num_args = arity;
            }
        }
    }
}

/// The parameters that carry secrets get PHP 8.2's `#[\SensitiveParameter]`,
/// as php-src's generated arginfo gives `password_hash()`'s: a stack trace
/// (an exception's, `debug_backtrace()`) then shows
/// `Object(SensitiveParameterValue)` in their place, and Reflection lists the
/// attribute. The alias `MosquittoClient` is the same class entry, so it has
/// them too. (0-based parameter positions.)
const SENSITIVE_PARAMETERS: [(&str, u32); 3] = [("setcredentials", 1), ("settlspsk", 0), ("settlscertificates", 3)];

/// Adds `#[\SensitiveParameter]` to each of `SENSITIVE_PARAMETERS`.
///
/// # Safety
/// As for `untype_void_returns`.
unsafe fn mark_sensitive_parameters(ce: *mut zend_class_entry) {
    for (name, offset) in SENSITIVE_PARAMETERS {
        // SAFETY: the caller's contract (a live class entry).
        let Some(function) = (unsafe { method(ce, name) }) else { continue };
        // SAFETY: `zend_known_strings` is the engine's table of permanent interned
        // strings, filled at engine startup and never changed afterwards; the index
        // is the build's own `ZEND_STR_SENSITIVEPARAMETER` (bindgen reads it from
        // this PHP's headers), within the table. Only a pointer value is read.
        let attribute = unsafe { *zend_known_strings.add(_zend_known_string_id_ZEND_STR_SENSITIVEPARAMETER as usize) };
        // SAFETY: `function` is a live internal method of our class (the engine's
        // raw pointer), its `attributes` field written by the engine through a raw
        // pointer to it (no Rust reference); `zend_add_parameter_attribute()` (an
        // inline function in Zend/zend_attributes.h, so not exported) is exactly
        // this call: persistent memory for an internal function, offset + 1 for a
        // parameter, no arguments, line 0. The attribute name is a permanent
        // interned string the engine copies (a no-op for interned strings). Runs
        // once (`Once`) before any PHP code can read the attributes.
        unsafe {
            zend_add_attribute(
                std::ptr::addr_of_mut!((*function).common.attributes),
                attribute,
                0,
                ZEND_ATTRIBUTE_PERSISTENT,
                offset + 1,
                0,
            );
        }
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

/// What `var_dump()`, `print_r()`, `(array)`, `var_export()`, `json_encode()`
/// and `get_object_vars()` show of a message: Mosquitto-PHP's five properties
/// on a 3.1.1 message (its `properties` is `[]` and left out, so dumps read as
/// they always did), and `properties` too when an MQTT 5 message has some.
// SAFETY: (contract) called by the engine only, as `get_properties_for`, with a
// live Message (or subclass) object; it releases the returned table (which
// holds one reference for it) with `zend_release_properties`.
unsafe extern "C" fn message_properties_for(object: *mut ZendObject, purpose: ext_php_rs::ffi::zend_prop_purpose) -> *mut HashTable {
    // SAFETY: the engine passes a live object; the shared reference ends before
    // the engine handlers below run.
    let empty = unsafe { object.as_ref() }
        .and_then(ZendClassObject::<Message>::from_zend_obj)
        .and_then(|o| o.obj.as_ref())
        .is_some_and(|message| !message.has_properties());
    if !empty {
        // SAFETY: the engine's own handler with the engine's arguments.
        return unsafe { zend_std_get_properties_for(object, purpose) };
    }
    // SAFETY: a live object; `get_properties` (ext-php-rs's, which refreshes the
    // getters' slots) returns the object's own table, only read here while the
    // object is alive and no PHP code runs.
    let Some(own) = (unsafe { (*object).handlers.as_ref().and_then(|h| h.get_properties).map(|get| get(object)) }) else {
        return std::ptr::null_mut();
    };
    let mut shown = ZendHashTable::new();
    // SAFETY: as above: the object's live property table.
    if let Some(own) = unsafe { own.cast::<ZendHashTable>().as_ref() } {
        for (key, value) in own.iter() {
            let key = key.to_string();
            // A declared property's entry points at its slot.
            let value = if value.get_type() == ext_php_rs::flags::DataType::Indirect {
                // SAFETY: an IS_INDIRECT entry of an object's property table points
                // at that object's property slot, alive as long as the object.
                match unsafe { value.value.zv.as_ref() } {
                    Some(slot) => slot,
                    None => continue,
                }
            } else {
                value
            };
            if key != "properties" && value.get_type() != ext_php_rs::flags::DataType::Undef {
                let _ = shown.insert(key.as_str(), value.shallow_clone());
            }
        }
    }
    // A fresh table with the one reference the engine releases.
    ext_php_rs::boxed::ZBox::into_raw(shown).cast()
}

fn register_alias() {
    if engine_class(ALIAS).is_some() {
        return;
    }
    let Some(ce) = engine_class(Client::CLASS_NAME) else { return };
    // SAFETY: `ALIAS` is a valid UTF-8 buffer of `ALIAS.len()` bytes (the engine
    // copies it); `ce` is the engine's writable pointer to the client's class
    // entry registered at MINIT, alive until MSHUTDOWN: the engine stores it in
    // its class table and counts the alias in the entry's refcount (a write the
    // pointer allows); no Rust reference into the entry is held meanwhile.
    unsafe {
        zend_register_class_alias_ex(ALIAS.as_ptr().cast(), ALIAS.len(), ce, false);
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

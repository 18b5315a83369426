//! Lets signals in while `loop()`/`loopForever()` wait. PHP runs a script's
//! `pcntl_signal()` handlers (with `pcntl_async_signals(true)`) only when the
//! VM checks `EG(vm_interrupt)`, which it does not do while our method blocks.
//! So the core cuts its waits into short slices (`client::WAIT_SLICE`), and
//! between slices a pending interrupt ends `loop()` at once, or is serviced in
//! place by `loopForever()` and blocking calls, as the VM itself would.

use std::sync::atomic::{AtomicBool, Ordering};

use ext_php_rs::ffi::zend_interrupt_function;
use ext_php_rs::zend::ExecutorGlobals;

/// The engine's `EG(vm_interrupt)` flag, as an atomic. The pointer comes from
/// the engine's own accessor (this thread's globals on ZTS too), not from a
/// Rust reference, since signal handlers write the flag concurrently.
fn vm_interrupt() -> *const AtomicBool {
    // SAFETY: ext-php-rs's accessor returns this thread's executor globals, live
    // for the request; only the field's address is taken (no reference made).
    // `zend_atomic_bool` is a C11 atomic bool: the same layout as AtomicBool.
    unsafe { std::ptr::addr_of!((*ext_php_rs::ffi::ext_php_rs_executor_globals()).vm_interrupt).cast::<AtomicBool>() }
}

/// Whether the engine has an interrupt (a signal, a timeout) waiting.
pub fn pending() -> bool {
    // SAFETY: the executor globals live for the request; the flag is a C11
    // atomic the engine and signal handlers set concurrently, so it is only
    // touched through an atomic, through a raw pointer (no `&mut` anywhere).
    unsafe { (*vm_interrupt()).load(Ordering::Acquire) }
}

/// Runs the pending interrupt the way the VM does between opcodes: clear the
/// flag, then call the engine's interrupt function (pcntl dispatches signals there).
pub fn service() {
    // SAFETY: as in `pending`: a live C11 atomic, accessed only atomically.
    if !unsafe { (*vm_interrupt()).swap(false, Ordering::AcqRel) } {
        return;
    }
    let execute_data = ExecutorGlobals::get().current_execute_data;
    // SAFETY: the engine's hook, set at startup by extensions (pcntl) and not
    // changed while a script runs; read by value, no reference taken.
    if let Some(interrupt) = unsafe { zend_interrupt_function } {
        // SAFETY: called as the VM calls it, with the current execute data, on the
        // PHP thread, and with no Rust borrow held (it may run PHP code).
        unsafe { interrupt(execute_data) };
    }
}

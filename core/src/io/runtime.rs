//! The process's one I/O thread: a current-thread tokio runtime on a std
//! thread named `mosquitto-io`, started by the first connect and shared by
//! every session (each one a task on it), so a connected client costs its
//! socket and no runtime of its own (epoll, eventfd, thread).
//!
//! It does not survive `fork()`: a child that connects starts its own and
//! forgets the parent's. [`shutdown`] stops it before PHP unloads the
//! extension (MSHUTDOWN), so no code of ours still runs once the library is
//! unmapped.

use std::future::Future;
use std::io;
use std::mem;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::oneshot;
use tokio::task::AbortHandle;

use crate::shared::fork_generation;

/// How long stopping the runtime waits for blocking work (a host name
/// lookup) still running on its pool.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The running I/O thread and how to reach it.
struct Running {
    /// The process generation that started it (see [`fork_generation`]).
    generation: u32,
    handle: Handle,
    stop: oneshot::Sender<()>,
    thread: thread::JoinHandle<()>,
}

static RUNNING: Mutex<Option<Running>> = Mutex::new(None);

fn running() -> MutexGuard<'static, Option<Running>> {
    // Nothing panics while holding it; a poisoned lock still holds a valid value.
    RUNNING.lock().unwrap_or_else(PoisonError::into_inner)
}

fn start(generation: u32) -> io::Result<Running> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().thread_name("mosquitto-dns").build()?;
    let handle = runtime.handle().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = thread::Builder::new().name("mosquitto-io".into()).spawn(move || {
        // The sessions' tasks run while this waits; a dropped sender (never
        // the case while `RUNNING` holds it) stops it too.
        let _ = runtime.block_on(stopped);
        // Drops every task left (their sockets close) and waits, bounded,
        // for the blocking pool.
        runtime.shutdown_timeout(SHUTDOWN_GRACE);
    })?;
    Ok(Running { generation, handle, stop, thread })
}

/// Runs `task` on the process's I/O thread, starting it first if this
/// process has none yet (the first connect, or the first in a forked child).
pub(crate) fn spawn(task: impl Future<Output = ()> + Send + 'static) -> io::Result<AbortHandle> {
    let generation = fork_generation();
    let mut running = running();
    let current = running.as_ref().is_some_and(|r| r.generation == generation && !r.thread.is_finished());
    if !current {
        match running.take() {
            // The parent's: its thread does not exist here. Dropping any of
            // it would touch the parent's runtime state (or wake it through
            // the eventfd both processes now share).
            Some(stale) if stale.generation != generation => mem::forget(stale),
            // Ours, but its thread has ended: nothing runs there any more.
            Some(ended) => {
                let _ = ended.thread.join();
            }
            None => {}
        }
        *running = Some(start(generation)?);
    }
    let handle = &running.as_ref().ok_or_else(|| io::Error::other("no I/O runtime"))?.handle;
    Ok(handle.spawn(task).abort_handle())
}

/// Stops the I/O thread and waits for it to end (module shutdown). Tasks
/// still running are dropped, which closes their connections. Only the
/// process that started the thread stops it; a forked child just forgets it.
pub fn shutdown() {
    let Some(running) = running().take() else { return };
    if running.generation != fork_generation() {
        mem::forget(running);
        return;
    }
    let Running { handle, stop, thread, .. } = running;
    let _ = stop.send(());
    let _ = thread.join();
    drop(handle);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_share_one_thread() {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..3 {
            let tx = tx.clone();
            spawn(async move {
                let _ = tx.send(thread::current().name().map(str::to_string));
            })
            .expect("spawn");
        }
        for _ in 0..3 {
            let name = rx.recv_timeout(Duration::from_secs(5)).expect("task ran");
            assert_eq!(name.as_deref(), Some("mosquitto-io"));
        }
    }
}

//! What the PHP thread and the I/O thread share: the commands one sends the
//! other, a few atomics, the readiness pipe, and the fork counter.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Once, OnceLock};

use bytes::Bytes;
use rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};

use crate::properties::SubscribeOptions;
use tokio::sync::Notify;

/// What the PHP thread asks of the I/O thread, in the order it asked.
#[derive(Debug)]
pub(crate) enum Command {
    Publish {
        mid: u16,
        publish: OutgoingPublish,
    },
    Subscribe {
        mid: u16,
        filter: String,
        qos: u8,
        options: SubscribeOptions,
    },
    Unsubscribe {
        mid: u16,
        filter: String,
    },
    /// PHP processed a message: PUBACK (QoS 1) or PUBREC (QoS 2), on the
    /// connection it arrived on only.
    Ack {
        pkid: u16,
        qos: u8,
        connection: u32,
    },
    Disconnect,
}

impl Command {
    /// Whether the command counts towards the outgoing queue's bound.
    pub(crate) fn is_request(&self) -> bool {
        !matches!(self, Command::Ack { .. } | Command::Disconnect)
    }

    /// What it holds in memory, for the outgoing queue's bound in bytes.
    pub(crate) fn size(&self) -> usize {
        match self {
            Command::Publish { publish, .. } => publish.topic.len() + publish.payload.len(),
            Command::Subscribe { filter, .. } | Command::Unsubscribe { filter, .. } => filter.len(),
            Command::Ack { .. } | Command::Disconnect => 0,
        }
    }
}

/// A publish on its way to the I/O thread: rumqttc's `Publish` with its
/// properties boxed, since a queue of commands is as wide as its widest one
/// and MQTT 5's properties would make every queued 3.1.1 publish 4 times wider.
#[derive(Debug)]
pub(crate) struct OutgoingPublish {
    pub(crate) topic: Bytes,
    pub(crate) payload: Bytes,
    pub(crate) qos: u8,
    pub(crate) retain: bool,
    pub(crate) properties: Option<Box<PublishProperties>>,
}

impl From<Publish> for OutgoingPublish {
    fn from(publish: Publish) -> Self {
        let Publish { topic, payload, qos, retain, properties, .. } = publish;
        OutgoingPublish { topic, payload, qos: qos as u8, retain, properties: properties.map(Box::new) }
    }
}

impl From<OutgoingPublish> for Publish {
    fn from(publish: OutgoingPublish) -> Self {
        let OutgoingPublish { topic, payload, qos, retain, properties } = publish;
        Publish { dup: false, qos: crate::qos_from_u8(qos), retain, topic, pkid: 0, payload, properties: properties.map(|p| *p) }
    }
}

/// State both threads read.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// A CONNACK has been accepted and the connection has not been lost since.
    pub(crate) online: AtomicBool,
    /// The session's task has ended (or will at once: the connection was
    /// lost without auto-reconnect); nothing will be sent or received any more.
    pub(crate) finished: AtomicBool,
    /// The largest packet the broker takes (an MQTT 5 CONNACK's maximum
    /// packet size); 0: no limit but MQTT's own.
    pub(crate) broker_max_packet: AtomicU32,
    /// Counts connections; see [`crate::Message::connection`].
    pub(crate) connection: AtomicU32,
    /// Whether `Event::Log` lines are wanted (only when PHP set `onLog`).
    pub(crate) logging: AtomicBool,
    /// Whether `Event::Published` is wanted (only when PHP set `onPublish`):
    /// a relay worker would otherwise carry one useless event per task.
    pub(crate) publish_events: AtomicBool,
    /// Requests sent by PHP and not yet turned into packets, and their bytes
    /// (back-pressure while the broker is away or slow).
    pub(crate) queued: AtomicUsize,
    pub(crate) queued_bytes: AtomicUsize,
    /// Received messages (and their topic and payload bytes) not yet taken by
    /// PHP, and the bounds above which the I/O thread stops reading.
    pub(crate) inbound: Inbound,
    /// Created the first time a script asks for `getSocket()`: until then
    /// nobody waits on it, and a client costs no pipe.
    pub(crate) readiness: OnceLock<Readiness>,
}

/// What the I/O thread has received that PHP has not taken yet. The I/O
/// thread stops reading the socket above the bounds and waits for `drained`,
/// which the PHP thread signals once it has taken half of it.
#[derive(Debug, Default)]
pub(crate) struct Inbound {
    pub(crate) messages: AtomicUsize,
    pub(crate) bytes: AtomicUsize,
    pub(crate) max_messages: usize,
    pub(crate) max_bytes: usize,
    pub(crate) paused: AtomicBool,
    pub(crate) drained: Notify,
}

impl Inbound {
    pub(crate) fn new(max_messages: usize, max_bytes: usize) -> Inbound {
        Inbound { max_messages: max_messages.max(1), max_bytes: max_bytes.max(1), ..Inbound::default() }
    }

    /// I/O thread, after queueing a message of `size` bytes.
    pub(crate) fn added(&self, size: usize) {
        self.messages.fetch_add(1, Ordering::SeqCst);
        self.bytes.fetch_add(size, Ordering::SeqCst);
    }

    /// PHP thread, after taking a message of `size` bytes.
    pub(crate) fn taken(&self, size: usize) {
        let messages = self.messages.fetch_sub(1, Ordering::SeqCst) - 1;
        let bytes = self.bytes.fetch_sub(size, Ordering::SeqCst) - size;
        if self.paused.load(Ordering::SeqCst) && messages <= self.max_messages / 2 && bytes <= self.max_bytes / 2 {
            self.drained.notify_one();
        }
    }

    pub(crate) fn full(&self) -> bool {
        self.messages.load(Ordering::SeqCst) >= self.max_messages || self.bytes.load(Ordering::SeqCst) >= self.max_bytes
    }

    /// I/O thread: whether it may read now. When full it marks itself paused
    /// first and looks again, so a drain in between is never missed (both
    /// sides use sequentially consistent operations).
    pub(crate) fn may_read(&self) -> bool {
        if !self.full() {
            return true;
        }
        self.paused.store(true, Ordering::SeqCst);
        !self.full()
    }
}

impl Shared {
    /// After queueing an event.
    pub(crate) fn raise_readiness(&self) {
        if let Some(readiness) = self.readiness.get() {
            readiness.raise();
        }
    }
}

/// A pipe whose read end is readable exactly while events wait for the PHP
/// thread, so scripts can `stream_select()` on `getSocket()`. It holds at most
/// one byte: written when the queue may have become non-empty, read when the
/// PHP side finds it empty.
#[derive(Debug)]
pub(crate) struct Readiness {
    reader: io::PipeReader,
    writer: io::PipeWriter,
    readable: AtomicBool,
}

impl Readiness {
    pub(crate) fn new() -> io::Result<Readiness> {
        let (reader, writer) = io::pipe()?;
        Ok(Readiness { reader, writer, readable: AtomicBool::new(false) })
    }

    pub(crate) fn raise(&self) {
        if !self.readable.swap(true, Ordering::AcqRel) {
            let _ = (&self.writer).write_all(&[1]);
        }
    }

    /// After finding the queue empty. The caller checks the queue again
    /// afterwards and raises, closing the race with an event queued between.
    pub(crate) fn settle(&self) {
        if self.readable.swap(false, Ordering::AcqRel) {
            let _ = (&self.reader).read_exact(&mut [0u8]);
        }
    }

    pub(crate) fn fd(&self) -> i32 {
        use std::os::fd::AsRawFd;
        self.reader.as_raw_fd()
    }
}

/// Counts `fork()`s in this process's ancestry, bumped in each child by a
/// `pthread_atfork` handler: comparing it costs an atomic load, where asking
/// for the pid costs a system call on every publish.
static FORK_GENERATION: AtomicU32 = AtomicU32::new(0);
static WATCH_FORKS: Once = Once::new();

extern "C" fn after_fork_in_child() {
    FORK_GENERATION.fetch_add(1, Ordering::Relaxed);
}

pub(crate) fn fork_generation() -> u32 {
    WATCH_FORKS.call_once(|| {
        // SAFETY: `pthread_atfork` only records the function pointer; the
        // handler is a plain `extern "C" fn` that touches nothing but an
        // atomic, which is async-signal-safe in a freshly forked child.
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    });
    FORK_GENERATION.load(Ordering::Relaxed)
}

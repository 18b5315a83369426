//! The PHP thread's handle on a session ([`Session`]). Everything it does is
//! sending [`Command`]s to the session's task on the process's one I/O
//! thread (see [`crate::io`]) and taking [`Event`]s back; it never touches
//! the connection itself.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};

use crate::error::MqttError;
use crate::event::{Event, Message};
use crate::io::{IoLoop, Task};
use crate::options::{SessionOptions, MAX_STRING};
use crate::properties::SubscribeOptions;
use crate::shared::{fork_generation, Command, Readiness, Shared};
use crate::{qos_from_u8, topic};

/// The PHP thread's handle on a connected session.
pub struct Session {
    commands: flume::Sender<Command>,
    events: flume::Receiver<Event>,
    shared: Arc<Shared>,
    /// The session's task on the I/O thread; taken by `close()`.
    task: Option<Task>,
    /// How long closing may take: the flush of publishes, then DISCONNECT.
    close_within: Duration,
    /// The outgoing queue's bounds (requests, bytes).
    max_queued: (usize, usize),
    /// The process generation the task lives in (see [`fork_generation`]).
    owner: u32,
}

impl Session {
    /// Connects and waits for the broker's CONNACK. The `Connected` event stays
    /// queued for the PHP side to dispatch from its next `loop()`, as
    /// Mosquitto-PHP fires `onConnect` there.
    pub fn connect(options: SessionOptions) -> Result<Session, MqttError> {
        Self::connect_waiting(options, || {})
    }

    /// [`Session::connect`], calling `between_waits` every 20 ms while it
    /// waits for the CONNACK: PHP runs its signal handlers there, so a
    /// SIGTERM during a connect that never completes is not lost.
    pub fn connect_waiting(options: SessionOptions, mut between_waits: impl FnMut()) -> Result<Session, MqttError> {
        options.validate()?;
        let tls = match &options.tls {
            Some(tls) if tls.enabled() => Some(tls.context()?),
            _ => None,
        };
        let (commands_tx, commands_rx) = flume::unbounded();
        let (events_tx, events_rx) = flume::unbounded();
        let (first_tx, first_rx) = flume::bounded(1);
        let inbound = crate::shared::Inbound::new(options.max_buffered_messages, options.max_buffered_bytes);
        let shared = Arc::new(Shared { inbound, ..Shared::default() });
        shared.logging.store(options.logging, Ordering::Release);
        shared.publish_events.store(options.publish_events, Ordering::Release);
        let close_within = options.flush_timeout + crate::io::CLOSE_GRACE;
        let max_queued = (options.max_queued_messages.max(1), options.max_queued_bytes.max(1));
        let io = IoLoop::new(options, tls, commands_rx, events_tx, Arc::clone(&shared), first_tx);
        let task = io.start().map_err(|e| MqttError::Protocol(format!("could not start the I/O thread: {e}")))?;
        let session = Session {
            commands: commands_tx,
            events: events_rx,
            shared,
            task: Some(task),
            close_within,
            max_queued,
            owner: fork_generation(),
        };
        loop {
            match first_rx.recv_timeout(Duration::from_millis(20)) {
                Ok(Ok(())) => return Ok(session),
                Ok(Err(error)) => return Err(error),
                Err(flume::RecvTimeoutError::Timeout) => between_waits(),
                Err(flume::RecvTimeoutError::Disconnected) => {
                    return Err(MqttError::Protocol("the I/O task ended before CONNACK".into()));
                }
            }
        }
    }

    /// Fails in a process other than the one that connected: the I/O thread
    /// (and the session's task on it) does not survive `fork()`, so a child
    /// must make its own client.
    pub fn check_owner(&self) -> Result<(), MqttError> {
        if fork_generation() == self.owner {
            Ok(())
        } else {
            Err(MqttError::Forked)
        }
    }

    /// Errors for a handle used after `fork()`, or after the session ended.
    fn usable(&self) -> Result<(), MqttError> {
        self.check_owner()?;
        if self.shared.finished.load(Ordering::Acquire) {
            return Err(MqttError::NotConnected);
        }
        Ok(())
    }

    /// Hands a command to the session's task. A request finds the outgoing queue
    /// full while the broker is away or slow: `QueueFull` at once, and the
    /// caller decides how long to wait (see [`Session::wait_for_room`]).
    fn send(&self, command: Command) -> Result<(), MqttError> {
        self.usable()?;
        if command.is_request() {
            if !self.has_room() {
                return Err(MqttError::QueueFull);
            }
            self.shared.queued.fetch_add(1, Ordering::AcqRel);
            self.shared.queued_bytes.fetch_add(command.size(), Ordering::AcqRel);
        }
        self.commands.send(command).map_err(|_| MqttError::NotConnected)
    }

    /// Whether the outgoing queue has room for another request.
    pub fn has_room(&self) -> bool {
        self.shared.queued.load(Ordering::Acquire) < self.max_queued.0
            && self.shared.queued_bytes.load(Ordering::Acquire) < self.max_queued.1
    }

    /// Waits up to `timeout` for room in the outgoing queue; false if there
    /// is none yet (or the session ended). The I/O task never waits on us,
    /// so room comes as soon as the broker takes what was queued.
    pub fn wait_for_room(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.has_room() {
                return true;
            }
            if self.shared.finished.load(Ordering::Acquire) || Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(1));
        }
    }

    pub fn publish(&self, mid: u16, topic: String, payload: Vec<u8>, qos: u8, retain: bool) -> Result<(), MqttError> {
        self.publish_with_properties(mid, topic, payload, qos, retain, None)
    }

    pub fn publish_with_properties(
        &self,
        mid: u16,
        topic: String,
        payload: Vec<u8>,
        qos: u8,
        retain: bool,
        properties: Option<PublishProperties>,
    ) -> Result<(), MqttError> {
        if !topic::is_valid_topic(&topic) || topic.len() > MAX_STRING || qos > 2 {
            return Err(MqttError::InvalidArguments);
        }
        if payload.len() > crate::options::MAX_PAYLOAD {
            return Err(MqttError::PayloadTooLarge);
        }
        let mut publish = Publish::new(topic, qos_from_u8(qos), payload, properties);
        publish.retain = retain;
        // Over an MQTT 5 broker's maximum packet size the broker would drop
        // the connection: refused here, as libmosquitto does (with the packet
        // id a QoS 1/2 publish gets on the wire).
        let limit = self.shared.broker_max_packet.load(Ordering::Acquire) as usize;
        if limit > 0 && publish.size() + if qos > 0 { 2 } else { 0 } > limit {
            return Err(MqttError::OversizePacket);
        }
        self.send(Command::Publish { mid, publish: publish.into() })
    }

    pub fn subscribe(&self, mid: u16, filter: String, qos: u8) -> Result<(), MqttError> {
        self.subscribe_with_options(mid, filter, qos, SubscribeOptions::default())
    }

    pub fn subscribe_with_options(&self, mid: u16, filter: String, qos: u8, options: SubscribeOptions) -> Result<(), MqttError> {
        if !topic::is_valid_filter(&filter) || filter.len() > MAX_STRING || qos > 2 {
            return Err(MqttError::InvalidArguments);
        }
        self.send(Command::Subscribe { mid, filter, qos, options })
    }

    pub fn unsubscribe(&self, mid: u16, filter: String) -> Result<(), MqttError> {
        if !topic::is_valid_filter(&filter) || filter.len() > MAX_STRING {
            return Err(MqttError::InvalidArguments);
        }
        self.send(Command::Unsubscribe { mid, filter })
    }

    /// Whether `message` arrived on the current connection (so it may still be acknowledged).
    pub fn is_current(&self, message: &Message) -> bool {
        message.connection == self.shared.connection.load(Ordering::Acquire)
    }

    /// Acknowledges a delivered message once PHP has processed it. An ack for a
    /// message of an earlier connection is dropped: the broker sends that message
    /// again, and acking a packet id of another connection could ack the wrong one.
    pub fn ack(&self, message: &Message) -> Result<(), MqttError> {
        if message.qos == 0 || !self.is_current(message) {
            return Ok(());
        }
        self.send(Command::Ack { pkid: message.pkid, qos: message.qos, connection: message.connection })
    }

    /// The next event, waiting up to `timeout` for one (zero: do not wait).
    pub fn next_event(&mut self, timeout: Duration) -> Option<Event> {
        let event = if timeout.is_zero() { self.events.try_recv().ok() } else { self.events.recv_timeout(timeout).ok() };
        if let Some(Event::Message(message)) = &event {
            self.shared.inbound.taken(message.size());
        }
        if event.is_none() {
            if let Some(readiness) = self.shared.readiness.get() {
                readiness.settle();
                if !self.events.is_empty() {
                    readiness.raise();
                }
            }
        }
        event
    }

    /// The descriptor that is readable while events wait (see [`Readiness`]),
    /// made on first use.
    pub fn readiness_fd(&mut self) -> Result<i32, MqttError> {
        if self.shared.readiness.get().is_none() {
            let pipe = Readiness::new().map_err(|e| MqttError::Protocol(format!("could not create a pipe: {e}")))?;
            let _ = self.shared.readiness.set(pipe);
        }
        let readiness = self.shared.readiness.get().ok_or(MqttError::NotConnected)?;
        if !self.events.is_empty() {
            readiness.raise();
        }
        Ok(readiness.fd())
    }

    /// True once the session is over: disconnected, or lost without auto-reconnect.
    pub fn is_finished(&self) -> bool {
        self.shared.finished.load(Ordering::Acquire) && self.events.is_empty()
    }

    pub fn set_logging(&self, enabled: bool) {
        self.shared.logging.store(enabled, Ordering::Release);
    }

    pub fn set_publish_events(&self, enabled: bool) {
        self.shared.publish_events.store(enabled, Ordering::Release);
    }

    /// Waits (at most the flush timeout) for queued publishes to be written
    /// and acknowledged, sends DISCONNECT (so the broker does not publish the
    /// will) and ends the session's task. Events not yet taken are dropped;
    /// unacknowledged QoS 1/2 messages among them are redelivered by the broker.
    pub fn disconnect(mut self) {
        self.close();
    }

    fn close(&mut self) {
        let Some(task) = self.task.take() else { return };
        if fork_generation() != self.owner {
            // The task lives in the parent process; just forget about it here.
            std::mem::forget(task);
            return;
        }
        let sent = self.commands.send(Command::Disconnect);
        let flushed = sent.is_ok() && task.wait_until(Instant::now() + self.close_within);
        if !flushed {
            // Still connecting (a connect attempt does not look at commands),
            // or the broker will not take what is queued: end it where it is.
            task.abort.abort();
            task.wait_until(Instant::now() + ABORT_GRACE);
        }
    }
}

/// How long an aborted task may take to end: until the I/O thread next
/// turns to it, a matter of microseconds unless it is overloaded.
const ABORT_GRACE: Duration = Duration::from_secs(5);

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

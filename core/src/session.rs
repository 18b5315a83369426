//! The PHP thread's handle on a session ([`Session`]). Everything it does is
//! sending [`Command`]s to the I/O thread (see [`crate::io`]) and taking
//! [`Event`]s back; it never touches the connection itself.

use std::mem;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use rumqttc::mqttbytes::v4::Publish;

use crate::error::MqttError;
use crate::event::{Event, Message};
use crate::io::IoThread;
use crate::options::{SessionOptions, MAX_STRING};
use crate::shared::{fork_generation, Command, Readiness, Shared};
use crate::{qos_from_u8, topic};

/// Requests not yet turned into packets before `publish()` waits (back-pressure).
const REQUEST_QUEUE: usize = 4096;

/// The PHP thread's handle on a connected session.
pub struct Session {
    commands: flume::Sender<Command>,
    events: flume::Receiver<Event>,
    shared: Arc<Shared>,
    io_thread: Option<thread::JoinHandle<()>>,
    /// How long closing may take: the flush of publishes, then DISCONNECT.
    close_within: Duration,
    /// The process generation the I/O thread lives in (see [`fork_generation`]).
    owner: u32,
}

impl Session {
    /// Connects and waits for the broker's CONNACK. The `Connected` event stays
    /// queued for the PHP side to dispatch from its next `loop()`, as
    /// Mosquitto-PHP fires `onConnect` there.
    pub fn connect(options: SessionOptions) -> Result<Session, MqttError> {
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
        let io = IoThread::new(options, tls, commands_rx, events_tx, Arc::clone(&shared), first_tx);
        let io_thread = thread::Builder::new()
            .name("mqtt-io".into())
            .spawn(move || io.run())
            .map_err(|e| MqttError::Protocol(format!("could not start the I/O thread: {e}")))?;
        let session = Session { commands: commands_tx, events: events_rx, shared, io_thread: Some(io_thread), close_within, owner: fork_generation() };
        match first_rx.recv() {
            Ok(Ok(())) => Ok(session),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(MqttError::Protocol("the I/O thread ended before CONNACK".into())),
        }
    }

    /// Fails in a process other than the one that connected: the I/O thread
    /// does not survive `fork()`, so a child must make its own client.
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

    /// Hands a command to the I/O thread. Requests wait while the outgoing
    /// queue is full (the broker is slow or away); the I/O thread never waits
    /// on us, so the wait ends when it catches up or the session ends.
    fn send(&self, command: Command) -> Result<(), MqttError> {
        self.usable()?;
        if command.is_request() {
            while self.shared.queued.load(Ordering::Acquire) >= REQUEST_QUEUE {
                if self.shared.finished.load(Ordering::Acquire) {
                    return Err(MqttError::NotConnected);
                }
                thread::sleep(Duration::from_millis(1));
            }
            self.shared.queued.fetch_add(1, Ordering::AcqRel);
        }
        self.commands.send(command).map_err(|_| MqttError::NotConnected)
    }

    pub fn publish(&self, mid: u16, topic: String, payload: Vec<u8>, qos: u8, retain: bool) -> Result<(), MqttError> {
        if !topic::is_valid_topic(&topic) || topic.len() > MAX_STRING || qos > 2 {
            return Err(MqttError::InvalidArguments);
        }
        if payload.len() > crate::options::MAX_PAYLOAD {
            return Err(MqttError::PayloadTooLarge);
        }
        let mut publish = Publish::new(topic, qos_from_u8(qos), payload);
        publish.retain = retain;
        self.send(Command::Publish { mid, publish })
    }

    pub fn subscribe(&self, mid: u16, filter: String, qos: u8) -> Result<(), MqttError> {
        if !topic::is_valid_filter(&filter) || filter.len() > MAX_STRING || qos > 2 {
            return Err(MqttError::InvalidArguments);
        }
        self.send(Command::Subscribe { mid, filter, qos })
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
    /// will) and ends the I/O thread. Events not yet taken are dropped; unacknowledged QoS 1/2
    /// messages among them are redelivered by the broker.
    pub fn disconnect(mut self) {
        self.close();
    }

    fn close(&mut self) {
        let Some(io_thread) = self.io_thread.take() else { return };
        if fork_generation() != self.owner {
            // The thread lives in the parent process; just forget about it here.
            mem::forget(io_thread);
            return;
        }
        let sent = self.commands.send(Command::Disconnect);
        if sent.is_err() || !self.wait_finished(self.close_within) {
            self.shared.stop.notify_one();
        }
        let _ = io_thread.join();
    }

    fn wait_finished(&self, grace: Duration) -> bool {
        let deadline = Instant::now() + grace;
        while !self.shared.finished.load(Ordering::Acquire) {
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(1));
        }
        true
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

//! A session with a broker: the PHP-thread handle ([`Session`]) and the I/O
//! thread behind it, which owns rumqttc's `EventLoop` on a current-thread tokio
//! runtime. The I/O thread keeps the connection alive (pings, reconnects) while
//! PHP code runs for as long as it likes; it never waits for the PHP thread.
//!
//! Shared between the two: the request channel into rumqttc, the ledger channel
//! (see [`crate::ledger`]), the event channel back, and a few atomics.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::mem;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use rumqttc::{ConnectionError, EventLoop, Outgoing, Packet, Request};
use tokio::sync::Notify;

use crate::error::MqttError;
use crate::event::{Event, LogLevel, Message};
use crate::ledger::{Ledger, Tracked};
use crate::options::SessionOptions;
use crate::{qos_from_u8, topic};

/// Requests queued towards rumqttc before `publish()` blocks (back-pressure).
const REQUEST_QUEUE: usize = 4096;
/// How long `disconnect()` waits for DISCONNECT to be written before giving up.
const DISCONNECT_GRACE: Duration = Duration::from_secs(2);

/// State both threads read.
#[derive(Debug, Default)]
struct Shared {
    /// A CONNACK has been accepted and the connection has not been lost since.
    online: AtomicBool,
    /// The I/O thread has finished; nothing will be sent or received any more.
    finished: AtomicBool,
    /// Counts connections; see [`Message::connection`].
    connection: AtomicU32,
    /// Whether `Event::Log` lines are wanted (only when PHP set `onLog`).
    logging: AtomicBool,
    /// Whether `Event::Published` is wanted (only when PHP set `onPublish`):
    /// a relay worker would otherwise carry one useless event per task.
    publish_events: AtomicBool,
    /// Set by `disconnect()`: errors from here on are the end, not a loss.
    closing: AtomicBool,
    /// Whether the readiness pipe holds its byte (events may be waiting).
    readable: AtomicBool,
    /// Whether anyone asked for the readiness descriptor; until then the
    /// pipe is left alone, sparing two system calls per burst of events.
    readiness_wanted: AtomicBool,
    /// Wakes the I/O thread to stop at once.
    stop: Notify,
}

/// Counts `fork()`s in this process's ancestry, bumped in each child by a
/// `pthread_atfork` handler: comparing it costs an atomic load, where asking
/// for the pid costs a system call on every publish.
static FORK_GENERATION: AtomicU32 = AtomicU32::new(0);
static WATCH_FORKS: std::sync::Once = std::sync::Once::new();

extern "C" fn after_fork_in_child() {
    FORK_GENERATION.fetch_add(1, Ordering::Relaxed);
}

fn fork_generation() -> u32 {
    WATCH_FORKS.call_once(|| {
        // SAFETY: registers a handler that only touches an atomic.
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    });
    FORK_GENERATION.load(Ordering::Relaxed)
}

/// The PHP thread's handle on a connected session.
pub struct Session {
    requests: rumqttc::Client,
    ledger: flume::Sender<Tracked>,
    events: flume::Receiver<Event>,
    shared: Arc<Shared>,
    io_thread: Option<thread::JoinHandle<()>>,
    /// The process generation the I/O thread lives in (see [`fork_generation`]).
    owner: u32,
    readiness: Readiness,
}

/// A pipe whose read end is readable exactly while events wait for the PHP
/// thread, so scripts can `stream_select()` on `getSocket()`. It holds at most
/// one byte: written when the queue may have become non-empty, read when the
/// PHP side finds it empty.
struct Readiness {
    reader: io::PipeReader,
    writer: io::PipeWriter,
}

impl Readiness {
    fn new() -> io::Result<Readiness> {
        let (reader, writer) = io::pipe()?;
        Ok(Readiness { reader, writer })
    }

    /// After queueing an event.
    fn raise(&mut self, shared: &Shared) {
        if shared.readiness_wanted.load(Ordering::Acquire) && !shared.readable.swap(true, Ordering::AcqRel) {
            let _ = self.writer.write_all(&[1]);
        }
    }

    /// After finding the queue empty. The second check closes the race with
    /// an event queued between the emptiness test and the clearing.
    fn settle(&mut self, shared: &Shared, events: &flume::Receiver<Event>) {
        if shared.readable.swap(false, Ordering::AcqRel) {
            let _ = self.reader.read_exact(&mut [0u8]);
        }
        if !events.is_empty() {
            self.raise(shared);
        }
    }
}

impl Session {
    /// Connects and waits for the broker's CONNACK. The `Connected` event stays
    /// queued for the PHP side to dispatch from its next `loop()`, as
    /// Mosquitto-PHP fires `onConnect` there.
    pub fn connect(options: SessionOptions) -> Result<Session, MqttError> {
        options.validate()?;
        let (requests, connection) = rumqttc::Client::new(options.to_rumqttc()?, REQUEST_QUEUE);
        let mut eventloop = connection.eventloop;
        let mut network = eventloop.network_options();
        network.set_connection_timeout(options.connect_timeout.as_secs().max(1));
        network.set_tcp_nodelay(true);
        eventloop.set_network_options(network);

        let readiness = Readiness::new().map_err(|e| MqttError::Io { message: e.to_string(), address: options.address() })?;
        let io_readiness = Readiness {
            reader: readiness.reader.try_clone().map_err(|e| MqttError::Io { message: e.to_string(), address: options.address() })?,
            writer: readiness.writer.try_clone().map_err(|e| MqttError::Io { message: e.to_string(), address: options.address() })?,
        };
        let (ledger_tx, ledger_rx) = flume::unbounded();
        let (events_tx, events_rx) = flume::unbounded();
        let (first_tx, first_rx) = flume::bounded(1);
        let shared = Arc::new(Shared {
            logging: AtomicBool::new(options.logging),
            publish_events: AtomicBool::new(options.publish_events),
            ..Shared::default()
        });
        let io = IoThread {
            eventloop,
            ledger: Ledger::new(ledger_rx),
            events: events_tx,
            shared: Arc::clone(&shared),
            options: options.clone(),
            first_connack: Some(first_tx),
            held: VecDeque::new(),
            readiness: io_readiness,
        };
        let io_thread = thread::Builder::new()
            .name(format!("mqtt-io {}", options.address()))
            .spawn(move || io.run())
            .map_err(|e| MqttError::Io { message: e.to_string(), address: options.address() })?;

        let session = Session {
            requests,
            ledger: ledger_tx,
            events: events_rx,
            shared,
            io_thread: Some(io_thread),
            owner: fork_generation(),
            readiness,
        };
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

    /// Records `tracked` in the ledger, then hands the request to rumqttc. The
    /// rumqttc calls block while its queue is full: back-pressure from the
    /// broker's in-flight window. The I/O thread never waits on us, so this ends.
    fn send(
        &self,
        tracked: Option<Tracked>,
        request: impl FnOnce(&rumqttc::Client) -> Result<(), rumqttc::ClientError>,
    ) -> Result<(), MqttError> {
        self.usable()?;
        if let Some(tracked) = tracked {
            self.ledger.send(tracked).map_err(|_| MqttError::NotConnected)?;
        }
        request(&self.requests).map_err(|_| MqttError::NotConnected)
    }

    pub fn publish(&self, mid: u16, topic: String, payload: Vec<u8>, qos: u8, retain: bool) -> Result<(), MqttError> {
        if !topic::is_valid_topic(&topic) || qos > 2 {
            return Err(MqttError::InvalidArguments);
        }
        if payload.len() > crate::options::MAX_PAYLOAD {
            return Err(MqttError::PayloadTooLarge);
        }
        self.send(Some(Tracked::Publish { mid }), |rq| rq.publish(topic, qos_from_u8(qos), retain, payload))
    }

    pub fn subscribe(&self, mid: u16, filter: String, qos: u8) -> Result<(), MqttError> {
        if !topic::is_valid_filter(&filter) || qos > 2 {
            return Err(MqttError::InvalidArguments);
        }
        let tracked = Tracked::Subscribe { mid, filter: filter.clone(), qos };
        self.send(Some(tracked), |rq| rq.subscribe(filter, qos_from_u8(qos)))
    }

    pub fn unsubscribe(&self, mid: u16, filter: String) -> Result<(), MqttError> {
        if !topic::is_valid_filter(&filter) {
            return Err(MqttError::InvalidArguments);
        }
        let tracked = Tracked::Unsubscribe { mid, filter: filter.clone() };
        self.send(Some(tracked), |rq| rq.unsubscribe(filter))
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
        // rumqttc builds PUBACK/PUBREC from a Publish; an empty one allocates nothing.
        let mut publish = rumqttc::Publish::new(String::new(), qos_from_u8(message.qos), Vec::new());
        publish.pkid = message.pkid;
        self.send(None, |rq| rq.ack(&publish))
    }

    /// The next event, waiting up to `timeout` for one (zero: do not wait).
    pub fn next_event(&mut self, timeout: Duration) -> Option<Event> {
        let event = if timeout.is_zero() {
            self.events.try_recv().ok()
        } else {
            self.events.recv_timeout(timeout).ok()
        };
        if event.is_none() {
            self.readiness.settle(&self.shared, &self.events);
        }
        event
    }

    /// The descriptor that is readable while events wait (see [`Readiness`]).
    pub fn readiness_fd(&mut self) -> i32 {
        use std::os::fd::AsRawFd;
        if !self.shared.readiness_wanted.swap(true, Ordering::AcqRel) && !self.events.is_empty() {
            self.readiness.raise(&self.shared);
        }
        self.readiness.reader.as_raw_fd()
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

    /// Sends DISCONNECT (so the broker does not publish the will) and ends the
    /// I/O thread. Events not yet taken are dropped; unacknowledged QoS 1/2
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
        self.shared.closing.store(true, Ordering::Release);
        let sent = self.requests.try_disconnect();
        if sent.is_err() || !self.wait_finished(DISCONNECT_GRACE) {
            self.shared.stop.notify_one();
        }
        let _ = io_thread.join();
    }

    fn wait_finished(&self, grace: Duration) -> bool {
        let deadline = std::time::Instant::now() + grace;
        while !self.shared.finished.load(Ordering::Acquire) {
            if std::time::Instant::now() >= deadline {
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

/// The I/O thread's state.
struct IoThread {
    eventloop: EventLoop,
    ledger: Ledger,
    events: flume::Sender<Event>,
    shared: Arc<Shared>,
    options: SessionOptions,
    /// Answers `Session::connect()` once, with the first CONNACK or failure.
    first_connack: Option<flume::Sender<Result<(), MqttError>>>,
    /// Requests that were pending when the connection broke, kept until we know
    /// whether the broker still has our session (rumqttc would drop them: PR #923).
    held: VecDeque<Request>,
    readiness: Readiness,
}

impl IoThread {
    fn run(mut self) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        match runtime {
            Ok(runtime) => runtime.block_on(self.drive()),
            Err(e) => self.fail_first(MqttError::Io { message: e.to_string(), address: self.options.address() }),
        }
        self.shared.online.store(false, Ordering::Release);
        self.shared.finished.store(true, Ordering::Release);
    }

    /// Emits what the ledger made of a packet, unless it is a publish
    /// completion nobody listens for.
    fn emit_ledger(&mut self, event: Option<Event>) {
        match event {
            Some(Event::Published { .. }) if !self.shared.publish_events.load(Ordering::Relaxed) => {}
            Some(event) => self.emit(event),
            None => {}
        }
    }

    fn emit(&mut self, event: Event) {
        // The receiver only goes away with the Session, which joins us first.
        let _ = self.events.send(event);
        self.readiness.raise(&self.shared);
    }

    fn log(&mut self, level: LogLevel, text: impl FnOnce(&Self) -> String) {
        if self.shared.logging.load(Ordering::Relaxed) {
            let text = text(self);
            self.emit(Event::Log { level, text });
        }
    }

    fn fail_first(&mut self, error: MqttError) {
        if let Some(first) = self.first_connack.take() {
            let _ = first.send(Err(error));
        }
    }

    async fn drive(&mut self) {
        let mut attempt: u32 = 0;
        loop {
            let shared = Arc::clone(&self.shared);
            let polled = tokio::select! {
                biased;
                _ = shared.stop.notified() => return,
                polled = self.eventloop.poll() => polled,
            };
            match polled {
                Ok(rumqttc::Event::Incoming(packet)) => {
                    attempt = 0;
                    self.on_incoming(packet);
                }
                Ok(rumqttc::Event::Outgoing(outgoing)) => {
                    if !self.on_outgoing(outgoing) {
                        return;
                    }
                }
                Err(error) => {
                    if self.first_connack.is_some() {
                        let error = connect_error(error, &self.options);
                        return self.fail_first(error);
                    }
                    if self.shared.closing.load(Ordering::Acquire) {
                        return;
                    }
                    if !self.on_connection_lost(&error) {
                        return;
                    }
                    let wait = self.options.reconnect.delay_for(attempt);
                    attempt = attempt.saturating_add(1);
                    tokio::select! {
                        biased;
                        _ = shared.stop.notified() => return,
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
            }
        }
    }

    /// Returns whether to go on reconnecting.
    fn on_connection_lost(&mut self, error: &ConnectionError) -> bool {
        // rumqttc moved in-flight requests to `pending`; keep them ourselves
        // until the next CONNACK says whether the session survived.
        self.held.extend(mem::take(&mut self.eventloop.pending));
        // A publish held back by a packet-id collision is not part of that:
        // rumqttc keeps it in `state.collision` across the reconnect, where it
        // blocks every new request until pings time out again, forever (its
        // issues #1056/#1014). Send it like any other held request instead.
        if let Some(publish) = self.eventloop.state.collision.take() {
            self.held.push_back(Request::Publish(publish));
        }
        if self.shared.online.swap(false, Ordering::AcqRel) {
            self.log(LogLevel::Err, |io| format!("Client {} connection lost: {error}", io.options.client_id));
            self.emit(Event::Disconnected { rc: 7 });
            if !self.options.auto_reconnect {
                // Finished before the PHP side can see the event, so its next
                // call already finds the session over.
                self.shared.finished.store(true, Ordering::Release);
                self.emit(Event::ConnectionLost);
                return false;
            }
        }
        true
    }

    fn on_connack(&mut self, session_present: bool) {
        let connection = self.shared.connection.fetch_add(1, Ordering::AcqRel) + 1;
        let reconnected = connection > 1;
        if reconnected {
            self.restore_pending(session_present);
        }
        self.shared.online.store(true, Ordering::Release);
        self.log(LogLevel::Debug, |io| format!("Client {} received CONNACK (0)", io.options.client_id));
        self.emit(Event::Connected { rc: 0, session_present });
        if let Some(first) = self.first_connack.take() {
            let _ = first.send(Ok(()));
        }
    }

    /// After a reconnect: give back what was in flight, and subscribe again.
    ///
    /// Subscriptions are sent again even when the broker says it kept the
    /// session: mosquitto 2.0.11 restores a persistent session from its
    /// database without its shared subscriptions (`$share/...`), and a worker
    /// would then wait forever. Subscribing again replaces an identical
    /// subscription; the broker re-sends retained messages for it.
    ///
    /// With the session gone, acks for the old session's messages are
    /// meaningless, and a QoS 2 publish already PUBREC'd has reached the broker.
    fn restore_pending(&mut self, session_present: bool) {
        let held = mem::take(&mut self.held);
        let mut pending: VecDeque<Request> = self
            .ledger
            .resubscribe()
            .into_iter()
            .map(|(filter, qos)| Request::Subscribe(rumqttc::Subscribe::new(filter, qos_from_u8(qos))))
            .collect();
        for request in held {
            match request {
                Request::PubAck(_) | Request::PubRec(_) if !session_present => {}
                Request::PubRel(rel) if !session_present => {
                    let done = self.ledger.forget_publish(rel.pkid);
                    self.emit_ledger(done);
                }
                other => pending.push_back(other),
            }
        }
        self.eventloop.pending = pending;
    }

    fn on_incoming(&mut self, packet: Packet) {
        match packet {
            Packet::ConnAck(connack) => self.on_connack(connack.session_present),
            Packet::Publish(publish) => {
                self.log(LogLevel::Debug, |io| {
                    format!(
                        "Client {} received PUBLISH (d{}, q{}, r{}, m{}, '{}', ... ({} bytes))",
                        io.options.client_id,
                        u8::from(publish.dup),
                        publish.qos as u8,
                        u8::from(publish.retain),
                        publish.pkid,
                        publish.topic,
                        publish.payload.len()
                    )
                });
                self.emit(Event::Message(Message {
                    topic: publish.topic,
                    payload: publish.payload,
                    qos: publish.qos as u8,
                    retain: publish.retain,
                    pkid: publish.pkid,
                    connection: self.shared.connection.load(Ordering::Acquire),
                }));
            }
            other => {
                let event = self.ledger.on_incoming(&other);
                self.emit_ledger(event);
            }
        }
    }

    /// Returns false once DISCONNECT has been written: the session is over.
    fn on_outgoing(&mut self, outgoing: Outgoing) -> bool {
        if outgoing == Outgoing::Disconnect {
            self.log(LogLevel::Debug, |io| format!("Client {} sending DISCONNECT", io.options.client_id));
            return false;
        }
        let event = self.ledger.on_outgoing(&outgoing);
        self.emit_ledger(event);
        true
    }
}

/// Turns a failed first connection into the error a PHP user should read.
fn connect_error(error: ConnectionError, options: &SessionOptions) -> MqttError {
    let address = options.address();
    match error {
        ConnectionError::ConnectionRefused(code) => MqttError::ConnackRefused(code as u8),
        ConnectionError::NetworkTimeout => MqttError::Timeout { address },
        ConnectionError::Io(e) => io_error(&e, options),
        ConnectionError::MqttState(rumqttc::StateError::Io(e)) => io_error(&e, options),
        ConnectionError::MqttState(rumqttc::StateError::Deserialization(rumqttc::Error::Io(e))) => io_error(&e, options),
        ConnectionError::Tls(rumqttc::TlsError::Io(e)) => io_error(&e, options),
        ConnectionError::Tls(rumqttc::TlsError::TLS(e)) => MqttError::Tls(format!("{e} ({address})")),
        ConnectionError::Tls(e) => MqttError::Tls(format!("{e} ({address})")),
        other => MqttError::Protocol(other.to_string()),
    }
}

fn io_error(error: &io::Error, options: &SessionOptions) -> MqttError {
    let text = error.to_string();
    if let Some(tls) = error.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        return MqttError::Tls(format!("{tls} ({})", options.address()));
    }
    // tokio's resolver reports "failed to lookup address information: ...".
    if text.contains("lookup address") || text.contains("could not resolve") {
        return MqttError::Lookup { host: options.host.clone() };
    }
    let message = match error.kind() {
        io::ErrorKind::ConnectionRefused => "Connection refused".to_string(),
        _ => text.split(" (os error").next().unwrap_or(&text).to_string(),
    };
    if options.tls.is_some() && error.kind() != io::ErrorKind::ConnectionRefused {
        // Reached the port, then the peer broke off: it does not speak TLS.
        return MqttError::TlsHandshake(format!("{message}, {}", options.address()));
    }
    if matches!(error.kind(), io::ErrorKind::ConnectionReset | io::ErrorKind::UnexpectedEof) {
        // The port answered, then hung up on our CONNECT: not plain MQTT.
        let message = format!("{message} before CONNACK; does this port expect TLS?");
        return MqttError::Io { message, address: options.address() };
    }
    MqttError::Io { message, address: options.address() }
}

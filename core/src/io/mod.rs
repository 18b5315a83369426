//! The I/O side of a session: one task per connected client, all of them on
//! the process's one I/O thread ([`runtime`]: a current-thread tokio
//! runtime). A session's [`IoLoop`] owns its connection (see [`connect`]) and
//! drives rumqttc's protocol state (`rumqttc::v5::MqttState`) and codec
//! (`mqttbytes`) over it, so keepalive and reconnects go on while PHP code runs
//! for as long as it likes. The state speaks MQTT 5's packets for both
//! protocols; a 3.1.1 connection converts them at the codec ([`wire`]). It never waits for the PHP thread: commands come in over a channel,
//! events go out over another. Nothing on it blocks: one slow broker or
//! client must not hold up the others.
//!
//! One pass of the loop reads everything the socket has, turns it into
//! events, takes every command PHP has sent, and writes all resulting packets
//! in one buffer.

mod connect;
pub(crate) mod runtime;
mod wire;

use std::collections::{HashMap, VecDeque};
use std::mem;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use openssl::ssl::SslContext;
use rumqttc::v5::mqttbytes::v5::{
    Filter, Packet, PubAck, PubAckReason, PubComp, PubCompReason, PubRec, Publish, RetainForwardRule, Subscribe, SubscribeProperties,
    Unsubscribe,
};
use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::{MqttState, Request, StateError};
use tokio::io::{AsyncReadExt, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::time::sleep_until;

use crate::brokers::Broker;
use crate::error::MqttError;
use crate::event::{Event, LogLevel, Message, Reply};
use crate::ledger::{Ledger, Subscription};
use crate::options::{SessionOptions, MAX_PACKET_SIZE};
use crate::properties::{self, SubscribeOptions};
use crate::shared::{Command, Shared};
use crate::{qos_from_u8, reason};
use connect::{Connection, Stream};
use wire::{Protocol, ReadError};

/// How long a connection must have lasted before the reconnect back-off
/// starts again from its first delay: a broker that accepts and then drops
/// every session (a client-id clash, an ACL kick) must not get a reconnect
/// storm.
const STABLE_CONNECTION: Duration = Duration::from_secs(10);
/// A QoS 2 publish in flight when this many short connections in a row were
/// lost is given up: NATS (2.9) closes the connection on every QoS 2
/// PUBLISH, and resending it on each reconnect would loop forever.
const QOS2_STRIKES: u8 = 3;
/// How long the last writes (DISCONNECT) and the broker's close may take
/// before we give up.
pub(crate) const CLOSE_GRACE: Duration = Duration::from_secs(2);
/// How long, after DISCONNECT, we wait for the broker to close its side
/// (a round trip on a healthy connection), within [`CLOSE_GRACE`].
const CLOSE_EOF_WAIT: Duration = Duration::from_millis(500);

/// Between 75% and 100% of `delay`: workers with the same settings that lost
/// the same broker must not come back in lock-step (they phase-locked onto a
/// flapping broker's down windows); never later than configured.
fn jittered(delay: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    delay.mul_f64(0.75 + 0.25 * (random % 1000) as f64 / 1000.0)
}

/// libmosquitto's log line for a PUBLISH sent or received; `mid` is the
/// one PHP knows it by.
fn publish_line(id: &str, direction: &str, publish: &Publish, mid: u16) -> String {
    format!(
        "Client {id} {direction} PUBLISH (d{}, q{}, r{}, m{mid}, '{}', ... ({} bytes))",
        u8::from(publish.dup),
        publish.qos as u8,
        u8::from(publish.retain),
        String::from_utf8_lossy(&publish.topic),
        publish.payload.len()
    )
}

/// Why a connection ended.
enum End {
    /// PHP asked (DISCONNECT written) or the session is being torn down.
    Closed,
    /// The connection broke; reconnect if allowed.
    Lost(String),
}

/// One step of the connection loop: what woke us.
enum Wake {
    Read(std::io::Result<usize>),
    Commands(Option<Command>),
    Wrote(std::io::Result<usize>),
    Keepalive,
    /// PHP took enough of what was received: reading may go on.
    Drained,
    /// The flush before DISCONNECT took as long as it may.
    FlushOver,
}

/// The PHP side's hold on a session's task.
pub(crate) struct Task {
    /// Disconnected once the task has ended and dropped its connection
    /// (nothing is ever sent on it).
    pub(crate) finished: flume::Receiver<()>,
    /// Ends the task at its next await when it does not end by itself in time.
    pub(crate) abort: tokio::task::AbortHandle,
}

impl Task {
    /// Waits until `deadline` for the task to end; whether it has.
    pub(crate) fn wait_until(&self, deadline: Instant) -> bool {
        !matches!(self.finished.recv_deadline(deadline), Err(flume::RecvTimeoutError::Timeout))
    }
}

/// Marks the session over however its task ends: returned, panicked, aborted
/// by `Session::close`, or dropped with the runtime at module shutdown.
struct Finish {
    shared: Arc<Shared>,
    events: flume::Sender<Event>,
    client_id: String,
    /// Dropped last, after the connection: `Task::finished` sees the end.
    _done: flume::Sender<()>,
}

impl Finish {
    /// The loop panicked (a bug): the session is over, and PHP hears it as a
    /// lost connection with automatic reconnect off, never as a crash.
    fn crashed(&self, why: &str) {
        let online = self.shared.online.swap(false, Ordering::AcqRel);
        self.shared.finished.store(true, Ordering::Release);
        if self.shared.logging.load(Ordering::Relaxed) {
            let text = format!("Client {} stopped: internal error in its I/O task ({why})", self.client_id);
            let _ = self.events.send(Event::Log { level: LogLevel::Err, text });
        }
        if online {
            let _ = self.events.send(Event::Disconnected { rc: 7, reply: None });
        }
        let _ = self.events.send(Event::ConnectionLost);
        self.shared.raise_readiness();
    }
}

impl Drop for Finish {
    fn drop(&mut self) {
        self.shared.online.store(false, Ordering::Release);
        self.shared.finished.store(true, Ordering::Release);
    }
}

/// The session's task: the loop, with a panic in it caught here so it ends
/// this session only (the I/O thread and the other sessions go on).
async fn supervised(run: impl std::future::Future<Output = ()>, finish: Finish) {
    let outcome = CatchPanic(Box::pin(run)).await;
    if let Err(why) = outcome {
        finish.crashed(&why);
    }
}

/// Polls a future inside `catch_unwind`: its panic comes out as `Err` with
/// the panic's message. The future is not polled again after a panic.
struct CatchPanic<F>(std::pin::Pin<Box<F>>);

impl<F: std::future::Future<Output = ()>> std::future::Future for CatchPanic<F> {
    type Output = Result<(), String>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        let future = self.0.as_mut();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| future.poll(cx))) {
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Ok(std::task::Poll::Ready(())) => std::task::Poll::Ready(Ok(())),
            Err(payload) => {
                let why = match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
                    (Some(text), _) => (*text).to_string(),
                    (_, Some(text)) => text.clone(),
                    _ => "panic".to_string(),
                };
                std::task::Poll::Ready(Err(why))
            }
        }
    }
}

/// One session's connection loop, run as a task on the I/O thread (see
/// [`IoLoop::start`]).
pub(crate) struct IoLoop {
    options: SessionOptions,
    tls: Option<SslContext>,
    commands: flume::Receiver<Command>,
    events: flume::Sender<Event>,
    shared: Arc<Shared>,
    /// Answers `Session::connect()` once, with the first CONNACK or failure.
    first_connack: Option<flume::Sender<Result<(), MqttError>>>,
    state: MqttState,
    ledger: Ledger,
    /// Requests taken from PHP that wait for room in the in-flight window
    /// (or for a connection).
    waiting: VecDeque<Command>,
    /// Acknowledgements PHP asked for since the last write: they never wait
    /// behind publishes for the in-flight window.
    acks: Vec<(u16, u8, u32)>,
    /// Packets to send again after a reconnect (from `MqttState::clean`).
    resend: Vec<Request>,
    /// PHP asked to disconnect (or the script ended).
    closing: bool,
    /// Until when a closing connection may still wait for its publishes.
    flush_until: Option<tokio::time::Instant>,
    /// Incoming QoS 2 messages delivered to PHP and not yet released by the
    /// broker's PUBREL, by packet id: whether PHP processed them (PUBREC
    /// sent). A retransmitted PUBLISH for one of them is not delivered again
    /// (MQTT 3.1.1 section 4.3.3: exactly once), only answered.
    exactly_once: HashMap<u16, bool>,
    /// Reading was paused (inbound full) since the last PINGREQ: its PINGRESP
    /// may be waiting unread behind the backlog, which is not a dead broker.
    paused_since_ping: bool,
    /// Several brokers in `connect()`'s host (a list): say which one answered.
    several_brokers: bool,
    /// QoS 2 publishes (by packet id) in flight when short connections were
    /// lost, and how many times in a row (see [`QOS2_STRIKES`]).
    strikes: std::collections::HashMap<u16, u8>,
    /// The connection just lost lasted less than [`STABLE_CONNECTION`].
    short_connection: bool,
    /// Packet ids of QoS 2 publishes written and not yet PUBREC'd.
    qos2_out: std::collections::HashSet<u16>,
    protocol: Protocol,
    /// QoS 1/2 publishes in flight at once: ours (`max_inflight`), or less
    /// when an MQTT 5 broker's receive maximum says so (rumqttc's state
    /// does not hold publishes back for it).
    window: u16,
    /// The broker's topic aliases on this connection (MQTT 5): a PUBLISH
    /// with an alias and no topic means the topic last sent with it.
    aliases: HashMap<u16, Bytes>,
    /// The reason of the broker's DISCONNECT (MQTT 5), for `onDisconnect`.
    disconnect_reply: Option<Box<Reply>>,
}

impl IoLoop {
    pub(crate) fn new(
        options: SessionOptions,
        tls: Option<SslContext>,
        commands: flume::Receiver<Command>,
        events: flume::Sender<Event>,
        shared: Arc<Shared>,
        first_connack: flume::Sender<Result<(), MqttError>>,
    ) -> IoLoop {
        // Manual acks: a message is acknowledged only after PHP's callback returned.
        let state = MqttState::new(options.max_inflight.max(1), true);
        let options_protocol = options.protocol_version;
        IoLoop {
            options,
            tls,
            commands,
            events,
            shared,
            first_connack: Some(first_connack),
            state,
            ledger: Ledger::default(),
            waiting: VecDeque::new(),
            acks: Vec::new(),
            resend: Vec::new(),
            closing: false,
            flush_until: None,
            paused_since_ping: false,
            exactly_once: HashMap::new(),
            several_brokers: false,
            strikes: std::collections::HashMap::new(),
            short_connection: false,
            qos2_out: std::collections::HashSet::new(),
            protocol: if options_protocol == 5 { Protocol::V5 } else { Protocol::V311 },
            window: 1,
            aliases: HashMap::new(),
            disconnect_reply: None,
        }
    }

    /// Starts the session's task on the process's I/O thread.
    pub(crate) fn start(self) -> std::io::Result<Task> {
        let (done, finished) = flume::bounded(1);
        let finish = Finish {
            shared: Arc::clone(&self.shared),
            events: self.events.clone(),
            client_id: self.options.client_id.clone(),
            _done: done,
        };
        let run = async move {
            let mut io = self;
            io.drive().await;
        };
        let abort = runtime::spawn(supervised(run, finish))?;
        Ok(Task { finished, abort })
    }

    fn emit(&self, event: Event) {
        // The receiver goes away with the Session, which waits for us
        // first (except in a forked child, where nobody listens).
        let _ = self.events.send(event);
        self.shared.raise_readiness();
    }

    fn emit_some(&self, event: Option<Event>) {
        match event {
            Some(Event::Published { .. }) if !self.shared.publish_events.load(Ordering::Relaxed) => {}
            Some(event) => self.emit(event),
            None => {}
        }
    }

    /// A line for `onLog`, built only when someone listens.
    fn log(&self, level: LogLevel, text: impl FnOnce(&str) -> String) {
        if self.shared.logging.load(Ordering::Relaxed) {
            self.emit(Event::Log { level, text: text(&self.options.client_id) });
        }
    }

    fn fail_first(&mut self, error: MqttError) {
        if let Some(first) = self.first_connack.take() {
            let _ = first.send(Err(error));
        }
    }

    async fn drive(&mut self) {
        let brokers = match self.options.brokers() {
            Ok(brokers) => brokers,
            Err(error) => return self.fail_first(error),
        };
        self.several_brokers = brokers.len() > 1;
        // Where the next attempt begins: after a lost connection, the broker
        // after the one that was lost (each attempt tries every broker once).
        let mut next = 0;
        let mut attempt: u32 = 0;
        loop {
            let started = Instant::now();
            let mut swept = true;
            let end = match connect::open_any(&self.options, self.tls.as_ref(), &brokers, next).await {
                Ok((connection, index)) => {
                    swept = false;
                    next = (index + 1) % brokers.len();
                    self.serve(connection, &brokers[index]).await
                }
                Err(error) if self.first_connack.is_some() => return self.fail_first(error),
                Err(error) => End::Lost(error.to_string()),
            };
            self.short_connection = started.elapsed() < STABLE_CONNECTION;
            let reason = match end {
                End::Closed => return,
                End::Lost(reason) => reason,
            };
            if self.closing || !self.connection_lost(&reason) {
                return;
            }
            if started.elapsed() >= STABLE_CONNECTION {
                attempt = 0;
            }
            let mut wait = jittered(self.options.reconnect.delay_for(attempt));
            attempt = attempt.saturating_add(1);
            if swept && brokers.len() > 1 {
                // With a list, after a sweep where no node accepted us, the
                // back-off counts from the start of the sweep: one that spent
                // seconds on nodes holding our CONNECT (NATS recovering) has
                // waited already.
                wait = wait.saturating_sub(started.elapsed());
            }
            if !self.wait_offline(wait).await {
                return;
            }
        }
    }

    /// Waits before the next reconnect, still taking commands (a disconnect
    /// must not wait for the broker). Returns false when told to disconnect.
    async fn wait_offline(&mut self, wait: Duration) -> bool {
        let until = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                biased;
                command = self.commands.recv_async() => match command {
                    Ok(Command::Disconnect) | Err(_) => return false,
                    Ok(command) => self.take(command),
                },
                _ = sleep_until(until) => return true,
            }
        }
    }

    /// Returns whether to go on reconnecting.
    fn connection_lost(&mut self, reason: &str) -> bool {
        // In flight on the lost connection: resent after the next CONNACK. A
        // publish held back by a packet-id collision goes last, behind the one
        // holding its id (rumqttc #1056/#1014: never leave it in `collision`).
        let mut resend = self.state.clean();
        self.aliases.clear();
        if let Some(held) = self.state.collision.take() {
            resend.push(Request::Publish(held));
        }
        self.resend.extend(resend);
        self.ledger.connection_lost();
        // PHP's ack for a message of the lost connection is dropped, so the
        // broker must be able to deliver it again: only messages already
        // PUBREC'd stay known.
        self.exactly_once.retain(|_, recorded| *recorded);
        if self.shared.online.swap(false, Ordering::AcqRel) {
            self.log(LogLevel::Err, |id| format!("Client {id} connection lost: {reason}"));
            // MQTT 5 callbacks always get a reason: the broker's DISCONNECT,
            // else "unspecified error" with what we saw.
            let reply = match (self.protocol, self.disconnect_reply.take()) {
                (Protocol::V5, None) => Reply::new(0x80, Some(reason.to_string()), Vec::new()),
                (_, reply) => reply,
            };
            self.emit(Event::Disconnected { rc: 7, reply });
            if !self.options.auto_reconnect {
                // Finished before the PHP side can see the event, so its next
                // call already finds the session over.
                self.shared.finished.store(true, Ordering::Release);
                self.emit(Event::ConnectionLost);
                return false;
            }
        } else {
            self.log(LogLevel::Warning, |id| format!("Client {id} could not reconnect: {reason}"));
        }
        true
    }

    /// A command from PHP: acknowledgements go out at once (they never wait
    /// for the in-flight window); requests queue in order.
    fn take(&mut self, command: Command) {
        match command {
            Command::Ack { pkid, qos, connection } => self.acks.push((pkid, qos, connection)),
            Command::Disconnect => self.closing = true,
            command => self.waiting.push_back(command),
        }
    }

    /// Serves one accepted connection until it ends.
    async fn serve(&mut self, connection: Connection, broker: &Broker) -> End {
        let Connection { stream, received, connack, peer } = connection;
        let (mut reader, mut writer) = tokio::io::split(stream);
        let mut received = received;
        let mut out = BytesMut::with_capacity(4096);
        // An MQTT 5 broker may shorten our keepalive (server keep alive).
        let server_keep_alive = connack.properties.as_ref().and_then(|p| p.server_keep_alive);
        let keepalive = Duration::from_secs(u64::from(server_keep_alive.unwrap_or(self.options.keepalive)));
        self.connected(connack, broker, peer, &mut out);
        let mut next_ping = tokio::time::Instant::now() + keepalive;

        loop {
            // Every session shares the I/O thread: one that always has work
            // (a flood, a producer that never waits) still yields to the
            // others now and then.
            tokio::task::coop::consume_budget().await;
            if let Err(reason) = self.handle_received(&mut received, &mut out) {
                return self.abandon(&mut writer, &mut out, reason).await;
            }
            self.send_waiting(&mut out);
            if self.closing {
                // A script that publishes and ends (a web request, a cron
                // job) must not lose what it published: wait, bounded, for
                // the queue to be written and QoS 1/2 to be acknowledged.
                let flush_until = *self.flush_until.get_or_insert_with(|| tokio::time::Instant::now() + self.options.flush_timeout);
                if !self.has_unfinished_publishes() || tokio::time::Instant::now() >= flush_until {
                    return self.close(&mut reader, &mut writer, &mut out).await;
                }
            }
            // Reading stays on while our own publishes wait for the broker's
            // acks: those acks are in the stream too, and PHP may be waiting
            // for room in the outgoing queue instead of taking messages.
            let may_read = self.shared.inbound.may_read() || self.waits_for_acks();
            if !may_read && !self.paused_since_ping {
                self.paused_since_ping = true;
                self.log(LogLevel::Debug, |id| format!("Client {id} stops reading until loop() takes what was received"));
            }
            let wake = self.wait(&mut reader, &mut writer, &mut received, &mut out, keepalive, next_ping, may_read).await;
            self.shared.inbound.paused.store(false, Ordering::SeqCst);
            match wake {
                // MQTT 3.1.1 gives no reason. Most often it is a second client
                // with our id (a worker started twice), which makes the two
                // take turns: say so, and the back-off keeps it slow.
                Wake::Read(Ok(0)) => {
                    let id = &self.options.client_id;
                    return End::Lost(format!("the broker closed the connection (did another client connect with client id '{id}'?)"));
                }
                Wake::Read(Ok(_)) => {}
                Wake::Read(Err(error)) | Wake::Wrote(Err(error)) => return End::Lost(error.to_string()),
                Wake::Wrote(Ok(_)) => {}
                Wake::Commands(None) => self.closing = true,
                Wake::Commands(Some(command)) => {
                    self.take(command);
                    // Everything PHP sent meanwhile goes into the same write.
                    while let Ok(command) = self.commands.try_recv() {
                        self.take(command);
                    }
                }
                Wake::FlushOver | Wake::Drained => {}
                Wake::Keepalive => {
                    next_ping += keepalive;
                    if self.state.await_pingresp {
                        if !self.paused_since_ping {
                            return End::Lost("no PINGRESP within the keepalive interval".into());
                        }
                        // Its PINGRESP is behind data we have not read yet;
                        // the broker still needs to hear from us.
                        self.state.await_pingresp = false;
                    }
                    self.paused_since_ping = false;
                    self.send_request(Request::PingReq, None, &mut out);
                }
            }
        }
    }

    // The loop's buffers and halves are borrowed mutably side by side; a struct
    // holding them would only move this list elsewhere.
    #[allow(clippy::too_many_arguments)]
    async fn wait(
        &self,
        reader: &mut ReadHalf<Stream>,
        writer: &mut WriteHalf<Stream>,
        received: &mut BytesMut,
        out: &mut BytesMut,
        keepalive: Duration,
        next_ping: tokio::time::Instant,
        may_read: bool,
    ) -> Wake {
        if received.capacity() - received.len() < 4096 {
            received.reserve(16 * 1024);
        }
        let pending_write = !out.is_empty();
        let flush_until = self.flush_until.unwrap_or(next_ping);
        tokio::select! {
            biased;
            _ = sleep_until(flush_until), if self.flush_until.is_some() => Wake::FlushOver,
            written = writer.write_buf(out), if pending_write => Wake::Wrote(written),
            read = reader.read_buf(received), if may_read => Wake::Read(read),
            _ = self.shared.inbound.drained.notified(), if !may_read => Wake::Drained,
            command = self.commands.recv_async() => Wake::Commands(command.ok()),
            _ = sleep_until(next_ping), if !keepalive.is_zero() => Wake::Keepalive,
        }
    }

    /// Whether publishes wait for the in-flight window, that is for acks.
    fn waits_for_acks(&self) -> bool {
        let window_full = self.state.inflight() >= self.window || self.state.collision.is_some();
        window_full && self.waiting.iter().any(|command| matches!(command, Command::Publish { .. }))
    }

    /// Publishes PHP made that are not yet written or not yet acknowledged.
    fn has_unfinished_publishes(&self) -> bool {
        self.state.inflight() > 0
            || self.state.collision.is_some()
            || self.waiting.iter().any(|command| matches!(command, Command::Publish { .. }))
    }

    /// The broker accepted us: restore what the last connection left, and tell PHP.
    fn connected(&mut self, connack: rumqttc::v5::mqttbytes::v5::ConnAck, broker: &Broker, peer: std::net::SocketAddr, out: &mut BytesMut) {
        let session_present = connack.session_present;
        let receive_maximum = connack.properties.as_ref().and_then(|p| p.receive_max);
        let max_packet = connack.properties.as_ref().and_then(|p| p.max_packet_size).unwrap_or(0);
        self.shared.broker_max_packet.store(max_packet, Ordering::Release);
        self.window = self.options.max_inflight.max(1).min(receive_maximum.unwrap_or(u16::MAX).max(1));
        let reply = match self.protocol {
            Protocol::V311 => None,
            Protocol::V5 => {
                let props = connack.properties.as_ref();
                let reason_string = props.and_then(|p| p.reason_string.clone());
                Reply::new(0, reason_string, props.map(properties::connack_properties).unwrap_or_default())
            }
        };
        // Tells the state the broker's receive maximum, so that packet ids
        // wrap within it.
        let _ = self.state.handle_incoming_packet(Packet::ConnAck(connack));
        self.state.events.clear();
        let connection = self.shared.connection.fetch_add(1, Ordering::AcqRel) + 1;
        self.shared.online.store(true, Ordering::Release);
        // The first CONNECT is logged by the PHP side before it waits.
        if connection > 1 {
            self.log(LogLevel::Debug, |id| format!("Client {id} sending CONNECT"));
        }
        self.log(LogLevel::Debug, |id| format!("Client {id} received CONNACK (0)"));
        // Which node of a list answered (a plain host logs as Mosquitto-PHP).
        let node = if broker.to_string() == peer.to_string() { broker.to_string() } else { format!("{broker} ({peer})") };
        if connection > 1 {
            self.log(LogLevel::Notice, |id| format!("Client {id} reconnected to {node}"));
        } else if self.several_brokers {
            self.log(LogLevel::Notice, |id| format!("Client {id} connected to {node}"));
        }
        self.restore(session_present, out);
        self.emit(Event::Connected { rc: 0, session_present, reply });
        if let Some(first) = self.first_connack.take() {
            let _ = first.send(Ok(()));
        }
    }

    /// After a reconnect: subscribe again, then send again what was in flight.
    ///
    /// Subscriptions are sent again even when the broker says it kept the
    /// session: mosquitto 2.0.11 restores a persistent session from its
    /// database without its shared subscriptions (`$share/...`), and a worker
    /// would then wait forever. Subscribing again replaces an identical
    /// subscription; the broker re-sends retained messages for it.
    ///
    /// With the session gone, a QoS 2 publish already PUBREC'd has reached the
    /// broker: it is complete, not resent.
    fn restore(&mut self, session_present: bool, out: &mut BytesMut) {
        if !session_present {
            self.exactly_once.clear();
        }
        let subscriptions = self.ledger.subscriptions().to_vec();
        for subscription in subscriptions {
            self.send_subscribe(0, subscription, out);
        }
        let resend = mem::take(&mut self.resend);
        self.count_strikes(&resend);
        for request in resend {
            match request {
                Request::PubRel(rel) if !session_present => {
                    let reply = self.reply(0, None, None);
                    let done = self.ledger.publish_done(rel.pkid).map(|mid| Event::Published { mid, reply });
                    self.emit_some(done);
                }
                Request::Publish(publish) if self.strikes.get(&publish.pkid).is_some_and(|n| *n >= QOS2_STRIKES) => {
                    self.strikes.remove(&publish.pkid);
                    let mid = self.ledger.give_up(publish.pkid).unwrap_or(publish.pkid);
                    self.log(LogLevel::Err, |id| {
                        format!(
                            "Client {id} gave up PUBLISH (Mid: {mid}, QoS 2, '{}'): the connection was lost {QOS2_STRIKES} times in a row \
                             while it was in flight; does this broker support QoS 2? (NATS closes the connection)",
                            String::from_utf8_lossy(&publish.topic)
                        )
                    });
                }
                Request::Publish(mut publish) => {
                    publish.dup = true;
                    let mid = self.ledger.publish_mid(publish.pkid);
                    self.send_request(Request::Publish(publish), mid, out);
                }
                other => self.send_request(other, None, out),
            }
        }
    }

    /// A QoS 2 publish to be sent again after a short connection gets a
    /// strike; one acknowledged meanwhile (not in `resend` as a PUBLISH any
    /// more), or after a connection that lasted, starts again from none.
    fn count_strikes(&mut self, resend: &[Request]) {
        let short = mem::take(&mut self.short_connection);
        let mut strikes = mem::take(&mut self.strikes);
        for request in resend {
            if let Request::Publish(publish) = request {
                if short && publish.qos == QoS::ExactlyOnce {
                    let count = strikes.get(&publish.pkid).copied().unwrap_or(0);
                    self.strikes.insert(publish.pkid, count.saturating_add(1));
                }
            }
        }
        strikes.clear();
    }

    /// Requests in PHP's order, as far as the in-flight window allows.
    fn send_waiting(&mut self, out: &mut BytesMut) {
        let current = self.shared.connection.load(Ordering::Acquire);
        for (pkid, qos, connection) in mem::take(&mut self.acks) {
            // An ack for a message of an earlier connection is dropped: the
            // broker sends that message again.
            if connection == current {
                if qos == 2 {
                    self.exactly_once.insert(pkid, true);
                }
                let request = if qos == 1 { Request::PubAck(PubAck::new(pkid, None)) } else { Request::PubRec(PubRec::new(pkid, None)) };
                self.send_request(request, None, out);
            }
        }
        while let Some(command) = self.waiting.front() {
            if let Command::Publish { publish, .. } = command {
                let window_full = self.state.inflight() >= self.window;
                if publish.qos != 0 && (window_full || self.state.collision.is_some()) {
                    return;
                }
            }
            let Some(command) = self.waiting.pop_front() else { return };
            if command.is_request() {
                self.shared.queued.fetch_sub(1, Ordering::AcqRel);
                self.shared.queued_bytes.fetch_sub(command.size(), Ordering::AcqRel);
            }
            match command {
                Command::Publish { mid, publish } => self.send_request(Request::Publish(publish.into()), Some(mid), out),
                Command::Subscribe { mid, filter, qos, options } => self.send_subscribe(mid, Subscription { filter, qos, options }, out),
                Command::Unsubscribe { mid, filter } => {
                    if let Some(Packet::Unsubscribe(unsubscribe)) =
                        self.packet_for(Request::Unsubscribe(Unsubscribe::new(filter.clone(), None)), out)
                    {
                        self.ledger.unsubscribing(unsubscribe.pkid, mid, &filter);
                        self.log(LogLevel::Debug, |id| format!("Client {id} sending UNSUBSCRIBE (Mid: {mid}, Topic: {filter})"));
                    }
                }
                Command::Ack { .. } | Command::Disconnect => {}
            }
        }
    }

    fn send_subscribe(&mut self, mid: u16, subscription: Subscription, out: &mut BytesMut) {
        let SubscribeOptions { no_local, retain_as_published, retain_handling, subscription_identifier } = subscription.options;
        let filter = Filter {
            path: subscription.filter.clone(),
            qos: qos_from_u8(subscription.qos),
            nolocal: no_local,
            preserve_retain: retain_as_published,
            retain_forward_rule: match retain_handling {
                0 => RetainForwardRule::OnEverySubscribe,
                1 => RetainForwardRule::OnNewSubscribe,
                _ => RetainForwardRule::Never,
            },
        };
        let properties = subscription_identifier.map(|id| SubscribeProperties { id: Some(id), user_properties: Vec::new() });
        if let Some(Packet::Subscribe(subscribe)) = self.packet_for(Request::Subscribe(Subscribe::new(filter, properties)), out) {
            self.ledger.subscribing(subscribe.pkid, mid, &subscription);
            // The subscription options byte, as libmosquitto logs it (QoS aside).
            let flags = u8::from(no_local) << 2 | u8::from(retain_as_published) << 3 | retain_handling << 4;
            let (filter, qos) = (subscription.filter, subscription.qos);
            self.log(LogLevel::Debug, |id| {
                format!("Client {id} sending SUBSCRIBE (Mid: {mid}, Topic: {filter}, QoS: {qos}, Options: 0x{flags:02x})")
            });
        }
    }

    /// Hands a request to `MqttState`, writes the packet it makes, and keeps
    /// the ledger and the log in step. `mid` is the mid PHP knows a publish by.
    fn send_request(&mut self, request: Request, mid: Option<u16>, out: &mut BytesMut) {
        let held_mid = mid;
        let is_publish = matches!(request, Request::Publish(_));
        match self.packet_for(request, out) {
            Some(Packet::Publish(publish)) => {
                self.note_qos(&publish);
                let mid = match (publish.pkid, held_mid) {
                    // QoS 0: PHP already fired `onPublish` inside `publish()`,
                    // as Mosquitto-PHP does; nothing comes back for it.
                    (0, Some(mid)) => mid,
                    (pkid, mid) => {
                        self.ledger.published(pkid, mid);
                        self.ledger.publish_mid(pkid).unwrap_or(pkid)
                    }
                };
                self.log(LogLevel::Debug, |id| publish_line(id, "sending", &publish, mid));
            }
            // Held back by a packet-id collision. After a reconnect the
            // ledger already knows which mid that is: keep it.
            None if is_publish => {
                if let (Some(mid), false) = (held_mid, self.ledger.has_held_back()) {
                    self.ledger.held_back(mid);
                }
            }
            Some(Packet::PubAck(ack)) => self.log(LogLevel::Debug, |id| format!("Client {id} sending PUBACK (m{}, rc0)", ack.pkid)),
            Some(Packet::PubRec(rec)) => self.log(LogLevel::Debug, |id| format!("Client {id} sending PUBREC (m{}, rc0)", rec.pkid)),
            Some(Packet::PubRel(rel)) => {
                let mid = self.ledger.publish_mid(rel.pkid).unwrap_or(rel.pkid);
                self.log(LogLevel::Debug, |id| format!("Client {id} sending PUBREL (m{mid})"));
            }
            Some(Packet::PingReq(_)) => self.log(LogLevel::Debug, |id| format!("Client {id} sending PINGREQ")),
            Some(Packet::Disconnect(_)) => self.log(LogLevel::Debug, |id| format!("Client {id} sending DISCONNECT")),
            _ => {}
        }
    }

    fn note_qos(&mut self, publish: &Publish) {
        if publish.qos == QoS::ExactlyOnce {
            self.qos2_out.insert(publish.pkid);
        } else if publish.pkid != 0 {
            self.qos2_out.remove(&publish.pkid);
        }
    }

    /// `MqttState`'s packet for a request, already written into `out`.
    fn packet_for(&mut self, request: Request, out: &mut BytesMut) -> Option<Packet> {
        // `handle_outgoing_packet` panics (`unimplemented!`) on request kinds
        // it does not know; we only ever pass the ones it handles.
        let packet = match self.state.handle_outgoing_packet(request) {
            Ok(packet) => packet,
            Err(error) => {
                self.log(LogLevel::Err, |id| format!("Client {id} could not send: {error}"));
                None
            }
        };
        self.state.events.clear();
        let packet = packet?;
        if let Err(error) = self.protocol.write(&packet, out, MAX_PACKET_SIZE) {
            self.log(LogLevel::Err, |id| format!("Client {id} could not encode a packet: {error}"));
            return None;
        }
        Some(packet)
    }

    /// Every complete packet in `received`.
    fn handle_received(&mut self, received: &mut BytesMut, out: &mut BytesMut) -> Result<(), String> {
        loop {
            match self.protocol.read(received, self.options.max_incoming_packet.min(MAX_PACKET_SIZE)) {
                Ok(packet) => self.handle_packet(packet, out)?,
                Err(ReadError::Incomplete) => return Ok(()),
                Err(ReadError::TooLarge(size)) => {
                    let limit = self.options.max_incoming_packet;
                    return Err(format!("the broker sent a packet of {size} bytes, over the limit of {limit} (mosquitto.max_packet_size)"));
                }
                Err(ReadError::Malformed(error)) => return Err(format!("malformed packet from the broker: {error}")),
            }
        }
    }

    /// An MQTT 5 acknowledgement's reason for the callbacks (None on 3.1.1).
    fn reply(&self, code: u8, reason_string: Option<&String>, user_properties: Option<&Vec<(String, String)>>) -> Option<Box<Reply>> {
        match self.protocol {
            Protocol::V311 => None,
            Protocol::V5 => {
                Reply::new(code, reason_string.cloned(), user_properties.map(|p| properties::user_properties(p)).unwrap_or_default())
            }
        }
    }

    fn handle_packet(&mut self, mut packet: Packet, out: &mut BytesMut) -> Result<(), String> {
        let kind = match &mut packet {
            Packet::Publish(publish) => {
                self.resolve_alias(publish)?;
                self.log(LogLevel::Debug, |id| publish_line(id, "received", publish, publish.pkid));
                if publish.qos == QoS::ExactlyOnce {
                    match self.exactly_once.get(&publish.pkid) {
                        // Already delivered; PHP has not finished it yet.
                        Some(false) => return Ok(()),
                        // Already processed: the broker missed our PUBREC.
                        Some(true) => {
                            self.send_reply(Packet::PubRec(PubRec::new(publish.pkid, None)), out);
                            return Ok(());
                        }
                        None => {
                            self.exactly_once.insert(publish.pkid, false);
                        }
                    }
                }
                let topic = match std::str::from_utf8(&publish.topic) {
                    Ok(topic) => topic.to_string(),
                    Err(_) => return Err("the broker sent a PUBLISH whose topic is not UTF-8".into()),
                };
                let message = Message {
                    topic,
                    payload: publish.payload.clone(),
                    qos: publish.qos as u8,
                    retain: publish.retain,
                    pkid: publish.pkid,
                    connection: self.shared.connection.load(Ordering::Acquire),
                    properties: publish.properties.clone().map(Box::new),
                };
                self.shared.inbound.added(message.size());
                self.emit(Event::Message(message));
                "PUBLISH"
            }
            Packet::PubAck(ack) => {
                if self.qos2_out.remove(&ack.pkid) {
                    // RabbitMQ does this: it delivered the message at QoS 1.
                    let mid = self.ledger.publish_mid(ack.pkid).unwrap_or(ack.pkid);
                    self.log(LogLevel::Warning, |id| {
                        format!("Client {id} received PUBACK for QoS 2 PUBLISH (Mid: {mid}): the broker took it at QoS 1")
                    });
                }
                let code = reason::puback_code(ack.reason);
                let props = ack.properties.as_ref();
                let reply = self.reply(code, props.and_then(|p| p.reason_string.as_ref()), props.map(|p| &p.user_properties));
                self.publish_done("PUBACK", ack.pkid, code, reply);
                // A refused publish is as finished as an accepted one; the
                // state releases a publish held back for its id only on success.
                ack.reason = PubAckReason::Success;
                "PUBACK"
            }
            Packet::PubComp(comp) => {
                let code = reason::pubcomp_code(comp.reason);
                let props = comp.properties.as_ref();
                let reply = self.reply(code, props.and_then(|p| p.reason_string.as_ref()), props.map(|p| &p.user_properties));
                self.publish_done("PUBCOMP", comp.pkid, code, reply);
                comp.reason = PubCompReason::Success;
                "PUBCOMP"
            }
            Packet::PubRec(rec) if reason::pubrec_code(rec.reason) >= 0x80 => {
                // MQTT 5: the broker refused a QoS 2 publish; the exchange ends
                // here, with no PUBREL. rumqttc's state would keep the packet id
                // in flight for good, so it is walked through a PUBREC and a
                // PUBCOMP instead (its PUBREL is not sent).
                self.qos2_out.remove(&rec.pkid);
                let code = reason::pubrec_code(rec.reason);
                let props = rec.properties.as_ref();
                let reply = self.reply(code, props.and_then(|p| p.reason_string.as_ref()), props.map(|p| &p.user_properties));
                self.publish_done("PUBREC", rec.pkid, code, reply);
                let pkid = rec.pkid;
                if self.state.handle_incoming_packet(Packet::PubRec(PubRec::new(pkid, None))).is_ok() {
                    if let Ok(Some(held)) = self.state.handle_incoming_packet(Packet::PubComp(PubComp::new(pkid, None))) {
                        self.send_reply(held, out);
                    }
                }
                self.state.events.clear();
                return Ok(());
            }
            Packet::PubRec(rec) => {
                self.qos2_out.remove(&rec.pkid);
                let mid = self.ledger.publish_mid(rec.pkid).unwrap_or(rec.pkid);
                self.log(LogLevel::Debug, |id| format!("Client {id} received PUBREC (Mid: {mid})"));
                "PUBREC"
            }
            Packet::PubRel(rel) => {
                let pkid = rel.pkid;
                self.exactly_once.remove(&pkid);
                self.log(LogLevel::Debug, |id| format!("Client {id} received PUBREL (Mid: {pkid})"));
                "PUBREL"
            }
            Packet::SubAck(ack) => {
                self.log(LogLevel::Debug, |id| format!("Client {id} received SUBACK"));
                let granted: Vec<u8> = ack.return_codes.iter().map(|code| reason::suback_code(*code)).collect();
                let props = ack.properties.as_ref();
                let code = granted.first().copied().unwrap_or_default();
                let reply = self.reply(code, props.and_then(|p| p.reason_string.as_ref()), props.map(|p| &p.user_properties));
                if let Some(mid) = self.ledger.subscribed(ack.pkid) {
                    self.emit(Event::Subscribed { mid, granted, reply });
                }
                "SUBACK"
            }
            Packet::UnsubAck(ack) => {
                self.log(LogLevel::Debug, |id| format!("Client {id} received UNSUBACK"));
                let code = ack.reasons.first().map(|r| reason::unsuback_code(*r)).unwrap_or_default();
                let props = ack.properties.as_ref();
                let reply = self.reply(code, props.and_then(|p| p.reason_string.as_ref()), props.map(|p| &p.user_properties));
                if let Some(mid) = self.ledger.unsubscribed(ack.pkid) {
                    self.emit(Event::Unsubscribed { mid, reply });
                }
                "UNSUBACK"
            }
            Packet::PingResp(_) => {
                self.log(LogLevel::Debug, |id| format!("Client {id} received PINGRESP"));
                "PINGRESP"
            }
            // MQTT 5: the broker says why it ends the connection (another
            // client took the session over, an administrator, a limit).
            Packet::Disconnect(disconnect) => {
                let code = disconnect.reason_code as u8;
                let props = disconnect.properties.as_ref();
                let reason_string = props.and_then(|p| p.reason_string.clone());
                let text = reason_string.as_deref().unwrap_or(reason::disconnect_reason(code));
                let mut why = format!("the broker disconnected us: {text} (reason code {code})");
                if code == 0x8E {
                    // Most often a worker started twice (see `Wake::Read(Ok(0))`).
                    let id = &self.options.client_id;
                    why.push_str(&format!(" (did another client connect with client id '{id}'?)"));
                }
                self.disconnect_reply = Reply::new(code, reason_string, props.map(properties::disconnect_properties).unwrap_or_default());
                return Err(why);
            }
            other => return Err(format!("unexpected packet from the broker: {other:?}")),
        };
        let pubrel = match &packet {
            Packet::PubRel(rel) => Some(rel.pkid),
            _ => None,
        };
        match self.state.handle_incoming_packet(packet) {
            Ok(Some(reply)) => self.send_reply(reply, out),
            Ok(None) => {}
            // A PUBREL for a QoS 2 message of an earlier connection (its state
            // went with `clean()`): the broker still needs our PUBCOMP, as
            // libmosquitto sends it.
            Err(StateError::Unsolicited(_)) if pubrel.is_some() => {
                self.send_reply(Packet::PubComp(PubComp::new(pubrel.unwrap_or_default(), None)), out);
            }
            // An acknowledgement for something no longer in flight (sent
            // before a reconnect): nothing to do, as libmosquitto ignores it.
            Err(StateError::Unsolicited(pkid)) => {
                self.log(LogLevel::Debug, |id| format!("Client {id} ignored an unexpected {kind} (Mid: {pkid})"));
            }
            Err(error) => {
                self.state.events.clear();
                return Err(error.to_string());
            }
        }
        self.state.events.clear();
        Ok(())
    }

    /// MQTT 5 topic aliases stay inside: a PUBLISH that names its topic by
    /// alias gets the topic back, and PHP never sees the alias.
    fn resolve_alias(&mut self, publish: &mut Publish) -> Result<(), String> {
        let Some(alias) = publish.properties.as_mut().and_then(|p| p.topic_alias.take()) else { return Ok(()) };
        if publish.topic.is_empty() {
            match self.aliases.get(&alias) {
                Some(topic) => publish.topic = topic.clone(),
                None => return Err(format!("the broker used topic alias {alias} before naming its topic")),
            }
        } else {
            self.aliases.insert(alias, publish.topic.clone());
        }
        Ok(())
    }

    /// A PUBACK or PUBCOMP (or a refusing PUBREC): the publish is complete.
    fn publish_done(&mut self, kind: &str, pkid: u16, code: u8, reply: Option<Box<Reply>>) {
        let mid = self.ledger.publish_done(pkid);
        let shown = mid.unwrap_or(pkid);
        if code >= 0x80 {
            self.log(LogLevel::Warning, |id| {
                format!("Client {id} received {kind} (Mid: {shown}, RC:{code}): the broker refused the publish")
            });
        } else {
            self.log(LogLevel::Debug, |id| format!("Client {id} received {kind} (Mid: {shown}, RC:{code})"));
        }
        self.emit_some(mid.map(|mid| Event::Published { mid, reply }));
    }

    /// What `MqttState` answers an incoming packet with: PUBREL, PUBCOMP, or
    /// a held-back publish whose packet id has just been freed.
    fn send_reply(&mut self, reply: Packet, out: &mut BytesMut) {
        if let Err(error) = self.protocol.write(&reply, out, MAX_PACKET_SIZE) {
            self.log(LogLevel::Err, |id| format!("Client {id} could not encode a packet: {error}"));
            return;
        }
        match reply {
            Packet::Publish(publish) => {
                self.note_qos(&publish);
                self.ledger.published(publish.pkid, None);
                let mid = self.ledger.publish_mid(publish.pkid).unwrap_or(publish.pkid);
                self.log(LogLevel::Debug, |id| publish_line(id, "sending", &publish, mid));
            }
            Packet::PubRel(rel) => {
                let mid = self.ledger.publish_mid(rel.pkid).unwrap_or(rel.pkid);
                self.log(LogLevel::Debug, |id| format!("Client {id} sending PUBREL (m{mid})"));
            }
            Packet::PubComp(comp) => self.log(LogLevel::Debug, |id| format!("Client {id} sending PUBCOMP (m{})", comp.pkid)),
            Packet::PubRec(rec) => self.log(LogLevel::Debug, |id| format!("Client {id} sending PUBREC (m{}, rc0)", rec.pkid)),
            _ => {}
        }
    }

    /// PHP asked to disconnect: what is queued goes first, then DISCONNECT;
    /// then, briefly, the broker's end of the connection.
    async fn close(&mut self, reader: &mut ReadHalf<Stream>, writer: &mut WriteHalf<Stream>, out: &mut BytesMut) -> End {
        self.send_request(Request::Disconnect, None, out);
        let flushed = async {
            writer.write_all(out).await?;
            writer.shutdown().await
        };
        let until = tokio::time::Instant::now() + CLOSE_GRACE;
        if let Ok(Ok(())) = tokio::time::timeout_at(until, flushed).await {
            // The broker closes its side once it has read everything before
            // our DISCONNECT. Waiting for that means that when disconnect()
            // returns our last acks have been taken: a client that connects
            // at once with the same id (and so takes the session over) does
            // not have them discarded, and the messages redelivered, because
            // the broker read its CONNECT first. What still arrives is
            // dropped (unacknowledged, so the broker keeps it).
            let drained = async {
                let mut rest = [0u8; 1024];
                while reader.read(&mut rest).await? > 0 {}
                Ok::<(), std::io::Error>(())
            };
            let _ = tokio::time::timeout_at(until.min(tokio::time::Instant::now() + CLOSE_EOF_WAIT), drained).await;
        }
        self.shared.online.store(false, Ordering::Release);
        End::Closed
    }

    /// A protocol error: tell the broker nothing more, just leave.
    async fn abandon(&mut self, writer: &mut WriteHalf<Stream>, out: &mut BytesMut, reason: String) -> End {
        out.clear();
        let _ = tokio::time::timeout(CLOSE_GRACE, writer.shutdown()).await;
        End::Lost(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish() -> (Finish, Arc<Shared>, flume::Receiver<Event>, Task) {
        let shared = Arc::new(Shared::default());
        shared.online.store(true, Ordering::Release);
        let (events, received) = flume::unbounded();
        let (done, finished) = flume::bounded(1);
        let finish = Finish { shared: Arc::clone(&shared), events, client_id: "c".into(), _done: done };
        let abort = runtime::spawn(async {}).expect("spawn");
        (finish, shared, received, Task { finished, abort })
    }

    #[test]
    fn a_panicking_task_ends_its_session_only() {
        let (finish, shared, events, task) = finish();
        // The default hook prints the panic ("boom") in the test output.
        runtime::spawn(supervised(async { panic!("boom") }, finish)).expect("spawn");
        assert!(task.wait_until(Instant::now() + Duration::from_secs(5)), "the task ended");
        assert!(shared.finished.load(Ordering::Acquire));
        assert!(!shared.online.load(Ordering::Acquire));
        let got: Vec<Event> = events.try_iter().collect();
        assert!(matches!(got.as_slice(), [Event::Disconnected { rc: 7, reply: None }, Event::ConnectionLost]), "{got:?}");
        // The I/O thread goes on serving the others.
        let (tx, rx) = flume::bounded(1);
        runtime::spawn(async move {
            let _ = tx.send(());
        })
        .expect("spawn");
        assert!(rx.recv_timeout(Duration::from_secs(5)).is_ok());
    }

    #[test]
    fn an_aborted_task_marks_its_session_finished() {
        let (finish, shared, _events, mut task) = finish();
        task.abort = runtime::spawn(supervised(std::future::pending(), finish)).expect("spawn");
        assert!(!task.wait_until(Instant::now() + Duration::from_millis(50)));
        task.abort.abort();
        assert!(task.wait_until(Instant::now() + Duration::from_secs(5)));
        assert!(shared.finished.load(Ordering::Acquire));
    }
}

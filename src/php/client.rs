//! `Mosquitto\Client` (also `MosquittoClient`): the PHP face of a
//! [`mosquitto_core::Session`]. Everything here runs on the PHP thread; the
//! session's I/O thread does the networking. Callbacks run only inside
//! `loop()`, `loopForever()`, `disconnect()` and the destructor.

// Parameter names are PHP API (named arguments): `$cleanSession`, `$onConnect`.
#![allow(non_snake_case)]

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendClassObject;
use ext_php_rs::zend::ExecutorGlobals;
use mosquitto_core::delivery::{DeliveryCounter, Verdict};
use mosquitto_core::{connack_message, Event, MqttError, ReconnectPolicy, Session, SessionOptions, TlsOptions, Will};

use crate::php::callbacks::{Callback, Callbacks, Kind};
use crate::php::coerce::{Bool, DefBool, DefInt, Int, Param, Str};
use crate::php::exception::{mosquitto_exception, mqtt};
use crate::php::interrupts;
use crate::php::message::Message;
use crate::php::settings;

/// Most events one `loop()` call dispatches: enough to keep up with a busy
/// queue, few enough that a script's own work between calls still runs.
const LOOP_BATCH: usize = 1000;

/// Connection settings made before `connect()`.
#[derive(Default)]
struct Settings {
    credentials: Option<(String, String)>,
    will: Option<Will>,
    reconnect: mosquitto_core::ReconnectPolicy,
    max_inflight: Option<u16>,
    tls: Option<TlsOptions>,
}

impl Settings {
    fn tls(&mut self) -> &mut TlsOptions {
        self.tls.get_or_insert_with(TlsOptions::default)
    }
}

#[php_class]
#[php(name = "Mosquitto\\Client")]
pub struct Client {
    /// Set by `__construct`.
    constructed: bool,
    client_id: String,
    clean_session: bool,
    settings: RefCell<Settings>,
    session: RefCell<Option<Session>>,
    callbacks: Callbacks,
    last_mid: Cell<u16>,
    looping: Cell<bool>,
    /// A QoS 1/2 message whose callback threw, to be dispatched again.
    retry: RefCell<Option<mosquitto_core::Message>>,
    /// Set by `exitLoop()` and a deferred `disconnect()`: no further callback
    /// runs in the current `loop()`; what is left waits for the next one.
    stop_batch: Cell<bool>,
    /// `onMessage` is running: a `disconnect()` it calls waits until it returns.
    in_message: Cell<bool>,
    /// `disconnect()` was called inside `onMessage`.
    disconnect_after_message: Cell<bool>,
    /// Host and port of the live session, to tell a `connect()` elsewhere.
    target: RefCell<Option<(String, u16)>>,
    /// The delivery limit and dead-letter topic (see [`DeliveryLimit`]).
    delivery: RefCell<DeliveryLimit>,
}

/// The delivery limit and dead-letter topic of one client, over the core's
/// [`DeliveryCounter`] (see `mosquitto_core::delivery`).
#[derive(Default)]
struct DeliveryLimit {
    /// None until set: the php.ini values are read at the first use.
    limit: Option<u32>,
    dead_letter_topic: Option<Option<String>>,
    counter: DeliveryCounter,
}

impl DeliveryLimit {
    fn limit(&mut self) -> u32 {
        *self.limit.get_or_insert_with(settings::delivery_limit)
    }

    fn dead_letter_topic(&mut self) -> Option<String> {
        self.dead_letter_topic.get_or_insert_with(settings::dead_letter_topic).clone()
    }

    fn failed(&mut self, message: &mosquitto_core::Message) -> Verdict {
        let limit = self.limit();
        self.counter.failed(message, limit)
    }
}

impl Client {
    /// libmosquitto's per-client 16-bit message id, shared by publish,
    /// subscribe and unsubscribe, never 0.
    fn next_mid(&self) -> u16 {
        let mid = self.last_mid.get().wrapping_add(1).max(1);
        self.last_mid.set(mid);
        mid
    }

    /// Waits, bounded by `mosquitto.publish_timeout`, for room in the outgoing
    /// queue (full while the broker is away or slow), letting signal handlers
    /// run between slices; then "The outgoing queue is full..." — before a
    /// mid is taken. No borrow is held while a handler runs.
    fn wait_for_room(&self) -> PhpResult<()> {
        let deadline = std::time::Instant::now() + settings::publish_timeout();
        loop {
            let room = match self.session.borrow().as_ref() {
                Some(session) => session.has_room() || session.wait_for_room(interrupts::SLICE),
                // The call itself says "not connected" (after taking its mid, as libmosquitto).
                None => return Ok(()),
            };
            if room {
                return Ok(());
            }
            if std::time::Instant::now() >= deadline {
                return mqtt(Err(MqttError::QueueFull));
            }
            interrupts::service();
        }
    }

    /// Runs `f` on the live session, or fails with "not currently connected".
    fn with_session<T>(&self, f: impl FnOnce(&Session) -> Result<T, MqttError>) -> PhpResult<T> {
        let session = self.session.borrow();
        match session.as_ref() {
            Some(session) => mqtt(f(session)),
            None => mqtt(Err(MqttError::NotConnected)),
        }
    }

    fn log_enabled(&self) -> bool {
        self.callbacks.is_set(Kind::Log)
    }

    /// Takes the next event, waiting up to `wait`. No borrow outlives the call.
    fn next_event(&self, wait: Duration) -> Option<Event> {
        self.session.borrow_mut().as_mut().and_then(|s| s.next_event(wait))
    }

    /// Dispatches events already received (up to a batch), waiting up to
    /// `timeout` for the first. Stops at the first callback that throws; the
    /// rest stay queued for the next call.
    fn dispatch(&self, timeout: Duration) -> PhpResult<()> {
        match self.session.borrow().as_ref() {
            None => return mqtt(Err(MqttError::NotConnected)),
            Some(session) => mqtt(session.check_owner())?,
        }
        self.stop_batch.set(false);
        let retry = self.retry.borrow_mut().take();
        let first = match retry {
            // After a reconnect the broker redelivers it itself (persistent
            // session) and an ack would no longer be valid.
            Some(message) if self.session.borrow().as_ref().is_some_and(|s| s.is_current(&message)) => Some(Event::Message(message)),
            _ => self.wait_event(timeout),
        };
        let Some(first) = first else { return Ok(()) };
        if !self.handle(first)? || self.stop_batch.get() {
            return Ok(());
        }
        for _ in 1..LOOP_BATCH {
            let Some(event) = self.next_event(Duration::ZERO) else { break };
            if !self.handle(event)? || self.stop_batch.get() {
                break;
            }
        }
        Ok(())
    }

    /// Waits up to `timeout` for an event, in slices, giving up early when
    /// the engine has a signal to deliver (see [`interrupts`]).
    fn wait_event(&self, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if let Some(event) = self.next_event(left.min(interrupts::SLICE)) {
                return Some(event);
            }
            if left <= interrupts::SLICE || interrupts::pending() {
                return None;
            }
        }
    }

    /// Runs the callback for one event. Ok(false) when the callback threw.
    fn handle(&self, event: Event) -> PhpResult<bool> {
        let ok = match event {
            Event::Connected { rc, .. } => self.callbacks.call(Kind::Connect, vec![&i64::from(rc), &connack_message(rc)]),
            Event::Disconnected { rc } => self.callbacks.call(Kind::Disconnect, vec![&i64::from(rc)]),
            Event::ConnectionLost => {
                // Automatic reconnect is off: Mosquitto-PHP's behaviour exactly.
                self.session.borrow_mut().take();
                return mqtt(Err(MqttError::ConnectionLost));
            }
            Event::Message(delivered) => {
                let object = ZendClassObject::new(Message::delivered(&delivered));
                let message = object.into_zval(false)?;
                // Saved and restored: onMessage may call loop() itself.
                let outer = self.in_message.replace(true);
                let ok = self.callbacks.call(Kind::Message, vec![&message]);
                self.in_message.set(outer);
                if ok {
                    // At-least-once: acknowledged only now that PHP has processed it.
                    self.delivery.borrow_mut().counter.succeeded();
                    self.ack(&delivered)?;
                } else if delivered.qos > 0 {
                    let verdict = self.delivery.borrow_mut().failed(&delivered);
                    if let Verdict::GiveUp { count } = verdict {
                        self.give_up(&delivered, count)?;
                    } else {
                        // Not acknowledged: it is handed to onMessage again first
                        // thing in the next loop(), so a script that catches the
                        // exception and loops on neither loses it nor stalls.
                        *self.retry.borrow_mut() = Some(delivered);
                    }
                }
                if self.disconnect_after_message.take() {
                    // disconnect() inside onMessage: after the ack, as asked.
                    self.close();
                }
                ok
            }
            Event::Published { mid } => self.callbacks.call(Kind::Publish, vec![&i64::from(mid)]),
            Event::Subscribed { mid, granted } => {
                let first = granted.first().copied().map_or(0, i64::from);
                self.callbacks.call(Kind::Subscribe, vec![&i64::from(mid), &(granted.len() as i64), &first])
            }
            Event::Unsubscribed { mid } => self.callbacks.call(Kind::Unsubscribe, vec![&i64::from(mid)]),
            Event::Log { level, text } => self.callbacks.call(Kind::Log, vec![&(level as i64), &text]),
        };
        Ok(ok)
    }

    /// Acknowledges a delivered message, if its session is still there (the
    /// callback may have disconnected: then the broker keeps the message for
    /// the session's next connection).
    fn ack(&self, delivered: &mosquitto_core::Message) -> PhpResult<()> {
        match self.session.borrow().as_ref() {
            Some(session) => mqtt(session.ack(delivered)),
            None => Ok(()),
        }
    }

    /// A message that reached the delivery limit: acknowledged, reported at
    /// `LOG_WARNING` and dead-lettered. The callback's exception is set aside
    /// while `onLog` runs and then thrown again from `loop()` as always.
    fn give_up(&self, delivered: &mosquitto_core::Message, count: u32) -> PhpResult<()> {
        let exception = ExecutorGlobals::take_exception();
        let error =
            exception.as_ref().and_then(|e| e.try_call_method("getMessage", vec![]).ok()).and_then(|m| m.string()).unwrap_or_default();
        let acked = self.ack(delivered);
        let dead_letter = self.delivery.borrow_mut().dead_letter_topic();
        let mut line = format!(
            "Client {} gave up on message (Mid: {}, topic '{}') after {count} failed deliveries: {error}",
            self.client_id, delivered.pkid, delivered.topic
        );
        let mut published = Ok(());
        if let Some(topic) = dead_letter {
            let payload = mosquitto_core::delivery::dead_letter_payload(delivered, count, &error);
            let mid = self.next_mid();
            published = self.with_session(|s| s.publish(mid, topic.clone(), payload, 1, false));
            line.push_str(&format!("; published to '{topic}' (Mid: {mid})"));
        }
        self.callbacks.call(Kind::Log, vec![&(mosquitto_core::LogLevel::Warning as i64), &line]);
        if let Some(exception) = exception {
            if ExecutorGlobals::has_exception() {
                // onLog threw too: its exception wins, as PHP's own would.
                drop(exception);
            } else {
                let _ = ext_php_rs::exception::throw_object(exception.into_zval(false)?);
            }
        }
        acked?;
        published
    }

    /// Ends the session and fires `onDisconnect(0)`, as libmosquitto does
    /// synchronously in `mosquitto_disconnect()`.
    fn close(&self) -> bool {
        let Some(session) = self.session.borrow_mut().take() else { return false };
        self.target.borrow_mut().take();
        self.looping.set(false);
        self.stop_batch.set(true);
        if self.log_enabled() {
            self.callbacks.call(Kind::Log, vec![&16i64, &format!("Client {} sending DISCONNECT", self.client_id)]);
        }
        session.disconnect();
        self.callbacks.call(Kind::Disconnect, vec![&0i64]);
        true
    }

    /// What the destructor does: disconnect if still connected.
    pub fn destroy(&self) {
        self.close();
    }

    /// The state of an object PHP created but whose `__construct` has not run
    /// (yet): a subclass that never calls `parent::__construct()` gets a clear
    /// `Error` from `connect()` instead of a crash. Deliberately not `Default`:
    /// ext-php-rs would then create every object, subclasses included, as a
    /// plain `Mosquitto\Client`.
    pub fn unconstructed() -> Client {
        Client {
            constructed: false,
            client_id: String::new(),
            clean_session: true,
            settings: RefCell::default(),
            session: RefCell::default(),
            callbacks: Callbacks::default(),
            last_mid: Cell::new(0),
            looping: Cell::new(false),
            retry: RefCell::default(),
            stop_batch: Cell::new(false),
            in_message: Cell::new(false),
            disconnect_after_message: Cell::new(false),
            target: RefCell::default(),
            delivery: RefCell::default(),
        }
    }

    pub fn callbacks(&self) -> &Callbacks {
        &self.callbacks
    }
}

#[php_impl]
impl Client {
    pub const LOG_INFO: i64 = mosquitto_core::LogLevel::Info as i64;
    pub const LOG_NOTICE: i64 = mosquitto_core::LogLevel::Notice as i64;
    pub const LOG_WARNING: i64 = mosquitto_core::LogLevel::Warning as i64;
    pub const LOG_ERR: i64 = mosquitto_core::LogLevel::Err as i64;
    pub const LOG_DEBUG: i64 = mosquitto_core::LogLevel::Debug as i64;
    pub const SSL_VERIFY_NONE: i64 = 0;
    pub const SSL_VERIFY_PEER: i64 = 1;

    /// Creates a client; a null id lets the broker assign one.
    #[php(defaults(cleanSession = true))]
    pub fn __construct(id: Option<Str>, cleanSession: DefBool) -> PhpResult<Self> {
        let id = match id {
            Some(id) => id.optional_bytes(Param(1, "id"))?,
            None => None,
        };
        let clean_session = cleanSession.get(Param(2, "cleanSession"))?;
        // libmosquitto's mosquitto_new() refuses (EINVAL) a persistent session
        // without an id, an empty id and one that is not MQTT text (invalid
        // UTF-8, control characters); an id with a NUL, which C would silently
        // cut short, is refused too.
        let client_id = match id {
            None if clean_session => String::new(),
            None => return Err(mosquitto_exception(MqttError::InvalidArguments.to_string(), 1)),
            Some(bytes) => match mosquitto_core::topic::text(bytes) {
                Ok(text) if !text.is_empty() => text,
                _ => return Err(mosquitto_exception(MqttError::InvalidArguments.to_string(), 1)),
            },
        };
        Ok(Client { constructed: true, client_id, clean_session, ..Client::unconstructed() })
    }

    /// Connects and waits for the broker's CONNACK; `onConnect` fires from the next `loop()`.
    #[php(defaults(port = 1883, keepalive = 60))]
    pub fn connect(&self, host: Str, port: DefInt, keepalive: DefInt, interface: Option<Str>) -> PhpResult<i64> {
        if !self.constructed {
            return Err(PhpException::new(
                "Mosquitto\\Client::__construct() has not been called: a subclass constructor must call parent::__construct()".into(),
                0,
                ext_php_rs::zend::ce::error(),
            ));
        }
        let host = host.text(Param(1, "host"))?;
        let port = port.get(Param(2, "port"))?;
        let keepalive = keepalive.get(Param(3, "keepalive"))?;
        let interface = match interface {
            Some(interface) => interface.optional_text(Param(4, "interface"))?,
            None => None,
        };
        let (Ok(port), Ok(keepalive)) = (u16::try_from(port), u16::try_from(keepalive)) else {
            return mqtt(Err(MqttError::InvalidArguments));
        };
        let live = self.session.borrow().as_ref().is_some_and(|s| !s.is_finished());
        if live {
            if self.target.borrow().as_ref() == Some(&(host.clone(), port)) {
                // Already connected (or reconnecting) there: scripts written for
                // Mosquitto-PHP call connect() again after a loss; that is harmless.
                return Ok(0);
            }
            // Somewhere else: leave this broker and connect to the one asked
            // for, as Mosquitto-PHP does (libmosquitto reconnects on a
            // connected client without calling on_disconnect).
            if let Some(session) = self.session.borrow_mut().take() {
                session.disconnect();
            }
            self.retry.borrow_mut().take();
        }
        let bind_address = match interface {
            Some(interface) => Some(settings::check_bind_address(&interface)?),
            None => None,
        };
        let settings = self.settings.borrow();
        let mut options = SessionOptions::new(self.client_id.clone(), host, port);
        options.clean_session = self.clean_session;
        options.keepalive = keepalive;
        options.credentials = settings.credentials.clone();
        options.will = settings.will.clone();
        options.tls = settings.tls.clone();
        options.bind_address = bind_address;
        options.reconnect = settings.reconnect;
        options.auto_reconnect = settings::auto_reconnect();
        options.connect_timeout = settings::connect_timeout();
        settings::apply_limits(&mut options);
        options.logging = self.log_enabled();
        options.publish_events = self.callbacks.is_set(Kind::Publish);
        if let Some(max) = settings.max_inflight {
            options.max_inflight = max;
        }
        drop(settings);
        if self.log_enabled() {
            self.callbacks.call(Kind::Log, vec![&16i64, &format!("Client {} sending CONNECT", self.client_id)]);
        }
        let target = (options.host.clone(), port);
        // Signals are let in while we wait for the CONNACK (see interrupts.rs).
        let session = mqtt(Session::connect_waiting(options, interrupts::service))?;
        *self.session.borrow_mut() = Some(session);
        *self.target.borrow_mut() = Some(target);
        Ok(0)
    }

    /// Sends DISCONNECT, fires `onDisconnect(0)` and ends `loopForever()`.
    pub fn disconnect(&self) -> PhpResult<()> {
        if self.in_message.get() && self.session.borrow().is_some() {
            // Inside onMessage: the message is acknowledged when the callback
            // returns, then DISCONNECT goes out; nothing else of the batch runs.
            self.disconnect_after_message.set(true);
            self.looping.set(false);
            self.stop_batch.set(true);
            return Ok(());
        }
        if self.close() {
            Ok(())
        } else {
            mqtt(Err(MqttError::NotConnected))
        }
    }

    /// Subscribes to a topic filter; returns the message id.
    #[php(defaults(qos = 0))]
    pub fn subscribe(&self, topic: Str, qos: DefInt) -> PhpResult<i64> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        let qos = qos.get(Param(2, "qos"))?;
        // As libmosquitto: a refused call takes no message id.
        // As Mosquitto-PHP: "not connected" first, then the arguments; a
        // refused call takes no message id.
        self.with_session(|_| Ok(()))?;
        let Ok(qos @ 0..=2) = u8::try_from(qos) else { return invalid() };
        if !mosquitto_core::topic::is_valid_filter(&topic) {
            return invalid();
        }
        self.wait_for_room()?;
        let mid = self.next_mid();
        self.with_session(|s| s.subscribe(mid, topic, qos))?;
        Ok(i64::from(mid))
    }

    /// Unsubscribes from a topic filter; returns the message id.
    pub fn unsubscribe(&self, topic: Str) -> PhpResult<i64> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        self.with_session(|_| Ok(()))?;
        if !mosquitto_core::topic::is_valid_filter(&topic) {
            return invalid();
        }
        self.wait_for_room()?;
        let mid = self.next_mid();
        self.with_session(|s| s.unsubscribe(mid, topic))?;
        Ok(i64::from(mid))
    }

    /// Publishes a message (binary-safe; scalars and Stringable objects are
    /// converted as PHP converts them); returns the message id.
    #[php(optional = qos)]
    #[php(defaults(qos = 0, retain = false))]
    pub fn publish(&self, topic: Str, payload: Option<Str>, qos: DefInt, retain: DefBool) -> PhpResult<i64> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        // A null payload is sent as an empty one, as libmosquitto does.
        let payload = match payload {
            Some(payload) => payload.optional_bytes(Param(2, "payload"))?.unwrap_or_default(),
            None => Vec::new(),
        };
        let qos = qos.get(Param(3, "qos"))?;
        let retain = retain.get(Param(4, "retain"))?;
        // As libmosquitto: a refused call takes no message id (a publish while
        // not connected does take one, as there).
        let Ok(qos @ 0..=2) = u8::try_from(qos) else { return invalid() };
        if !mosquitto_core::topic::is_valid_topic(&topic) {
            return invalid();
        }
        if payload.len() > mosquitto_core::options::MAX_PAYLOAD {
            return mqtt(Err(MqttError::PayloadTooLarge));
        }
        self.wait_for_room()?;
        let mid = self.next_mid();
        self.with_session(|s| s.publish(mid, topic, payload, qos, retain))?;
        if qos == 0 {
            // libmosquitto calls on_publish for QoS 0 inside mosquitto_publish(),
            // once the packet is handed to the socket; an exception from it
            // leaves publish(). The core sends no Published event for QoS 0.
            self.callbacks.call(Kind::Publish, vec![&i64::from(mid)]);
        }
        Ok(i64::from(mid))
    }

    /// Sets the callback `(int $rc, string $message)` for CONNACKs.
    pub fn on_connect(&self, onConnect: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Connect, onConnect.get(Param(1, "onConnect"))?);
        Ok(())
    }

    /// Sets the callback `(int $rc)` for disconnections.
    pub fn on_disconnect(&self, onDisconnect: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Disconnect, onDisconnect.get(Param(1, "onDisconnect"))?);
        Ok(())
    }

    /// Sets the callback `(int $level, string $str)` for log lines.
    pub fn on_log(&self, onLog: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Log, onLog.get(Param(1, "onLog"))?);
        if let Some(session) = self.session.borrow().as_ref() {
            session.set_logging(true);
        }
        Ok(())
    }

    /// Sets the callback `(int $mid, int $qosCount, int $grantedQos)` for SUBACKs.
    pub fn on_subscribe(&self, onSubscribe: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Subscribe, onSubscribe.get(Param(1, "onSubscribe"))?);
        Ok(())
    }

    /// Sets the callback `(int $mid)` for UNSUBACKs.
    pub fn on_unsubscribe(&self, onUnsubscribe: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Unsubscribe, onUnsubscribe.get(Param(1, "onUnsubscribe"))?);
        Ok(())
    }

    /// Sets the callback `(Mosquitto\Message $message)` for delivered messages.
    pub fn on_message(&self, onMessage: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Message, onMessage.get(Param(1, "onMessage"))?);
        Ok(())
    }

    /// Sets the callback `(int $mid)` fired when a publish has completed.
    pub fn on_publish(&self, onPublish: Callback) -> PhpResult<()> {
        self.callbacks.set(Kind::Publish, onPublish.get(Param(1, "onPublish"))?);
        if let Some(session) = self.session.borrow().as_ref() {
            session.set_publish_events(true);
        }
        Ok(())
    }

    /// Dispatches what has arrived, waiting up to `$timeout` ms for the first event.
    #[php(name = "loop")]
    #[php(defaults(timeout = 1000, maxPackets = 1))]
    pub fn run_loop(&self, timeout: DefInt, maxPackets: DefInt) -> PhpResult<()> {
        let timeout = timeout.get(Param(1, "timeout"))?;
        if maxPackets.get(Param(2, "maxPackets"))? < 1 {
            // libmosquitto's mosquitto_loop() refuses it (EINVAL).
            return invalid();
        }
        self.dispatch(settings::loop_timeout(timeout))
    }

    /// Calls `loop()` until `exitLoop()` or `disconnect()`, or an exception.
    #[php(defaults(timeout = 1000, maxPackets = 1))]
    pub fn loop_forever(&self, timeout: DefInt, maxPackets: DefInt) -> PhpResult<()> {
        let timeout = settings::loop_timeout(timeout.get(Param(1, "timeout"))?);
        if maxPackets.get(Param(2, "maxPackets"))? < 1 {
            return invalid();
        }
        self.looping.set(true);
        while self.looping.get() {
            self.dispatch(timeout)?;
            // A signal handler may call exitLoop(); run it now, not after the loop.
            interrupts::service();
            if ExecutorGlobals::has_exception() {
                break;
            }
        }
        self.looping.set(false);
        Ok(())
    }

    /// Makes `loopForever()` return after the current callback: no further
    /// callback runs in this call; what has arrived waits for the next `loop()`.
    pub fn exit_loop(&self) {
        self.looping.set(false);
        self.stop_batch.set(true);
    }

    /// How many times a QoS 1/2 message whose `onMessage` throws is delivered
    /// before it is given up (0: no limit), and where given-up messages are
    /// published (null: nowhere). Defaults: `mosquitto.delivery_limit`,
    /// `mosquitto.dead_letter_topic`.
    #[php(optional = deadLetterTopic)]
    pub fn set_delivery_limit(&self, limit: Int, deadLetterTopic: Option<Str>) -> PhpResult<()> {
        let limit = limit.get(Param(1, "limit"))?;
        let topic = match deadLetterTopic {
            Some(topic) => match topic.optional_bytes(Param(2, "deadLetterTopic"))? {
                Some(bytes) => Some(mqtt(mosquitto_core::topic::text(bytes))?),
                None => None,
            },
            None => None,
        };
        let Ok(limit) = u32::try_from(limit) else { return invalid() };
        if topic.as_deref().is_some_and(|t| !mosquitto_core::topic::is_valid_topic(t)) {
            return invalid();
        }
        let mut delivery = self.delivery.borrow_mut();
        delivery.limit = Some(limit);
        delivery.dead_letter_topic = Some(topic);
        Ok(())
    }

    /// A descriptor that is readable whenever `loop()` has something to
    /// dispatch (for `stream_select()` through `php://fd/N`); -1 when not connected.
    pub fn get_socket(&self) -> i64 {
        self.session.borrow_mut().as_mut().map_or(-1, |s| s.readiness_fd().map_or(-1, i64::from))
    }

    /// Username and password for the next `connect()`.
    pub fn set_credentials(&self, username: Str, password: Str) -> PhpResult<()> {
        let username = username.text(Param(1, "username"))?;
        let password = password.text(Param(2, "password"))?;
        self.settings.borrow_mut().credentials = Some((username, password));
        Ok(())
    }

    /// The message the broker publishes if this client vanishes without `disconnect()`.
    pub fn set_will(&self, topic: Str, payload: Str, qos: Int, retain: Bool) -> PhpResult<()> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        let payload = payload.bytes(Param(2, "payload"))?;
        let qos = qos.get(Param(3, "qos"))?;
        let retain = retain.get(Param(4, "retain"))?;
        let Ok(qos @ 0..=2) = u8::try_from(qos) else { return invalid() };
        if !mosquitto_core::topic::is_valid_topic(&topic) {
            return invalid();
        }
        self.settings.borrow_mut().will = Some(Will { topic, payload, qos, retain });
        Ok(())
    }

    /// Removes the will set with `setWill()`.
    pub fn clear_will(&self) {
        self.settings.borrow_mut().will = None;
    }

    /// How automatic reconnects wait: `$reconnectDelay` seconds, growing to
    /// `$maxReconnectDelay` (doubling with `$exponentialBackoff`).
    #[php(defaults(maxReconnectDelay = 0, exponentialBackoff = false))]
    pub fn set_reconnect_delay(&self, reconnectDelay: Int, maxReconnectDelay: DefInt, exponentialBackoff: DefBool) -> PhpResult<()> {
        let delay = reconnectDelay.get(Param(1, "reconnectDelay"))?;
        let max = maxReconnectDelay.get(Param(2, "maxReconnectDelay"))?;
        let exponential = exponentialBackoff.get(Param(3, "exponentialBackoff"))?;
        let (Ok(delay), Ok(max)) = (u64::try_from(delay), u64::try_from(max)) else { return invalid() };
        self.settings.borrow_mut().reconnect =
            ReconnectPolicy { delay: Duration::from_secs(delay), max_delay: Duration::from_secs(max), exponential };
        Ok(())
    }

    /// QoS 1/2 publishes in flight at once; 0 means no limit (65,535 here).
    pub fn set_max_in_flight_messages(&self, max: Int) -> PhpResult<()> {
        let max = max.get(Param(1, "max"))?;
        let Ok(max) = u32::try_from(max) else { return invalid() };
        self.settings.borrow_mut().max_inflight = Some(if max == 0 { u16::MAX } else { max.min(65535) as u16 });
        Ok(())
    }

    /// Accepted and ignored, as by libmosquitto since 1.5.
    pub fn set_message_retry(&self, messageRetry: Int) -> PhpResult<()> {
        messageRetry.get(Param(1, "messageRetry"))?;
        Ok(())
    }

    /// Only MQTT 3.1.1 (4) is spoken; 3.1 is refused as not supported.
    pub fn set_protocol_version(&self, protocolVersion: Int) -> PhpResult<()> {
        match protocolVersion.get(Param(1, "protocolVersion"))? {
            4 => Ok(()),
            3 => mqtt(Err(MqttError::NotSupported)),
            _ => invalid(),
        }
    }

    /// CA (file or directory), and optionally a client certificate and key (with its password).
    #[php(optional = cert_path)]
    pub fn set_tls_certificates(
        &self,
        ca_path: Option<Str>,
        cert_path: Option<Str>,
        key_path: Option<Str>,
        key_pw: Option<Str>,
    ) -> PhpResult<i64> {
        let ca_path = optional_text(ca_path, Param(1, "ca_path"))?;
        let cert_path = optional_text(cert_path, Param(2, "cert_path"))?;
        let key_path = optional_text(key_path, Param(3, "key_path"))?;
        let key_pw = optional_text(key_pw, Param(4, "key_pw"))?;
        let certificates = mqtt(TlsOptions::certificates(ca_path, cert_path, key_path, key_pw))?;
        let mut settings = self.settings.borrow_mut();
        let tls = settings.tls();
        tls.ca = certificates.ca;
        tls.client = certificates.client;
        Ok(0)
    }

    /// Skips the check that the server certificate names the host (the chain is still verified).
    pub fn set_tls_insecure(&self, value: Bool) -> PhpResult<()> {
        let value = value.get(Param(1, "value"))?;
        self.settings.borrow_mut().tls().insecure = value;
        Ok(())
    }

    /// `SSL_VERIFY_NONE` or `SSL_VERIFY_PEER`, a TLS version ("tlsv1.2", "tlsv1.3") and cipher suites.
    pub fn set_tls_options(&self, verify_peer: Int, tls_version: Option<Str>, ciphers: Option<Str>) -> PhpResult<i64> {
        let verify_peer = verify_peer.get(Param(1, "verify_peer"))?;
        let tls_version = optional_text(tls_version, Param(2, "tls_version"))?;
        let ciphers = optional_text(ciphers, Param(3, "ciphers"))?;
        let mut settings = self.settings.borrow_mut();
        let tls = settings.tls();
        mqtt(tls.set_options(verify_peer != 0, tls_version, ciphers))?;
        Ok(0)
    }

    /// TLS-PSK: a hex key and the identity to present, for a broker with a `psk_file`.
    #[php(name = "setTlsPSK")]
    #[php(optional = ciphers)]
    pub fn set_tls_psk(&self, psk: Option<Str>, identity: Option<Str>, ciphers: Option<Str>) -> PhpResult<i64> {
        let psk = optional_text(psk, Param(1, "psk"))?;
        let identity = optional_text(identity, Param(2, "identity"))?;
        let ciphers = optional_text(ciphers, Param(3, "ciphers"))?;
        let (Some(psk), Some(identity)) = (psk, identity) else { return invalid() };
        mqtt(self.settings.borrow_mut().tls().set_psk(&psk, identity, ciphers))?;
        Ok(0)
    }
}

/// A topic or filter argument: any PHP string, refused as libmosquitto
/// refuses it ("Malformed UTF-8") when it is not UTF-8 or holds a NUL.
fn topic_arg(value: &Str, param: Param) -> PhpResult<String> {
    mqtt(mosquitto_core::topic::text(value.bytes(param)?))
}

fn invalid<T>() -> PhpResult<T> {
    mqtt(Err(MqttError::InvalidArguments))
}

fn optional_text(value: Option<Str>, param: Param) -> PhpResult<Option<String>> {
    match value {
        Some(value) => value.optional_text(param),
        None => Ok(None),
    }
}

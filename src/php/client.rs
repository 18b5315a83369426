//! `Mosquitto\Client` (also `MosquittoClient`): the PHP face of a
//! [`mosquitto_core::Session`]. Everything here runs on the PHP thread; the
//! session's I/O thread does the networking. Callbacks run only inside
//! `loop()`, `loopForever()`, `disconnect()` and the destructor.

// Parameter names are PHP API (named arguments): `$cleanSession`, `$onConnect`.
#![allow(non_snake_case)]

use std::cell::{Cell, RefCell};
use std::time::Duration;

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendClassObject;
use ext_php_rs::zend::ExecutorGlobals;
use mosquitto_core::{connack_message, Event, MqttError, Session, SessionOptions, Will};

use crate::php::callbacks::{Callback, Callbacks, Kind};
use crate::php::coerce::{Bool, Int, Param, Str};
use crate::php::exception::{mosquitto_exception, mqtt};
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
}

impl Client {
    /// libmosquitto's per-client 16-bit message id, shared by publish,
    /// subscribe and unsubscribe, never 0.
    fn next_mid(&self) -> u16 {
        let mid = self.last_mid.get().wrapping_add(1).max(1);
        self.last_mid.set(mid);
        mid
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
        self.session.borrow().as_ref().and_then(|s| s.next_event(wait))
    }

    /// Dispatches events already received (up to a batch), waiting up to
    /// `timeout` for the first. Stops at the first callback that throws; the
    /// rest stay queued for the next call.
    fn dispatch(&self, timeout: Duration) -> PhpResult<()> {
        if self.session.borrow().is_none() {
            return mqtt(Err(MqttError::NotConnected));
        }
        for n in 0..LOOP_BATCH {
            let wait = if n == 0 { timeout } else { Duration::ZERO };
            let Some(event) = self.next_event(wait) else { break };
            if !self.handle(event)? {
                break;
            }
        }
        Ok(())
    }

    /// Runs the callback for one event. Ok(false) when the callback threw.
    fn handle(&self, event: Event) -> PhpResult<bool> {
        let ok = match event {
            Event::Connected { rc, .. } => {
                self.callbacks.call(Kind::Connect, vec![&i64::from(rc), &connack_message(rc)])
            }
            Event::Disconnected { rc } => self.callbacks.call(Kind::Disconnect, vec![&i64::from(rc)]),
            Event::ConnectionLost => {
                // Automatic reconnect is off: Mosquitto-PHP's behaviour exactly.
                self.session.borrow_mut().take();
                return mqtt(Err(MqttError::ConnectionLost));
            }
            Event::Message(delivered) => {
                let object = ZendClassObject::new(Message::delivered(&delivered));
                let message = object.into_zval(false)?;
                let ok = self.callbacks.call(Kind::Message, vec![&message]);
                if ok {
                    // At-least-once: acknowledged only now that PHP has processed
                    // it. The callback may have disconnected: then the broker
                    // keeps the message for the session's next connection.
                    if let Some(session) = self.session.borrow().as_ref() {
                        mqtt(session.ack(&delivered))?;
                    }
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

    /// Ends the session and fires `onDisconnect(0)`, as libmosquitto does
    /// synchronously in `mosquitto_disconnect()`.
    fn close(&self) -> bool {
        let Some(session) = self.session.borrow_mut().take() else { return false };
        self.looping.set(false);
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
        }
    }

    pub fn callbacks(&self) -> &Callbacks {
        &self.callbacks
    }
}

#[php_impl]
impl Client {
    pub const LOG_INFO: i64 = 1;
    pub const LOG_NOTICE: i64 = 2;
    pub const LOG_WARNING: i64 = 4;
    pub const LOG_ERR: i64 = 8;
    pub const LOG_DEBUG: i64 = 16;
    pub const SSL_VERIFY_NONE: i64 = 0;
    pub const SSL_VERIFY_PEER: i64 = 1;

    /// Creates a client; a null id lets the broker assign one.
    #[php(defaults(cleanSession = true))]
    pub fn __construct(id: Option<Str>, cleanSession: Bool) -> PhpResult<Self> {
        let client_id = match id {
            Some(id) => id.optional_text(Param(1, "id"))?.unwrap_or_default(),
            None => String::new(),
        };
        let clean_session = cleanSession.get(Param(2, "cleanSession"))?;
        if client_id.is_empty() && !clean_session {
            // libmosquitto refuses a persistent session without an id (EINVAL).
            return Err(mosquitto_exception(MqttError::InvalidArguments.to_string(), 1));
        }
        Ok(Client { constructed: true, client_id, clean_session, ..Client::unconstructed() })
    }

    /// Connects and waits for the broker's CONNACK; `onConnect` fires from the next `loop()`.
    #[php(defaults(port = 1883, keepalive = 60))]
    pub fn connect(&self, host: Str, port: Int, keepalive: Int, interface: Option<Str>) -> PhpResult<i64> {
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
        if let Some(session) = self.session.borrow().as_ref() {
            if !session.is_finished() {
                // Already connected or reconnecting: scripts written for
                // Mosquitto-PHP call connect() again after a loss; that is harmless.
                return Ok(0);
            }
        }
        let (Ok(port), Ok(keepalive)) = (u16::try_from(port), u16::try_from(keepalive)) else {
            return mqtt(Err(MqttError::InvalidArguments));
        };
        if let Some(interface) = interface {
            settings::check_bind_address(&interface)?;
        }
        let settings = self.settings.borrow();
        let mut options = SessionOptions::new(self.client_id.clone(), host, port);
        options.clean_session = self.clean_session;
        options.keepalive = keepalive;
        options.credentials = settings.credentials.clone();
        options.will = settings.will.clone();
        options.reconnect = settings.reconnect;
        options.auto_reconnect = settings::auto_reconnect();
        options.connect_timeout = settings::connect_timeout();
        if let Some(max) = settings.max_inflight {
            options.max_inflight = max;
        }
        drop(settings);
        if self.log_enabled() {
            self.callbacks.call(Kind::Log, vec![&16i64, &format!("Client {} sending CONNECT", self.client_id)]);
        }
        let session = mqtt(Session::connect(options))?;
        session.set_logging(self.log_enabled());
        *self.session.borrow_mut() = Some(session);
        Ok(0)
    }

    /// Sends DISCONNECT, fires `onDisconnect(0)` and ends `loopForever()`.
    pub fn disconnect(&self) -> PhpResult<()> {
        if self.close() {
            Ok(())
        } else {
            mqtt(Err(MqttError::NotConnected))
        }
    }

    /// Subscribes to a topic filter; returns the message id.
    #[php(defaults(qos = 0))]
    pub fn subscribe(&self, topic: Str, qos: Int) -> PhpResult<i64> {
        let topic = topic.text(Param(1, "topic"))?;
        let qos = qos.get(Param(2, "qos"))?;
        let qos = u8::try_from(qos).map_err(|_| mosquitto_exception(MqttError::InvalidArguments.to_string(), 0))?;
        let mid = self.next_mid();
        self.with_session(|s| s.subscribe(mid, topic, qos))?;
        Ok(i64::from(mid))
    }

    /// Unsubscribes from a topic filter; returns the message id.
    pub fn unsubscribe(&self, topic: Str) -> PhpResult<i64> {
        let topic = topic.text(Param(1, "topic"))?;
        let mid = self.next_mid();
        self.with_session(|s| s.unsubscribe(mid, topic))?;
        Ok(i64::from(mid))
    }

    /// Publishes a message (binary-safe; scalars and Stringable objects are
    /// converted as PHP converts them); returns the message id.
    #[php(optional = qos)]
    #[php(defaults(qos = 0, retain = false))]
    pub fn publish(&self, topic: Str, payload: Option<Str>, qos: Int, retain: Bool) -> PhpResult<i64> {
        let topic = topic.text(Param(1, "topic"))?;
        // A null payload is sent as an empty one, as libmosquitto does.
        let payload = match payload {
            Some(payload) => payload.optional_bytes(Param(2, "payload"))?.unwrap_or_default(),
            None => Vec::new(),
        };
        let qos = qos.get(Param(3, "qos"))?;
        let retain = retain.get(Param(4, "retain"))?;
        let qos = u8::try_from(qos).map_err(|_| mosquitto_exception(MqttError::InvalidArguments.to_string(), 0))?;
        let mid = self.next_mid();
        self.with_session(|s| s.publish(mid, topic, payload, qos, retain))?;
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
        Ok(())
    }

    /// Dispatches what has arrived, waiting up to `$timeout` ms for the first event.
    #[php(name = "loop")]
    #[php(defaults(timeout = 1000, maxPackets = 1))]
    pub fn run_loop(&self, timeout: Int, maxPackets: Int) -> PhpResult<()> {
        let timeout = timeout.get(Param(1, "timeout"))?;
        maxPackets.get(Param(2, "maxPackets"))?;
        self.dispatch(settings::loop_timeout(timeout))
    }

    /// Calls `loop()` until `exitLoop()` or `disconnect()`, or an exception.
    #[php(defaults(timeout = 1000, maxPackets = 1))]
    pub fn loop_forever(&self, timeout: Int, maxPackets: Int) -> PhpResult<()> {
        let timeout = settings::loop_timeout(timeout.get(Param(1, "timeout"))?);
        maxPackets.get(Param(2, "maxPackets"))?;
        self.looping.set(true);
        while self.looping.get() {
            self.dispatch(timeout)?;
            if ExecutorGlobals::has_exception() {
                break;
            }
        }
        self.looping.set(false);
        Ok(())
    }

    /// Makes `loopForever()` return after the current pass.
    pub fn exit_loop(&self) {
        self.looping.set(false);
    }
}

//! `Mosquitto\Client` (also `MosquittoClient`): the PHP face of a
//! [`mosquitto_core::Client`], which owns the Mosquitto contract (settings,
//! mids, validation, at-least-once delivery). This file converts arguments as
//! PHP's own functions do, and runs the user's callbacks as the core's
//! [`Host`]. Callbacks run only inside `loop()`, `loopForever()`,
//! `publish()` (QoS 0 `onPublish`), `connect()`/`disconnect()` (`onLog`,
//! `onDisconnect`) and the destructor.

// Parameter names are PHP API (named arguments): `$cleanSession`, `$onConnect`.
#![allow(non_snake_case)]

use std::time::Duration;

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendClassObject;
use ext_php_rs::zend::ExecutorGlobals;
use mosquitto_core::{connack_message, Event, Host, Listener, MqttError, Outcome, Reply, SessionOptions, TlsOptions};

use crate::php::callbacks::{Callback, Callbacks, Kind};
use crate::php::coerce::{Bool, DefArray, DefBool, DefInt, EmptyArray, Int, Param, Str};
use crate::php::exception::{mosquitto_exception, mqtt};
use crate::php::interrupts;
use crate::php::message::Message;
use crate::php::properties;
use crate::php::settings;

#[php_class]
#[php(name = "Mosquitto\\Client")]
pub struct Client {
    /// Set by `__construct`.
    constructed: bool,
    core: mosquitto_core::Client,
    callbacks: Callbacks,
}

/// The core's view of PHP: the callbacks, php.ini, and pending signals.
struct Php<'a> {
    callbacks: &'a Callbacks,
}

impl Php<'_> {
    /// Runs a callback with any exception already pending set aside (the engine
    /// would not call it otherwise), then raised again unless the callback
    /// threw its own, which wins as PHP's own would.
    fn call(&self, kind: Kind, args: &[&dyn ext_php_rs::convert::IntoZvalDyn]) -> Outcome {
        let pending = ExecutorGlobals::take_exception();
        let ok = self.callbacks.call(kind, args);
        if let Some(pending) = pending {
            if !ExecutorGlobals::has_exception() {
                if let Ok(zval) = pending.into_zval(false) {
                    let _ = ext_php_rs::exception::throw_object(zval);
                }
            }
            return Outcome::Failed;
        }
        if ok {
            Outcome::Done
        } else {
            Outcome::Failed
        }
    }
}

impl Php<'_> {
    /// A callback with Mosquitto-PHP's arguments, and on MQTT 5 the broker's
    /// reason code, reason string (or null) and properties after them: a
    /// callback written for 3.1.1 ignores what it does not declare.
    fn call_with(&self, kind: Kind, args: &[&dyn ext_php_rs::convert::IntoZvalDyn], reply: &Option<Box<Reply>>) -> Outcome {
        let Some(reply) = reply else { return self.call(kind, args) };
        let code = i64::from(reply.code);
        let reason = reply.reason_string.clone();
        let properties = properties::to_php(&reply.properties);
        let mut all: Vec<&dyn ext_php_rs::convert::IntoZvalDyn> = args.to_vec();
        all.extend([&code as &dyn ext_php_rs::convert::IntoZvalDyn, &reason, &properties]);
        self.call(kind, &all)
    }
}

impl Host for Php<'_> {
    fn call(&self, event: &Event) -> Outcome {
        match event {
            Event::Connected { rc, reply, .. } => self.call_with(Kind::Connect, &[&i64::from(*rc), &connack_message(*rc)], reply),
            Event::Disconnected { rc, reply } => self.call_with(Kind::Disconnect, &[&i64::from(*rc)], reply),
            Event::Published { mid, reply } => self.call_with(Kind::Publish, &[&i64::from(*mid)], reply),
            Event::Subscribed { mid, granted, reply } => {
                let first = granted.first().copied().map_or(0, i64::from);
                self.call_with(Kind::Subscribe, &[&i64::from(*mid), &(granted.len() as i64), &first], reply)
            }
            Event::Unsubscribed { mid, reply } => self.call_with(Kind::Unsubscribe, &[&i64::from(*mid)], reply),
            Event::Log { level, text } => self.call(Kind::Log, &[&(*level as i64), text]),
            // Handled by the core itself.
            Event::Message(_) | Event::ConnectionLost => Outcome::Done,
        }
    }

    fn deliver(&self, message: &mosquitto_core::Message) -> Outcome {
        let object = ZendClassObject::new(Message::delivered(message));
        match object.into_zval(false) {
            Ok(message) => self.call(Kind::Message, &[&message]),
            Err(_) => Outcome::Failed,
        }
    }

    fn listens(&self, listener: Listener) -> bool {
        match listener {
            Listener::Log => self.callbacks.is_set(Kind::Log),
            Listener::Publish => self.callbacks.is_set(Kind::Publish),
        }
    }

    fn failure_text(&self) -> String {
        // Read from the pending exception, which is put back as it was.
        let Some(exception) = ExecutorGlobals::take_exception() else { return String::new() };
        let text = exception.try_call_method("getMessage", vec![]).ok().and_then(|m| m.string()).unwrap_or_default();
        if let Ok(zval) = exception.into_zval(false) {
            let _ = ext_php_rs::exception::throw_object(zval);
        }
        text
    }

    fn service(&self) -> Outcome {
        interrupts::service();
        if ExecutorGlobals::has_exception() {
            Outcome::Failed
        } else {
            Outcome::Done
        }
    }

    fn interrupted(&self) -> bool {
        interrupts::pending()
    }

    fn configure(&self, options: &mut SessionOptions) {
        options.auto_reconnect = settings::auto_reconnect();
        options.connect_timeout = settings::connect_timeout();
        settings::apply_limits(options);
    }

    fn publish_timeout(&self) -> Duration {
        settings::publish_timeout()
    }

    fn delivery_defaults(&self) -> (u32, Option<String>) {
        (settings::delivery_limit(), settings::dead_letter_topic())
    }
}

impl Client {
    fn php(&self) -> Php<'_> {
        Php { callbacks: &self.callbacks }
    }

    /// What the destructor does: disconnect if still connected.
    pub fn destroy(&self) {
        self.core.close(&self.php());
    }

    /// The state of an object PHP created but whose `__construct` has not run
    /// (yet): a subclass that never calls `parent::__construct()` gets a clear
    /// `Error` from `connect()` instead of a crash. Deliberately not `Default`:
    /// ext-php-rs would then create every object, subclasses included, as a
    /// plain `Mosquitto\Client`.
    pub fn unconstructed() -> Client {
        Client { constructed: false, core: mosquitto_core::Client::anonymous(), callbacks: Callbacks::default() }
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
        // Mosquitto-PHP throws mosquitto_new()'s refusal with code 1.
        let core = mosquitto_core::Client::new(id, clean_session).map_err(|e| mosquitto_exception(e.to_string(), 1))?;
        // php.ini's default protocol; an unknown value leaves 3.1.1.
        let _ = core.set_protocol_version(settings::protocol_version());
        Ok(Client { constructed: true, core, callbacks: Callbacks::default() })
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
        let interface = optional_text(interface, Param(4, "interface"))?;
        mqtt(self.core.connect(&self.php(), host, port, keepalive, interface))?;
        Ok(0)
    }

    /// Sends DISCONNECT, fires `onDisconnect(0)` and ends `loopForever()`.
    pub fn disconnect(&self) -> PhpResult<()> {
        mqtt(self.core.disconnect(&self.php()))
    }

    /// Subscribes to a topic filter; returns the message id. `$options`
    /// (MQTT 5): `no_local`, `retain_as_published`, `retain_handling`,
    /// `subscription_identifier`.
    #[php(defaults(qos = 0, options = EmptyArray))]
    pub fn subscribe(&self, topic: Str, qos: DefInt, options: DefArray) -> PhpResult<i64> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        let qos = qos.get(Param(2, "qos"))?;
        let param = Param(3, "options");
        let options = match options.get(param)? {
            Some(array) => mosquitto_core::properties::subscribe_options(properties::from_php(array, param)?)
                .map_err(|e| properties::refused(param, array, e))?,
            None => mosquitto_core::SubscribeOptions::default(),
        };
        mqtt(self.core.subscribe_with_options(&self.php(), topic, qos, options)).map(i64::from)
    }

    /// Unsubscribes from a topic filter; returns the message id.
    pub fn unsubscribe(&self, topic: Str) -> PhpResult<i64> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        mqtt(self.core.unsubscribe(&self.php(), topic)).map(i64::from)
    }

    /// Publishes a message (binary-safe; scalars and Stringable objects are
    /// converted as PHP converts them); returns the message id.
    /// `$properties` (MQTT 5): `payload_format_indicator`,
    /// `message_expiry_interval`, `content_type`, `response_topic`,
    /// `correlation_data`, `user_properties`.
    #[php(optional = qos)]
    #[php(defaults(qos = 0, retain = false, properties = EmptyArray))]
    pub fn publish(&self, topic: Str, payload: Option<Str>, qos: DefInt, retain: DefBool, properties: DefArray) -> PhpResult<i64> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        // A string payload is read in place (the core checks its size before
        // copying it); other scalars and Stringable objects are converted.
        let converted;
        let payload: &[u8] = match &payload {
            Some(payload) => match payload.as_string() {
                Some(bytes) => bytes,
                None => {
                    converted = payload.optional_bytes(Param(2, "payload"))?.unwrap_or_default();
                    &converted
                }
            },
            // A null payload is sent as an empty one, as libmosquitto does.
            None => &[],
        };
        let qos = qos.get(Param(3, "qos"))?;
        let retain = retain.get(Param(4, "retain"))?;
        let param = Param(5, "properties");
        let properties = match properties.get(param)? {
            Some(array) => mosquitto_core::properties::publish_properties(properties::from_php(array, param)?)
                .map_err(|e| properties::refused(param, array, e))?,
            None => None,
        };
        mqtt(self.core.publish_with_properties(&self.php(), topic, payload, qos, retain, properties)).map(i64::from)
    }

    /// Sets the callback `(int $rc, string $message)` for CONNACKs.
    pub fn on_connect(&self, onConnect: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Connect, onConnect, Param(1, "onConnect"))
    }

    /// Sets the callback `(int $rc)` for disconnections.
    pub fn on_disconnect(&self, onDisconnect: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Disconnect, onDisconnect, Param(1, "onDisconnect"))
    }

    /// Sets the callback `(int $level, string $str)` for log lines.
    pub fn on_log(&self, onLog: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Log, onLog, Param(1, "onLog"))
    }

    /// Sets the callback `(int $mid, int $qosCount, int $grantedQos)` for SUBACKs.
    pub fn on_subscribe(&self, onSubscribe: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Subscribe, onSubscribe, Param(1, "onSubscribe"))
    }

    /// Sets the callback `(int $mid)` for UNSUBACKs.
    pub fn on_unsubscribe(&self, onUnsubscribe: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Unsubscribe, onUnsubscribe, Param(1, "onUnsubscribe"))
    }

    /// Sets the callback `(Mosquitto\Message $message)` for delivered messages.
    pub fn on_message(&self, onMessage: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Message, onMessage, Param(1, "onMessage"))
    }

    /// Sets the callback `(int $mid)` fired when a publish has completed.
    pub fn on_publish(&self, onPublish: Callback) -> PhpResult<()> {
        self.set_callback(Kind::Publish, onPublish, Param(1, "onPublish"))
    }

    /// Dispatches what has arrived, waiting up to `$timeout` ms for the first event.
    #[php(name = "loop")]
    #[php(defaults(timeout = 1000, maxPackets = 1))]
    pub fn run_loop(&self, timeout: DefInt, maxPackets: DefInt) -> PhpResult<()> {
        let timeout = timeout.get(Param(1, "timeout"))?;
        let max_packets = maxPackets.get(Param(2, "maxPackets"))?;
        mqtt(mosquitto_core::client::loop_timeout(timeout, max_packets).and_then(|timeout| self.core.dispatch(&self.php(), timeout)))?;
        Ok(())
    }

    /// Calls `loop()` until `exitLoop()` or `disconnect()`, or an exception.
    #[php(defaults(timeout = 1000, maxPackets = 1))]
    pub fn loop_forever(&self, timeout: DefInt, maxPackets: DefInt) -> PhpResult<()> {
        let timeout = timeout.get(Param(1, "timeout"))?;
        let max_packets = maxPackets.get(Param(2, "maxPackets"))?;
        mqtt(mosquitto_core::client::loop_timeout(timeout, max_packets).and_then(|timeout| self.core.loop_forever(&self.php(), timeout)))
    }

    /// Makes `loopForever()` return after the current callback: no further
    /// callback runs in this call; what has arrived waits for the next `loop()`.
    pub fn exit_loop(&self) {
        self.core.exit_loop();
    }

    /// How many times a QoS 1/2 message whose `onMessage` throws is delivered
    /// before it is given up (0: no limit), and where given-up messages are
    /// published (null: nowhere). Defaults: `mosquitto.delivery_limit`,
    /// `mosquitto.dead_letter_topic`.
    #[php(optional = deadLetterTopic)]
    pub fn set_delivery_limit(&self, limit: Int, deadLetterTopic: Option<Str>) -> PhpResult<()> {
        let limit = limit.get(Param(1, "limit"))?;
        let topic = match deadLetterTopic {
            Some(topic) => topic.optional_bytes(Param(2, "deadLetterTopic"))?,
            None => None,
        };
        mqtt(self.core.set_delivery_limit(limit, topic))
    }

    /// A descriptor that is readable whenever `loop()` has something to
    /// dispatch (for `stream_select()` through `php://fd/N`); -1 when not connected.
    pub fn get_socket(&self) -> i64 {
        self.core.readiness_fd().map_or(-1, i64::from)
    }

    /// Username and password for the next `connect()`.
    pub fn set_credentials(&self, username: Str, password: Str) -> PhpResult<()> {
        let username = username.text(Param(1, "username"))?;
        let password = password.text(Param(2, "password"))?;
        mqtt(self.core.set_credentials(username, password))
    }

    /// The message the broker publishes if this client vanishes without
    /// `disconnect()`. `$properties` (MQTT 5): `will_delay_interval` and the
    /// keys of `publish()`'s.
    #[php(defaults(properties = EmptyArray))]
    pub fn set_will(&self, topic: Str, payload: Str, qos: Int, retain: Bool, properties: DefArray) -> PhpResult<()> {
        let topic = topic_arg(&topic, Param(1, "topic"))?;
        let payload = payload.bytes(Param(2, "payload"))?;
        let qos = qos.get(Param(3, "qos"))?;
        let retain = retain.get(Param(4, "retain"))?;
        let param = Param(5, "properties");
        let properties = match properties.get(param)? {
            Some(array) => mosquitto_core::properties::will_properties(properties::from_php(array, param)?)
                .map_err(|e| properties::refused(param, array, e))?,
            None => None,
        };
        mqtt(self.core.set_will(topic, payload, qos, retain, properties))
    }

    /// Removes the will set with `setWill()`.
    pub fn clear_will(&self) {
        self.core.clear_will();
    }

    /// How automatic reconnects wait: `$reconnectDelay` seconds, growing to
    /// `$maxReconnectDelay` (doubling with `$exponentialBackoff`).
    #[php(defaults(maxReconnectDelay = 0, exponentialBackoff = false))]
    pub fn set_reconnect_delay(&self, reconnectDelay: Int, maxReconnectDelay: DefInt, exponentialBackoff: DefBool) -> PhpResult<()> {
        let delay = reconnectDelay.get(Param(1, "reconnectDelay"))?;
        let max = maxReconnectDelay.get(Param(2, "maxReconnectDelay"))?;
        let exponential = exponentialBackoff.get(Param(3, "exponentialBackoff"))?;
        mqtt(self.core.set_reconnect_delay(delay, max, exponential))
    }

    /// QoS 1/2 publishes in flight at once; 0 means no limit (65,535 here).
    pub fn set_max_in_flight_messages(&self, max: Int) -> PhpResult<()> {
        let max = max.get(Param(1, "max"))?;
        mqtt(self.core.set_max_inflight(max))
    }

    /// Accepted and ignored, as by libmosquitto since 1.5.
    pub fn set_message_retry(&self, messageRetry: Int) -> PhpResult<()> {
        messageRetry.get(Param(1, "messageRetry"))?;
        Ok(())
    }

    /// `Mosquitto\ProtocolVersion::V311` (the default) or `V5`, for the next
    /// `connect()`; 3.1 is refused as not supported.
    pub fn set_protocol_version(&self, protocolVersion: Int) -> PhpResult<()> {
        let version = protocolVersion.get(Param(1, "protocolVersion"))?;
        mqtt(self.core.set_protocol_version(version))
    }

    /// MQTT 5: seconds the broker keeps the session after the connection
    /// ends (0: not at all; 4294967295: never expires). Unset, a client with
    /// `$cleanSession = false` asks for "never", as its session was on 3.1.1.
    pub fn set_session_expiry_interval(&self, seconds: Int) -> PhpResult<()> {
        mqtt(self.core.set_session_expiry_interval(seconds.get(Param(1, "seconds"))?))
    }

    /// MQTT 5: how many QoS 1/2 messages the broker may send before this
    /// client acknowledges them (1 to 65535); with 1 a worker holds one task
    /// at a time, since a message is acknowledged after `onMessage` returns.
    pub fn set_receive_maximum(&self, maximum: Int) -> PhpResult<()> {
        mqtt(self.core.set_receive_maximum(maximum.get(Param(1, "maximum"))?))
    }

    /// MQTT 5: the largest packet the broker may send this client, in bytes.
    pub fn set_maximum_packet_size(&self, bytes: Int) -> PhpResult<()> {
        mqtt(self.core.set_maximum_packet_size(bytes.get(Param(1, "bytes"))?))
    }

    /// MQTT 5: how many topic aliases the broker may use towards this client
    /// (resolved inside: messages always carry their topic).
    pub fn set_topic_alias_maximum(&self, maximum: Int) -> PhpResult<()> {
        mqtt(self.core.set_topic_alias_maximum(maximum.get(Param(1, "maximum"))?))
    }

    /// MQTT 5: whether the broker may send reason strings and user properties with errors.
    pub fn set_request_problem_information(&self, request: Bool) -> PhpResult<()> {
        self.core.set_request_problem_information(request.get(Param(1, "request"))?);
        Ok(())
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
        mqtt(self.core.tls(|tls| {
            tls.ca = certificates.ca;
            tls.client = certificates.client;
            Ok(0)
        }))
    }

    /// Skips the check that the server certificate names the host (the chain is still verified).
    pub fn set_tls_insecure(&self, value: Bool) -> PhpResult<()> {
        let value = value.get(Param(1, "value"))?;
        mqtt(self.core.tls(|tls| {
            tls.insecure = value;
            Ok(())
        }))
    }

    /// `SSL_VERIFY_NONE` or `SSL_VERIFY_PEER`, a TLS version ("tlsv1.2", "tlsv1.3") and cipher suites.
    pub fn set_tls_options(&self, verify_peer: Int, tls_version: Option<Str>, ciphers: Option<Str>) -> PhpResult<i64> {
        let verify_peer = verify_peer.get(Param(1, "verify_peer"))?;
        let tls_version = optional_text(tls_version, Param(2, "tls_version"))?;
        let ciphers = optional_text(ciphers, Param(3, "ciphers"))?;
        mqtt(self.core.tls(|tls| tls.set_options(verify_peer != 0, tls_version, ciphers)))?;
        Ok(0)
    }

    /// TLS-PSK: a hex key and the identity to present, for a broker with a `psk_file`.
    #[php(name = "setTlsPSK")]
    #[php(optional = ciphers)]
    pub fn set_tls_psk(&self, psk: Option<Str>, identity: Option<Str>, ciphers: Option<Str>) -> PhpResult<i64> {
        let psk = optional_text(psk, Param(1, "psk"))?;
        let identity = optional_text(identity, Param(2, "identity"))?;
        let ciphers = optional_text(ciphers, Param(3, "ciphers"))?;
        let (Some(psk), Some(identity)) = (psk, identity) else { return mqtt(Err(MqttError::InvalidArguments)) };
        mqtt(self.core.tls(|tls| tls.set_psk(&psk, identity, ciphers)))?;
        Ok(0)
    }
}

impl Client {
    fn set_callback(&self, kind: Kind, callback: Callback, param: Param) -> PhpResult<()> {
        self.callbacks.set(kind, callback.get(param)?);
        // onLog and onPublish set after connect(): the session starts producing them.
        self.core.listeners_changed(&self.php());
        Ok(())
    }
}

/// A topic or filter argument: any PHP string, refused as libmosquitto
/// refuses it ("Malformed UTF-8") when it is not UTF-8 or holds a NUL.
fn topic_arg(value: &Str, param: Param) -> PhpResult<String> {
    mqtt(mosquitto_core::topic::text(value.bytes(param)?))
}

fn optional_text(value: Option<Str>, param: Param) -> PhpResult<Option<String>> {
    match value {
        Some(value) => value.optional_text(param),
        None => Ok(None),
    }
}

//! [`Client`]: the Mosquitto client contract, whatever program embeds it.
//!
//! What `mosquitto_*` functions promise their caller lives here, once: the
//! settings made before `connect()`, message ids, which arguments are refused
//! (and that a refused call takes no mid), the log lines libmosquitto writes
//! for its own calls, and at-least-once delivery: a QoS 1/2 message is
//! acknowledged only after its callback returned, handed to the callback
//! again when it failed, and given up (acknowledged, reported and
//! dead-lettered) at the delivery limit.
//!
//! The embedding program (the PHP extension, the benchmark relay) is a
//! [`Host`]: it runs the user's callbacks and says what its configuration
//! holds. Every method takes `&self` and holds no borrow of its own state while
//! the host runs code, so a callback may call back into the client (publish
//! from `onMessage`, disconnect from a signal handler).

use std::cell::{Cell, RefCell};
use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::delivery::{self, DeliveryCounter, Settlement};
use crate::error::MqttError;
use crate::event::{Event, LogLevel, Message, Reply};
use crate::options::{ReconnectPolicy, SessionOptions, Will, MAX_PAYLOAD};
use crate::properties::SubscribeOptions;
use crate::session::Session;
use crate::tls::TlsOptions;
use crate::topic;
use rumqttc::v5::mqttbytes::v5::{LastWillProperties, PublishProperties};

/// Longest single wait inside a call: bounds how late the host's own work
/// (PHP's signal handlers) runs while a call blocks.
pub const WAIT_SLICE: Duration = Duration::from_millis(20);

/// Most events one [`Client::dispatch`] runs callbacks for: enough to keep up
/// with a busy queue, few enough that the caller's own work between calls
/// still runs.
pub const DISPATCH_BATCH: usize = 1000;

/// How a callback the host ran ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It returned (or none is set).
    Done,
    /// It failed (PHP: threw). The host keeps the failure itself and raises
    /// it when the client's call returns.
    Failed,
}

/// Events the client produces only when the host listens for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listener {
    Log,
    Publish,
}

/// The program that embeds a [`Client`].
pub trait Host {
    /// Runs the user's callback for `event` (never a message: see
    /// [`Host::deliver`]), if one is set. Runs on the caller's thread, inside
    /// the client call that produced the event.
    fn call(&self, event: &Event) -> Outcome;
    /// Runs the user's message callback; the client acknowledges the message
    /// when it returns [`Outcome::Done`].
    fn deliver(&self, message: &Message) -> Outcome;
    /// Whether a callback for these events is set (so they are worth producing).
    fn listens(&self, listener: Listener) -> bool;
    /// Work that must not wait until a blocking call ends (PHP: pending signal
    /// handlers); called between [`WAIT_SLICE`]s.
    fn service(&self) -> Outcome {
        Outcome::Done
    }
    /// What the pending failure says (PHP: the exception's message), for the
    /// line that reports a message given up.
    fn failure_text(&self) -> String {
        String::new()
    }
    /// Work is pending that should end a `loop()` wait early (PHP: a signal).
    fn interrupted(&self) -> bool {
        false
    }
    /// Fills in what the host's configuration decides for a new session
    /// (php.ini: timeouts, buffer bounds, automatic reconnect).
    fn configure(&self, _options: &mut SessionOptions) {}
    /// How long a request waits for room in a full outgoing queue.
    fn publish_timeout(&self) -> Duration {
        Duration::from_secs(10)
    }
    /// The delivery limit and dead-letter topic of a client that set none.
    fn delivery_defaults(&self) -> (u32, Option<String>) {
        (5, None)
    }
}

/// The delivery limit of one client over the pure [`DeliveryCounter`].
#[derive(Default)]
struct DeliveryLimit {
    /// None until set or first needed: then the host's defaults.
    limit: Option<(u32, Option<String>)>,
    counter: DeliveryCounter,
}

/// One client: its settings, its session with the broker while connected, and
/// where its callbacks stand.
pub struct Client {
    /// What `connect()` starts from: id, clean session, credentials, will,
    /// reconnect policy, in-flight window, TLS. Host and port are set by
    /// `connect()` itself.
    settings: RefCell<SessionOptions>,
    session: RefCell<Option<Session>>,
    /// Host and port of the live session, to tell a `connect()` elsewhere.
    target: RefCell<Option<(String, u16)>>,
    /// libmosquitto's per-client 16-bit message id, shared by publish,
    /// subscribe and unsubscribe, never 0.
    last_mid: Cell<u16>,
    delivery: RefCell<DeliveryLimit>,
    /// A QoS 1/2 message whose callback failed, to be dispatched again first.
    redeliver: RefCell<Option<Message>>,
    /// `loop_forever()` goes on.
    looping: Cell<bool>,
    /// No further callback runs in the current dispatch (`exit_loop()`, a
    /// deferred `disconnect()`); what is left waits for the next one.
    stop_batch: Cell<bool>,
    /// `onMessage` is running: a `disconnect()` it calls waits until it returns.
    in_message: Cell<bool>,
    /// `disconnect()` was called inside `onMessage`.
    disconnect_after_message: Cell<bool>,
}

impl Client {
    /// A client with id `id` (None: the broker assigns one). libmosquitto's
    /// `mosquitto_new()` refuses a persistent session without an id, an empty
    /// id and one that is not MQTT text (invalid UTF-8, control characters); an
    /// id with a NUL, which C would silently cut short, is refused too.
    pub fn new(id: Option<Vec<u8>>, clean_session: bool) -> Result<Client, MqttError> {
        let client_id = match id {
            None if clean_session => String::new(),
            None => return Err(MqttError::InvalidArguments),
            Some(bytes) => match topic::text(bytes) {
                Ok(text) if !text.is_empty() && text.len() <= crate::options::MAX_STRING => text,
                _ => return Err(MqttError::InvalidArguments),
            },
        };
        let client = Client::anonymous();
        {
            let mut settings = client.settings.borrow_mut();
            settings.client_id = client_id;
            settings.clean_session = clean_session;
        }
        Ok(client)
    }

    /// A clean-session client whose id the broker assigns.
    pub fn anonymous() -> Client {
        Client {
            settings: RefCell::new(SessionOptions::new("", "", 0)),
            session: RefCell::default(),
            target: RefCell::default(),
            last_mid: Cell::new(0),
            delivery: RefCell::default(),
            redeliver: RefCell::default(),
            looping: Cell::new(false),
            stop_batch: Cell::new(false),
            in_message: Cell::new(false),
            disconnect_after_message: Cell::new(false),
        }
    }

    pub fn client_id(&self) -> String {
        self.settings.borrow().client_id.clone()
    }

    fn next_mid(&self) -> u16 {
        let mid = self.last_mid.get().wrapping_add(1).max(1);
        self.last_mid.set(mid);
        mid
    }

    /// A line for `onLog` about this client's own calls, worded like libmosquitto's.
    fn log(&self, host: &dyn Host, level: LogLevel, text: impl FnOnce(&str) -> String) {
        if host.listens(Listener::Log) {
            let line = text(&self.settings.borrow().client_id);
            host.call(&Event::Log { level, text: line });
        }
    }

    /// Runs `f` on the live session, or fails with "not currently connected".
    fn with_session<T>(&self, f: impl FnOnce(&Session) -> Result<T, MqttError>) -> Result<T, MqttError> {
        match self.session.borrow().as_ref() {
            Some(session) => f(session),
            None => Err(MqttError::NotConnected),
        }
    }

    // --- Settings for the next connect() --------------------------------------

    pub fn set_credentials(&self, username: String, password: String) -> Result<(), MqttError> {
        if username.len() > crate::options::MAX_STRING || password.len() > crate::options::MAX_STRING {
            return Err(MqttError::InvalidArguments);
        }
        self.settings.borrow_mut().credentials = Some((username, password));
        Ok(())
    }

    /// The will; `properties` (MQTT 5) are checked against the protocol at `connect()`.
    pub fn set_will(
        &self,
        topic: String,
        payload: Vec<u8>,
        qos: i64,
        retain: bool,
        properties: Option<LastWillProperties>,
    ) -> Result<(), MqttError> {
        let will = Will { topic, payload, qos: qos_arg(qos)?, retain, properties };
        will.check()?;
        self.settings.borrow_mut().will = Some(will);
        Ok(())
    }

    pub fn clear_will(&self) {
        self.settings.borrow_mut().will = None;
    }

    /// Seconds between automatic reconnect attempts, growing to `max`.
    pub fn set_reconnect_delay(&self, delay: i64, max: i64, exponential: bool) -> Result<(), MqttError> {
        let (Ok(delay), Ok(max)) = (u64::try_from(delay), u64::try_from(max)) else {
            return Err(MqttError::InvalidArguments);
        };
        self.settings.borrow_mut().reconnect =
            ReconnectPolicy { delay: Duration::from_secs(delay), max_delay: Duration::from_secs(max), exponential };
        Ok(())
    }

    /// QoS 1/2 publishes in flight at once; 0 means no limit (65,535 here).
    pub fn set_max_inflight(&self, max: i64) -> Result<(), MqttError> {
        let Ok(max) = u32::try_from(max) else { return Err(MqttError::InvalidArguments) };
        self.settings.borrow_mut().max_inflight = if max == 0 { u16::MAX } else { max.min(65535) as u16 };
        Ok(())
    }

    /// MQTT 3.1.1 (4, the default) or 5; 3.1 is refused as not supported.
    pub fn set_protocol_version(&self, version: i64) -> Result<(), MqttError> {
        match version {
            4 | 5 => {
                self.settings.borrow_mut().protocol_version = version as u8;
                Ok(())
            }
            3 => Err(MqttError::NotSupported),
            _ => Err(MqttError::InvalidArguments),
        }
    }

    pub fn protocol_version(&self) -> u8 {
        self.settings.borrow().protocol_version
    }

    /// On MQTT 5, the reason of what we did ourselves (a QoS 0 publish sent, our
    /// own DISCONNECT): success, so callbacks get the same arguments as for
    /// the broker's acknowledgements.
    fn own_reply(&self) -> Option<Box<Reply>> {
        (self.protocol_version() == 5).then(|| Reply::new(0, None, Vec::new())).flatten()
    }

    /// MQTT 5: seconds the broker keeps the session after the connection ends
    /// (0: it ends with the connection; 4294967295: never).
    pub fn set_session_expiry_interval(&self, seconds: i64) -> Result<(), MqttError> {
        let seconds = u32::try_from(seconds).map_err(|_| MqttError::InvalidArguments)?;
        self.settings.borrow_mut().mqtt5.session_expiry_interval = Some(seconds);
        Ok(())
    }

    /// MQTT 5: QoS 1/2 messages the broker may send before we acknowledge (1 to 65535).
    pub fn set_receive_maximum(&self, maximum: i64) -> Result<(), MqttError> {
        let maximum = u16::try_from(maximum).ok().filter(|m| *m > 0).ok_or(MqttError::InvalidArguments)?;
        self.settings.borrow_mut().mqtt5.receive_maximum = Some(maximum);
        Ok(())
    }

    /// MQTT 5: the largest packet the broker may send us (1 to 268435460 bytes).
    pub fn set_maximum_packet_size(&self, bytes: i64) -> Result<(), MqttError> {
        let bytes = u32::try_from(bytes).ok().filter(|b| (1..=268_435_460).contains(b)).ok_or(MqttError::InvalidArguments)?;
        self.settings.borrow_mut().mqtt5.maximum_packet_size = Some(bytes);
        Ok(())
    }

    /// MQTT 5: topic aliases the broker may use towards us (0 to 65535).
    pub fn set_topic_alias_maximum(&self, maximum: i64) -> Result<(), MqttError> {
        let maximum = u16::try_from(maximum).map_err(|_| MqttError::InvalidArguments)?;
        self.settings.borrow_mut().mqtt5.topic_alias_maximum = Some(maximum);
        Ok(())
    }

    /// MQTT 5: whether the broker may add reason strings and user properties to errors.
    pub fn set_request_problem_information(&self, request: bool) {
        self.settings.borrow_mut().mqtt5.request_problem_information = Some(request);
    }

    /// Changes the TLS settings of the next `connect()`.
    pub fn tls<T>(&self, change: impl FnOnce(&mut TlsOptions) -> Result<T, MqttError>) -> Result<T, MqttError> {
        let mut settings = self.settings.borrow_mut();
        change(settings.tls.get_or_insert_with(TlsOptions::default))
    }

    /// How many deliveries of a QoS 1/2 message whose callback fails before it
    /// is given up (0: no limit), and where given-up messages are published.
    pub fn set_delivery_limit(&self, limit: i64, dead_letter_topic: Option<Vec<u8>>) -> Result<(), MqttError> {
        let topic = dead_letter_topic.map(topic::text).transpose()?;
        let Ok(limit) = u32::try_from(limit) else { return Err(MqttError::InvalidArguments) };
        if topic.as_deref().is_some_and(|t| !topic::is_valid_topic(t)) {
            return Err(MqttError::InvalidArguments);
        }
        self.delivery.borrow_mut().limit = Some((limit, topic));
        Ok(())
    }

    // --- The session ----------------------------------------------------------

    /// Connects and waits for the broker's CONNACK (letting the host's work run
    /// meanwhile); `onConnect` fires from the next [`Client::dispatch`], as in
    /// Mosquitto-PHP. On a live session to the same host and port it does
    /// nothing (scripts written for Mosquitto-PHP call `connect()` again after a
    /// loss, which here has reconnected by itself); elsewhere it leaves this
    /// broker first, as libmosquitto reconnects without `on_disconnect`.
    pub fn connect(&self, host: &dyn Host, address: String, port: i64, keepalive: i64, interface: Option<String>) -> Result<(), MqttError> {
        let (Ok(port), Ok(keepalive)) = (u16::try_from(port), u16::try_from(keepalive)) else {
            return Err(MqttError::InvalidArguments);
        };
        let live = self.session.borrow().as_ref().is_some_and(|s| !s.is_finished());
        if live {
            if self.target.borrow().as_ref() == Some(&(address.clone(), port)) {
                return Ok(());
            }
            if let Some(session) = self.session.borrow_mut().take() {
                session.disconnect();
            }
            self.redeliver.borrow_mut().take();
        }
        // libmosquitto binds to `$interface`; an unusable one is a "Lookup error.".
        let bind_address = match interface {
            Some(interface) => match interface.parse::<IpAddr>() {
                Ok(address) => Some(address),
                Err(_) => return Err(MqttError::Lookup { host: interface }),
            },
            None => None,
        };
        let mut options = self.settings.borrow().clone();
        options.host = address.clone();
        options.port = port;
        options.keepalive = keepalive;
        options.bind_address = bind_address;
        host.configure(&mut options);
        options.logging = host.listens(Listener::Log);
        options.publish_events = host.listens(Listener::Publish);
        self.log(host, LogLevel::Debug, |id| format!("Client {id} sending CONNECT"));
        let session = Session::connect_waiting(options, || {
            host.service();
        })?;
        *self.session.borrow_mut() = Some(session);
        *self.target.borrow_mut() = Some((address, port));
        Ok(())
    }

    /// The host's listeners changed (a callback was set): produce what it now wants.
    pub fn listeners_changed(&self, host: &dyn Host) {
        if let Some(session) = self.session.borrow().as_ref() {
            session.set_logging(host.listens(Listener::Log));
            session.set_publish_events(host.listens(Listener::Publish));
        }
    }

    /// Sends DISCONNECT and fires `onDisconnect(0)`. Inside `onMessage` it
    /// waits until the callback returned and its message is acknowledged;
    /// nothing else of the batch runs.
    pub fn disconnect(&self, host: &dyn Host) -> Result<(), MqttError> {
        if self.in_message.get() && self.session.borrow().is_some() {
            self.disconnect_after_message.set(true);
            self.looping.set(false);
            self.stop_batch.set(true);
            return Ok(());
        }
        if self.close(host) {
            Ok(())
        } else {
            Err(MqttError::NotConnected)
        }
    }

    /// Ends the session and fires `onDisconnect(0)`, as libmosquitto does
    /// synchronously in `mosquitto_disconnect()`. False when not connected.
    pub fn close(&self, host: &dyn Host) -> bool {
        let Some(session) = self.session.borrow_mut().take() else { return false };
        self.target.borrow_mut().take();
        self.looping.set(false);
        self.stop_batch.set(true);
        self.log(host, LogLevel::Debug, |id| format!("Client {id} sending DISCONNECT"));
        session.disconnect();
        host.call(&Event::Disconnected { rc: 0, reply: self.own_reply() });
        true
    }

    /// Waits, bounded by the host's publish timeout, for room in the outgoing
    /// queue (full while the broker is away or slow), letting the host's work
    /// run between slices; then [`MqttError::QueueFull`], before a mid is taken.
    fn wait_for_room(&self, host: &dyn Host) -> Result<(), MqttError> {
        let mut deadline = None;
        loop {
            let room = match self.session.borrow().as_ref() {
                Some(session) => session.has_room() || session.wait_for_room(WAIT_SLICE),
                // The call itself says "not connected" (after taking its mid, as libmosquitto).
                None => return Ok(()),
            };
            if room {
                return Ok(());
            }
            let deadline = *deadline.get_or_insert_with(|| Instant::now() + host.publish_timeout());
            if Instant::now() >= deadline {
                return Err(MqttError::QueueFull);
            }
            host.service();
        }
    }

    /// Publishes a message; returns its mid. As libmosquitto: a refused call
    /// takes no mid, a publish while not connected does (and then fails). The
    /// payload is checked before it is copied. QoS 0 fires `onPublish` here,
    /// as `mosquitto_publish()` does once the packet is handed to the socket.
    pub fn publish(&self, host: &dyn Host, topic: String, payload: &[u8], qos: i64, retain: bool) -> Result<u16, MqttError> {
        self.publish_with_properties(host, topic, payload, qos, retain, None)
    }

    /// [`Client::publish`] with MQTT 5 properties (refused on 3.1.1).
    pub fn publish_with_properties(
        &self,
        host: &dyn Host,
        topic: String,
        payload: &[u8],
        qos: i64,
        retain: bool,
        properties: Option<PublishProperties>,
    ) -> Result<u16, MqttError> {
        let qos = qos_arg(qos)?;
        if properties.is_some() && self.protocol_version() != 5 {
            return Err(MqttError::NeedsMqtt5("publish properties"));
        }
        if !topic::is_valid_topic(&topic) {
            return Err(MqttError::InvalidArguments);
        }
        if payload.len() > MAX_PAYLOAD {
            return Err(MqttError::PayloadTooLarge);
        }
        self.wait_for_room(host)?;
        let mid = self.next_mid();
        self.with_session(|s| s.publish_with_properties(mid, topic, payload.to_vec(), qos, retain, properties))?;
        if qos == 0 {
            host.call(&Event::Published { mid, reply: self.own_reply() });
        }
        Ok(mid)
    }

    /// Subscribes to a topic filter; returns the mid. As Mosquitto-PHP: "not
    /// connected" first, then the arguments; a refused call takes no mid.
    pub fn subscribe(&self, host: &dyn Host, filter: String, qos: i64) -> Result<u16, MqttError> {
        self.subscribe_with_options(host, filter, qos, SubscribeOptions::default())
    }

    /// [`Client::subscribe`] with MQTT 5 subscription options (refused on 3.1.1).
    pub fn subscribe_with_options(&self, host: &dyn Host, filter: String, qos: i64, options: SubscribeOptions) -> Result<u16, MqttError> {
        self.with_session(|_| Ok(()))?;
        let qos = qos_arg(qos)?;
        if !options.is_default() && self.protocol_version() != 5 {
            return Err(MqttError::NeedsMqtt5("subscription options"));
        }
        if !topic::is_valid_filter(&filter) {
            return Err(MqttError::InvalidArguments);
        }
        self.wait_for_room(host)?;
        let mid = self.next_mid();
        self.with_session(|s| s.subscribe_with_options(mid, filter, qos, options))?;
        Ok(mid)
    }

    /// Unsubscribes from a topic filter; returns the mid.
    pub fn unsubscribe(&self, host: &dyn Host, filter: String) -> Result<u16, MqttError> {
        self.with_session(|_| Ok(()))?;
        if !topic::is_valid_filter(&filter) {
            return Err(MqttError::InvalidArguments);
        }
        self.wait_for_room(host)?;
        let mid = self.next_mid();
        self.with_session(|s| s.unsubscribe(mid, filter))?;
        Ok(mid)
    }

    /// A descriptor readable whenever [`Client::dispatch`] has something to
    /// run; None when not connected.
    pub fn readiness_fd(&self) -> Option<i32> {
        self.session.borrow_mut().as_mut().and_then(|s| s.readiness_fd().ok())
    }

    // --- Callbacks --------------------------------------------------------------

    /// Runs the callbacks for what has arrived (up to [`DISPATCH_BATCH`]
    /// events), waiting up to `timeout` for the first. A message that failed
    /// last time comes first. Stops at the first callback that fails (and says
    /// so); the rest stay queued for the next call.
    pub fn dispatch(&self, host: &dyn Host, timeout: Duration) -> Result<Outcome, MqttError> {
        match self.session.borrow().as_ref() {
            None => return Err(MqttError::NotConnected),
            Some(session) => session.check_owner()?,
        }
        self.stop_batch.set(false);
        let redeliver = self.redeliver.borrow_mut().take();
        let mut first = match redeliver {
            // After a reconnect the broker redelivers it itself (persistent
            // session) and an ack would no longer be valid.
            Some(message) if self.session.borrow().as_ref().is_some_and(|s| s.is_current(&message)) => Some(Event::Message(message)),
            _ => self.wait_event(host, timeout),
        };
        for taken in 0..DISPATCH_BATCH {
            // Taken only when it will be handled: an event taken past the
            // batch would be lost.
            let next = if taken == 0 { first.take() } else { self.next_event(Duration::ZERO) };
            let Some(event) = next else { break };
            let outcome = self.handle(host, event)?;
            if outcome != Outcome::Done {
                return Ok(outcome);
            }
            if self.stop_batch.get() {
                break;
            }
        }
        Ok(Outcome::Done)
    }

    /// Dispatches until [`Client::exit_loop`], `disconnect()`, a failed
    /// callback or failed host work.
    pub fn loop_forever(&self, host: &dyn Host, timeout: Duration) -> Result<(), MqttError> {
        self.looping.set(true);
        let result = loop {
            if !self.looping.get() {
                break Ok(());
            }
            match self.dispatch(host, timeout) {
                Err(error) => break Err(error),
                Ok(Outcome::Failed) => break Ok(()),
                Ok(Outcome::Done) => {}
            }
            // A signal handler may call exit_loop(): run it now, not after the loop.
            if host.service() != Outcome::Done {
                break Ok(());
            }
        };
        self.looping.set(false);
        result
    }

    /// Makes `loop_forever()` return after the current callback: no further
    /// callback runs in this dispatch; what has arrived waits for the next.
    pub fn exit_loop(&self) {
        self.looping.set(false);
        self.stop_batch.set(true);
    }

    /// Takes the next event, waiting up to `wait`. No borrow outlives the call.
    fn next_event(&self, wait: Duration) -> Option<Event> {
        self.session.borrow_mut().as_mut().and_then(|s| s.next_event(wait))
    }

    /// Waits up to `timeout` for an event, in slices, giving up early when the
    /// host has work pending.
    fn wait_event(&self, host: &dyn Host, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if let Some(event) = self.next_event(left.min(WAIT_SLICE)) {
                return Some(event);
            }
            if left <= WAIT_SLICE || host.interrupted() {
                return None;
            }
        }
    }

    /// Runs the callback for one event, and what follows from its outcome.
    fn handle(&self, host: &dyn Host, event: Event) -> Result<Outcome, MqttError> {
        match event {
            Event::ConnectionLost => {
                // Automatic reconnect is off: Mosquitto-PHP's behaviour exactly.
                self.session.borrow_mut().take();
                Err(MqttError::ConnectionLost)
            }
            Event::Message(message) => self.deliver(host, message),
            event => Ok(host.call(&event)),
        }
    }

    /// At-least-once: a message is acknowledged only once its callback
    /// returned; a failed QoS 1/2 one is handed to the callback again first
    /// thing in the next dispatch (so a script that catches the exception and
    /// loops neither loses it nor stalls), until the delivery limit gives it up.
    fn deliver(&self, host: &dyn Host, message: Message) -> Result<Outcome, MqttError> {
        // Saved and restored: onMessage may dispatch itself.
        let outer = self.in_message.replace(true);
        let outcome = host.deliver(&message);
        self.in_message.set(outer);
        if self.delivery.borrow().limit.is_none() {
            let defaults = host.delivery_defaults();
            self.delivery.borrow_mut().limit = Some(defaults);
        }
        let settlement = {
            let mut delivery = self.delivery.borrow_mut();
            let limit = delivery.limit.as_ref().map_or(0, |(limit, _)| *limit);
            delivery.counter.settle(&message, outcome == Outcome::Done, limit)
        };
        let result = match settlement {
            Settlement::Ack => self.ack(&message),
            Settlement::Redeliver { .. } => {
                *self.redeliver.borrow_mut() = Some(message);
                Ok(())
            }
            Settlement::GiveUp { count } => self.give_up(host, &message, count),
            Settlement::Forget => Ok(()),
        };
        if self.disconnect_after_message.take() {
            // disconnect() inside onMessage: after the ack, as asked.
            self.close(host);
        }
        result.map(|()| outcome)
    }

    /// Acknowledges a delivered message, if its session is still there (the
    /// callback may have disconnected: then the broker keeps the message for
    /// the session's next connection).
    fn ack(&self, message: &Message) -> Result<(), MqttError> {
        match self.session.borrow().as_ref() {
            Some(session) => session.ack(message),
            None => Ok(()),
        }
    }

    /// A message that reached the delivery limit: acknowledged, reported at
    /// `LOG_WARNING` and published to the dead-letter topic, if there is one.
    fn give_up(&self, host: &dyn Host, message: &Message, count: u32) -> Result<(), MqttError> {
        let error = host.failure_text();
        let error = error.as_str();
        let acked = self.ack(message);
        let dead_letter = self.delivery.borrow().limit.as_ref().and_then(|(_, topic)| topic.clone());
        let mut line = format!(
            "Client {} gave up on message (Mid: {}, topic '{}') after {count} failed deliveries: {error}",
            self.client_id(),
            message.pkid,
            message.topic
        );
        let mut published = Ok(());
        if let Some(topic) = dead_letter {
            let payload = delivery::dead_letter_payload(message, count, error);
            let mid = self.next_mid();
            published = self.with_session(|s| s.publish(mid, topic.clone(), payload, 1, false));
            line.push_str(&format!("; published to '{topic}' (Mid: {mid})"));
        }
        host.call(&Event::Log { level: LogLevel::Warning, text: line });
        acked.and(published)
    }
}

/// `loop()`'s arguments as libmosquitto reads them: a negative timeout means
/// 1000 ms, and `max_packets` below 1 is refused (EINVAL).
pub fn loop_timeout(timeout_ms: i64, max_packets: i64) -> Result<Duration, MqttError> {
    if max_packets < 1 {
        return Err(MqttError::InvalidArguments);
    }
    Ok(Duration::from_millis(u64::try_from(timeout_ms).unwrap_or(1000)))
}

/// A QoS argument: 0, 1 or 2, as libmosquitto checks it.
fn qos_arg(qos: i64) -> Result<u8, MqttError> {
    match u8::try_from(qos) {
        Ok(qos @ 0..=2) => Ok(qos),
        _ => Err(MqttError::InvalidArguments),
    }
}

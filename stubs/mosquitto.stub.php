<?php

/**
 * The mosquitto extension: a Mosquitto-PHP compatible MQTT 3.1.1 client,
 * written in Rust. This file is the API's written source of truth, for IDEs and
 * static analysers; php-tests/api/stub-matches-reflection.phpt keeps it true.
 *
 * @generate-class-entries
 */

namespace {
    /** libmosquitto log level: informational. */
    const MOSQ_LOG_INFO = 1;
    /** libmosquitto log level: notice. */
    const MOSQ_LOG_NOTICE = 2;
    /** libmosquitto log level: warning. */
    const MOSQ_LOG_WARNING = 4;
    /** libmosquitto log level: error. */
    const MOSQ_LOG_ERR = 8;
    /** libmosquitto log level: debug (protocol traffic). */
    const MOSQ_LOG_DEBUG = 16;

    /** The article's name for Mosquitto\Client: the very same class (an alias). */
    class_alias(\Mosquitto\Client::class, 'MosquittoClient');
}

namespace Mosquitto {
    /**
     * An MQTT client. Network I/O runs on a background thread; callbacks run
     * only inside loop(), loopForever(), disconnect() and the destructor.
     */
    class Client
    {
        /** Log level: informational. */
        public const LOG_INFO = 1;
        /** Log level: notice. */
        public const LOG_NOTICE = 2;
        /** Log level: warning. */
        public const LOG_WARNING = 4;
        /** Log level: error. */
        public const LOG_ERR = 8;
        /** Log level: debug. */
        public const LOG_DEBUG = 16;
        /** setTlsOptions(): accept any server certificate. */
        public const SSL_VERIFY_NONE = 0;
        /** setTlsOptions(): verify the server certificate (the default). */
        public const SSL_VERIFY_PEER = 1;

        /** Creates a client; a null id lets the broker assign one (then $cleanSession must be true). */
        public function __construct(?string $id = null, bool $cleanSession = true) {}

        /** Removes the will set with setWill(). */
        public function clearWill() {}

        /**
         * Connects and waits for the CONNACK; throws Mosquitto\Exception on failure. onConnect fires from the next loop().
         *
         * $host is one host name or address, as in Mosquitto-PHP, or a list of brokers of one cluster:
         * "host1:1883,host2:1884,[::1]:1885" (comma-separated; each entry with an optional port, else $port;
         * an IPv6 address with a port in brackets). The client connects to the first entry that accepts it.
         * After a lost connection it tries the entries in turn, beginning with the one after the broker it
         * lost, each reconnect attempt trying every entry once, with setReconnectDelay()'s back-off between
         * attempts (after an attempt no entry accepted, counted from that attempt's start); a host that resolves to several addresses is tried address by address; each entry gets
         * the whole mosquitto.connect_timeout. onLog gets a
         * LOG_NOTICE line "Client <id> connected to <host:port>" ("reconnected to" later) naming the broker
         * that answered; subscriptions and unacknowledged QoS 1/2 publishes are restored there. If no entry
         * accepts the first connect, the exception names every entry with its reason. A malformed entry
         * (empty, port 0 or above 65535, a missing ']') is "Invalid function arguments provided." with the entry.
         */
        public function connect(string $host, int $port = 1883, int $keepalive = 60, ?string $interface = null): int {}

        /** Sends DISCONNECT, fires onDisconnect(0) and ends loopForever(); inside onMessage, after the message is acknowledged when the callback returns. */
        public function disconnect() {}

        /** Makes loopForever() return after the current callback; nothing else of the batch runs until the next loop(). */
        public function exitLoop() {}

        /** A descriptor readable whenever loop() has work (for stream_select via php://fd/N); -1 when not connected. */
        public function getSocket(): int {}

        /** Dispatches what has arrived, waiting up to $timeout ms for the first event. */
        public function loop(int $timeout = 1000, int $maxPackets = 1) {}

        /** Calls loop() until exitLoop(), disconnect() or an exception. */
        public function loopForever(int $timeout = 1000, int $maxPackets = 1) {}

        /** Sets the callback function(int $rc, string $message) for CONNACKs. */
        public function onConnect(callable $onConnect) {}

        /** Sets the callback function(int $rc) for disconnections (0 asked for, 7 connection lost). */
        public function onDisconnect(callable $onDisconnect) {}

        /** Sets the callback function(int $level, string $str) for log lines. */
        public function onLog(callable $onLog) {}

        /** Sets the callback function(Mosquitto\Message $message); the message is acknowledged when it returns. */
        public function onMessage(callable $onMessage) {}

        /** Sets the callback function(int $mid) fired when a publish has completed. */
        public function onPublish(callable $onPublish) {}

        /** Sets the callback function(int $mid, int $qosCount, int $grantedQos) for SUBACKs. */
        public function onSubscribe(callable $onSubscribe) {}

        /** Sets the callback function(int $mid) for UNSUBACKs. */
        public function onUnsubscribe(callable $onUnsubscribe) {}

        /** Publishes a message (binary-safe; null sends an empty payload); returns its message id. */
        public function publish(string $topic, ?string $payload, int $qos = 0, bool $retain = false): int {}

        /** Username and password for the next connect(). */
        public function setCredentials(string $username, #[\SensitiveParameter] string $password) {}

        /** QoS 1/2 publishes in flight at once; 0 means no limit. */
        public function setMaxInFlightMessages(int $max) {}

        /** Accepted and ignored, as by libmosquitto since 1.5. */
        public function setMessageRetry(int $messageRetry) {}

        /**
         * At-least-once with a bound: a QoS 1/2 message whose onMessage throws is delivered at
         * most $limit times (0: no limit), then acknowledged, reported through onLog at LOG_WARNING
         * and, with $deadLetterTopic, published there as JSON (topic, payload, error, deliveries).
         * Defaults: php.ini mosquitto.delivery_limit (5) and mosquitto.dead_letter_topic.
         */
        public function setDeliveryLimit(int $limit, ?string $deadLetterTopic = null) {}

        /** Only MQTT 3.1.1 (ProtocolVersion::V311) is spoken; V31 throws "This feature is not supported.". */
        public function setProtocolVersion(int $protocolVersion) {}

        /** How automatic reconnects wait: $reconnectDelay s, up to $maxReconnectDelay s, doubling when $exponentialBackoff. */
        public function setReconnectDelay(int $reconnectDelay, int $maxReconnectDelay = 0, bool $exponentialBackoff = false) {}

        /** A CA file or directory, and optionally a client certificate and key (with its password). */
        public function setTlsCertificates(?string $ca_path, ?string $cert_path = null, ?string $key_path = null, #[\SensitiveParameter] ?string $key_pw = null): int {}

        /** Skips the server hostname check only; the certificate chain is still verified. */
        public function setTlsInsecure(bool $value) {}

        /** SSL_VERIFY_NONE or SSL_VERIFY_PEER, "tlsv1.2" or "tlsv1.3", and OpenSSL cipher names. */
        public function setTlsOptions(int $verify_peer, ?string $tls_version = null, ?string $ciphers = null): int {}

        /** TLS-PSK is not available on rustls: checks the arguments, then throws "This feature is not supported.". */
        public function setTlsPSK(#[\SensitiveParameter] ?string $psk, ?string $identity, ?string $ciphers = null): int {}

        /** The message the broker publishes if this client vanishes without disconnect(). */
        public function setWill(string $topic, string $payload, int $qos, bool $retain) {}

        /** Subscribes to a topic filter (shared subscriptions: "$share/group/filter"); returns the message id. */
        public function subscribe(string $topic, int $qos = 0): int {}

        /** Unsubscribes from a topic filter; returns the message id. */
        public function unsubscribe(string $topic): int {}
    }

    /** A message delivered to onMessage. Written properties are converted like PHP converts values. */
    class Message
    {
        /** Packet id; 0 for QoS 0. */
        public $mid;
        /** The topic, or null for a new empty message. */
        public $topic;
        /** The payload, binary-safe. */
        public $payload;
        /** QoS 0, 1 or 2. */
        public $qos;
        /** True for a retained message the broker replays on subscribe. */
        public $retain;

        /** An empty message: mid 0, no topic, empty payload, QoS 0, not retained. */
        public function __construct() {}

        /** serialize(): the five properties (as Mosquitto-PHP writes them), then a subclass's own. Returns an array. */
        public function __serialize() {}

        /** unserialize(): restores what __serialize() wrote. */
        public function __unserialize(array $data) {}

        /** The levels of $topic; an empty level is null. Returns an array (no declared return type, as Mosquitto-PHP). */
        public static function tokeniseTopic(string $topic) {}

        /** Whether $topic matches the subscription filter $subscription (topic first). */
        public static function topicMatchesSub(string $topic, string $subscription): bool {}
    }

    /** Errors from the MQTT layer, with libmosquitto's messages. */
    class Exception extends \Exception
    {
    }

    /** Log levels (Mosquitto-PHP's develop branch). */
    final class LogLevel
    {
        public const INFO = 1;
        public const NOTICE = 2;
        public const WARNING = 4;
        public const ERR = 8;
        public const DEBUG = 16;

        /** Not instantiable: the class only holds constants (throws Exception). */
        public function __construct() {}
    }

    /** Peer verification modes for setTlsOptions() (Mosquitto-PHP's develop branch). */
    final class SslVerify
    {
        public const NONE = 0;
        public const PEER = 1;

        /** Not instantiable: the class only holds constants (throws Exception). */
        public function __construct() {}
    }

    /** Protocol versions for setProtocolVersion() (Mosquitto-PHP's develop branch). */
    final class ProtocolVersion
    {
        public const V31 = 3;
        public const V311 = 4;

        /** Not instantiable: the class only holds constants (throws Exception). */
        public function __construct() {}
    }
}

<?php

/**
 * The mosquitto extension: a Mosquitto-PHP compatible MQTT client, written in
 * Rust, speaking MQTT 3.1.1 (the default) and MQTT 5 (setProtocolVersion(ProtocolVersion::V5)
 * or php.ini mosquitto.protocol_version=5). This file is the API's written source
 * of truth, for IDEs and static analysers; php-tests/api/stub-matches-reflection.phpt
 * keeps it true.
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
     *
     * On an MQTT 5 connection onConnect, onDisconnect, onPublish, onSubscribe and
     * onUnsubscribe get three more arguments after Mosquitto-PHP's:
     * int $reasonCode, ?string $reasonString, array $properties (the broker's user_properties;
     * for onConnect the CONNACK's properties). On 3.1.1 callbacks get exactly
     * Mosquitto-PHP's arguments.
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
         * A refused MQTT 5 connect throws "Connection Refused: <the broker's reason string, else the
         * reason's name> (reason code N).".
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

        /**
         * Sets the callback function(int $rc, string $message) for CONNACKs; on MQTT 5
         * function(int $rc, string $message, int $reasonCode, ?string $reasonString, array $properties),
         * $properties being the CONNACK's: receive_maximum, topic_alias_maximum, session_expiry_interval,
         * maximum_qos, retain_available, maximum_packet_size, assigned_client_identifier,
         * server_keep_alive, wildcard_subscription_available, subscription_identifiers_available,
         * shared_subscription_available, response_information, server_reference, user_properties.
         */
        public function onConnect(callable $onConnect) {}

        /**
         * Sets the callback function(int $rc) for disconnections (0 asked for, 7 connection lost); on MQTT 5
         * function(int $rc, int $reasonCode, ?string $reasonString, array $properties), with the reason of a
         * DISCONNECT the broker sent (e.g. 142 session taken over; properties session_expiry_interval,
         * server_reference, user_properties).
         */
        public function onDisconnect(callable $onDisconnect) {}

        /** Sets the callback function(int $level, string $str) for log lines. */
        public function onLog(callable $onLog) {}

        /** Sets the callback function(Mosquitto\Message $message); the message is acknowledged when it returns. */
        public function onMessage(callable $onMessage) {}

        /**
         * Sets the callback function(int $mid) fired when a publish has completed; on MQTT 5
         * function(int $mid, int $reasonCode, ?string $reasonString, array $properties), the PUBACK's or
         * PUBCOMP's reason (16: no matching subscribers; 128 and up: refused).
         */
        public function onPublish(callable $onPublish) {}

        /**
         * Sets the callback function(int $mid, int $qosCount, int $grantedQos) for SUBACKs; on MQTT 5
         * function(int $mid, int $qosCount, int $grantedQos, int $reasonCode, ?string $reasonString, array $properties),
         * $grantedQos and $reasonCode both the SUBACK's reason code: the granted QoS, or 128 and up when
         * refused (135: not authorized).
         */
        public function onSubscribe(callable $onSubscribe) {}

        /**
         * Sets the callback function(int $mid) for UNSUBACKs; on MQTT 5
         * function(int $mid, int $reasonCode, ?string $reasonString, array $properties) (17: no subscription existed).
         */
        public function onUnsubscribe(callable $onUnsubscribe) {}

        /**
         * Publishes a message (binary-safe; null sends an empty payload); returns its message id.
         *
         * $properties (MQTT 5; on 3.1.1 a non-empty array throws "This feature is not supported. (...)"):
         * payload_format_indicator (int: 0 bytes, 1 UTF-8), message_expiry_interval (int, seconds),
         * content_type (string), response_topic (string, a topic name), correlation_data (binary string),
         * user_properties (list of [name, value] pairs, a name may repeat; ['name' => 'value'] also works).
         * An unknown key is a ValueError, a wrong type a TypeError; null values are left out.
         * Positional only: the extension does not declare it to the engine (Reflection shows
         * Mosquitto-PHP's four parameters), so subclasses written for Mosquitto-PHP still load.
         */
        public function publish(string $topic, ?string $payload, int $qos = 0, bool $retain = false, array $properties = []): int {}

        /** Username and password for the next connect(). */
        public function setCredentials(string $username, #[\SensitiveParameter] string $password) {}

        /** QoS 1/2 publishes in flight at once; 0 means no limit. On MQTT 5 the broker's receive maximum bounds it too. */
        public function setMaxInFlightMessages(int $max) {}

        /** MQTT 5, before connect(): the largest packet the broker may send this client, in bytes. Ignored on 3.1.1. */
        public function setMaximumPacketSize(int $bytes) {}

        /** Accepted and ignored, as by libmosquitto since 1.5. */
        public function setMessageRetry(int $messageRetry) {}

        /**
         * At-least-once with a bound: a QoS 1/2 message whose onMessage throws is delivered at
         * most $limit times (0: no limit), then acknowledged, reported through onLog at LOG_WARNING
         * and, with $deadLetterTopic, published there as JSON (topic, payload, error, deliveries).
         * Defaults: php.ini mosquitto.delivery_limit (5) and mosquitto.dead_letter_topic.
         */
        public function setDeliveryLimit(int $limit, ?string $deadLetterTopic = null) {}

        /** ProtocolVersion::V311 (default: php.ini mosquitto.protocol_version=4) or V5, for the next connect(); V31 throws "This feature is not supported.". */
        public function setProtocolVersion(int $protocolVersion) {}

        /**
         * MQTT 5, before connect(): QoS 1/2 messages the broker may send before this client acknowledges
         * them (1 to 65535); with 1 a worker holds one task at a time (acknowledged when onMessage returns).
         * Ignored on 3.1.1.
         */
        public function setReceiveMaximum(int $maximum) {}

        /** How automatic reconnects wait: $reconnectDelay s, up to $maxReconnectDelay s, doubling when $exponentialBackoff. */
        public function setReconnectDelay(int $reconnectDelay, int $maxReconnectDelay = 0, bool $exponentialBackoff = false) {}

        /** MQTT 5, before connect(): whether the broker may send reason strings and user properties with errors. Ignored on 3.1.1. */
        public function setRequestProblemInformation(bool $request) {}

        /**
         * MQTT 5, before connect(): seconds the broker keeps the session after the connection ends
         * (0: not at all; 4294967295: never). Unset, $cleanSession = false asks for "never" (what a
         * persistent session was on 3.1.1). Ignored on 3.1.1.
         */
        public function setSessionExpiryInterval(int $seconds) {}

        /** A CA file or directory, and optionally a client certificate and key (with its password). */
        public function setTlsCertificates(?string $ca_path, ?string $cert_path = null, ?string $key_path = null, #[\SensitiveParameter] ?string $key_pw = null): int {}

        /** Skips the server hostname check only; the certificate chain is still verified. */
        public function setTlsInsecure(bool $value) {}

        /** SSL_VERIFY_NONE or SSL_VERIFY_PEER, "tlsv1.2" or "tlsv1.3", and OpenSSL cipher names. */
        public function setTlsOptions(int $verify_peer, ?string $tls_version = null, ?string $ciphers = null): int {}

        /** TLS-PSK: a hex key and the identity to present, for a broker with a psk_file (OpenSSL PSK, as libmosquitto). */
        public function setTlsPSK(#[\SensitiveParameter] ?string $psk, ?string $identity, ?string $ciphers = null): int {}

        /** MQTT 5, before connect(): topic aliases the broker may use towards this client (resolved inside). Ignored on 3.1.1. */
        public function setTopicAliasMaximum(int $maximum) {}

        /**
         * The message the broker publishes if this client vanishes without disconnect().
         * $properties (MQTT 5; on 3.1.1 connect() refuses them): will_delay_interval (int, seconds)
         * and publish()'s keys. Positional only, as publish()'s $properties.
         */
        public function setWill(string $topic, string $payload, int $qos, bool $retain, array $properties = []) {}

        /**
         * Subscribes to a topic filter (shared subscriptions: "$share/group/filter"); returns the message id.
         * $options (MQTT 5; on 3.1.1 a non-default option throws "This feature is not supported. (...)"):
         * no_local (bool), retain_as_published (bool), retain_handling (int: 0 always, 1 new subscriptions
         * only, 2 never), subscription_identifier (int 1 to 268435455, echoed in the messages'
         * properties['subscription_identifiers']). Positional only, as publish()'s $properties.
         */
        public function subscribe(string $topic, int $qos = 0, array $options = []): int {}

        /** Unsubscribes from a topic filter; returns the message id. */
        public function unsubscribe(string $topic): int {}
    }

    /** A message delivered to onMessage. Written properties are converted like PHP converts values. */
    class Message
    {
        // Declared first, where the extension registers it (Reflection's order is compared).
        /**
         * Read-only. The MQTT 5 properties of a delivered message: payload_format_indicator,
         * message_expiry_interval, content_type, response_topic, correlation_data,
         * user_properties (list of [name, value]), subscription_identifiers (list of int);
         * [] on 3.1.1. Not written by __serialize().
         */
        public $properties;
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

    /** Protocol versions for setProtocolVersion() (Mosquitto-PHP's develop branch; V5 is ours). */
    final class ProtocolVersion
    {
        public const V31 = 3;
        public const V311 = 4;
        /** MQTT 5 (ours: Mosquitto-PHP stops at V311). */
        public const V5 = 5;

        /** Not instantiable: the class only holds constants (throws Exception). */
        public function __construct() {}
    }
}

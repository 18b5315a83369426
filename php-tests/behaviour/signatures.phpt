--TEST--
behaviour: subclasses written for Mosquitto-PHP load: every method overridden with its exact signature
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';
// A subclass written for Mosquitto-PHP overrides methods with its exact
// signatures (its arginfo, read from its Reflection); each must load here.
// differs: signature-Client-subscribe (README: subscribe()'s $qos defaults to 0)

function loads(string $class, string $method): string
{
    $code = "class Legacy extends $class { $method } echo 'loads';";
    $cmd = sprintf('%s -n -d extension=%s -d display_errors=1 -r %s 2>&1', PHP_BINARY, escapeshellarg(getenv('MOSQUITTO_EXT')), escapeshellarg($code));
    return preg_replace('/ in Command line code on line \d+/', '', trim(preg_replace('/^PHP /m', '', shell_exec($cmd))));
}

foreach ([
    ['Mosquitto\\Client', '__construct', 'public function __construct(?string $id = null, bool $cleanSession = true) {}'],
    ['Mosquitto\\Client', 'onConnect', 'public function onConnect(callable $onConnect) {}'],
    ['Mosquitto\\Client', 'onDisconnect', 'public function onDisconnect(callable $onDisconnect) {}'],
    ['Mosquitto\\Client', 'onLog', 'public function onLog(callable $onLog) {}'],
    ['Mosquitto\\Client', 'onSubscribe', 'public function onSubscribe(callable $onSubscribe) {}'],
    ['Mosquitto\\Client', 'onUnsubscribe', 'public function onUnsubscribe(callable $onUnsubscribe) {}'],
    ['Mosquitto\\Client', 'onMessage', 'public function onMessage(callable $onMessage) {}'],
    ['Mosquitto\\Client', 'onPublish', 'public function onPublish(callable $onPublish) {}'],
    ['Mosquitto\\Client', 'getSocket', 'public function getSocket(): int { return 0; }'],
    ['Mosquitto\\Client', 'setTlsCertificates', 'public function setTlsCertificates(?string $ca_path, ?string $cert_path = null, ?string $key_path = null, ?string $key_pw = null): int { return 0; }'],
    ['Mosquitto\\Client', 'setTlsInsecure', 'public function setTlsInsecure(bool $value) {}'],
    ['Mosquitto\\Client', 'setTlsOptions', 'public function setTlsOptions(int $verify_peer, ?string $tls_version = null, ?string $ciphers = null): int { return 0; }'],
    ['Mosquitto\\Client', 'setTlsPSK', 'public function setTlsPSK(?string $psk, ?string $identity = null, ?string $ciphers = null): int { return 0; }'],
    ['Mosquitto\\Client', 'setCredentials', 'public function setCredentials(string $username, string $password) {}'],
    ['Mosquitto\\Client', 'setWill', 'public function setWill(string $topic, string $payload, int $qos, bool $retain) {}'],
    ['Mosquitto\\Client', 'clearWill', 'public function clearWill() {}'],
    ['Mosquitto\\Client', 'setReconnectDelay', 'public function setReconnectDelay(int $reconnectDelay, int $maxReconnectDelay = 0, bool $exponentialBackoff = false) {}'],
    ['Mosquitto\\Client', 'setMessageRetry', 'public function setMessageRetry(int $messageRetry) {}'],
    ['Mosquitto\\Client', 'connect', 'public function connect(string $host, int $port = 1883, int $keepalive = 60, ?string $interface = null): int { return 0; }'],
    ['Mosquitto\\Client', 'disconnect', 'public function disconnect() {}'],
    ['Mosquitto\\Client', 'setMaxInFlightMessages', 'public function setMaxInFlightMessages(int $max) {}'],
    ['Mosquitto\\Client', 'publish', 'public function publish(string $topic, ?string $payload, int $qos = 0, bool $retain = false): int { return 0; }'],
    ['Mosquitto\\Client', 'subscribe', 'public function subscribe(string $topic, int $qos): int { return 0; }'],
    ['Mosquitto\\Client', 'unsubscribe', 'public function unsubscribe(string $topic): int { return 0; }'],
    ['Mosquitto\\Client', 'loop', 'public function loop(int $timeout = 1000, int $maxPackets = 1) {}'],
    ['Mosquitto\\Client', 'loopForever', 'public function loopForever(int $timeout = 1000, int $maxPackets = 1) {}'],
    ['Mosquitto\\Client', 'exitLoop', 'public function exitLoop() {}'],
    ['Mosquitto\\Message', '__construct', 'public function __construct() {}'],
    ['Mosquitto\\Message', 'topicMatchesSub', 'public static function topicMatchesSub(string $topic, string $subscription): bool { return true; }'],
    ['Mosquitto\\Message', 'tokeniseTopic', 'public static function tokeniseTopic(string $topic) {}'],
] as [$class, $name, $signature]) {
    probe('signature-' . substr($class, 10) . "-$name", function () use ($class, $signature) {
        echo loads($class, $signature), "\n";
    });
}

probe('subscribe-override-with-default', function () {
    echo loads('Mosquitto\Client', 'public function subscribe(string $topic, int $qos = 0): int { return 0; }'), "\n";
});
--EXPECT--
[signature-Client-__construct] loads
[signature-Client-onConnect] loads
[signature-Client-onDisconnect] loads
[signature-Client-onLog] loads
[signature-Client-onSubscribe] loads
[signature-Client-onUnsubscribe] loads
[signature-Client-onMessage] loads
[signature-Client-onPublish] loads
[signature-Client-getSocket] loads
[signature-Client-setTlsCertificates] loads
[signature-Client-setTlsInsecure] loads
[signature-Client-setTlsOptions] loads
[signature-Client-setTlsPSK] loads
[signature-Client-setCredentials] loads
[signature-Client-setWill] loads
[signature-Client-clearWill] loads
[signature-Client-setReconnectDelay] loads
[signature-Client-setMessageRetry] loads
[signature-Client-connect] loads
[signature-Client-disconnect] loads
[signature-Client-setMaxInFlightMessages] loads
[signature-Client-publish] loads
[signature-Client-subscribe] Fatal error: Declaration of Legacy::subscribe(string $topic, int $qos): int must be compatible with Mosquitto\Client::subscribe(string $topic, int $qos = 0): int
[signature-Client-unsubscribe] loads
[signature-Client-loop] loads
[signature-Client-loopForever] loads
[signature-Client-exitLoop] loads
[signature-Message-__construct] loads
[signature-Message-topicMatchesSub] loads
[signature-Message-tokeniseTopic] loads
[subscribe-override-with-default] loads

--TEST--
behaviour: argument juggling: null to int/bool parameters, numeric strings, floats, counts, named arguments
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';
// differs: named-arguments (README: named arguments)

probe('null-cleanSession', function () {
    $c = new Mosquitto\Client('probe-null-clean', null);
    echo "constructed\n";
});

probe('null-port-keepalive', function () {
    $c = new Mosquitto\Client();
    try { $c->connect(MQTT_HOST, MQTT_PORT, null); echo "connected\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('null-publish-qos-retain', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    echo $c->publish(unique_topic('null'), 'x', null, null), "\n";
});

probe('null-loop-timeout', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->loop(null);
    $c->loop(10, null);
    echo "looped\n";
});

probe('null-setReconnectDelay', function () {
    $c = new Mosquitto\Client();
    var_dump($c->setReconnectDelay(null, null, null));
});

probe('null-required-int', function () {
    $c = new Mosquitto\Client();
    $c->setMaxInFlightMessages(null);
    $c->setMessageRetry(null);
    echo "done\n";
});

probe('null-setWill', function () {
    $c = new Mosquitto\Client();
    $c->setWill('t', 'p', null, null);
    echo "done\n";
});

probe('numeric-strings', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, (string) MQTT_PORT, '60');
    echo $c->publish(unique_topic('num'), 42, '1', 0), "\n";
});

probe('float-to-int', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    echo $c->publish(unique_topic('f'), 'x', 1.0), "\n";
    try { $c->publish(unique_topic('f'), 'x', 1.5); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('non-numeric-string-int', function () {
    $c = new Mosquitto\Client();
    try { $c->setMaxInFlightMessages('many'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('array-to-string', function () {
    $c = new Mosquitto\Client();
    try { $c->setCredentials([], 'x'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('too-few-arguments', function () {
    $c = new Mosquitto\Client();
    foreach ([fn () => $c->setWill('t', 'p'), fn () => $c->connect(), fn () => $c->publish('t'), fn () => $c->setCredentials('u')] as $call) {
        try { $call(); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    }
});

probe('too-many-arguments', function () {
    $c = new Mosquitto\Client();
    try { $c->exitLoop(1); echo "accepted\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('named-arguments', function () {
    $c = new Mosquitto\Client(cleanSession: true);
    $c->connect(host: MQTT_HOST, port: MQTT_PORT);
    echo $c->publish(topic: unique_topic('named'), payload: 'x', retain: false), "\n";
});
--EXPECT--
[null-cleanSession] Deprecated: Mosquitto\Client::__construct(): Passing null to parameter #2 ($cleanSession) of type bool is deprecated
[null-cleanSession] constructed
[null-port-keepalive] Deprecated: Mosquitto\Client::connect(): Passing null to parameter #3 ($keepalive) of type int is deprecated
[null-port-keepalive] connected
[null-publish-qos-retain] Deprecated: Mosquitto\Client::publish(): Passing null to parameter #3 ($qos) of type int is deprecated
[null-publish-qos-retain] Deprecated: Mosquitto\Client::publish(): Passing null to parameter #4 ($retain) of type bool is deprecated
[null-publish-qos-retain] 1
[null-loop-timeout] Deprecated: Mosquitto\Client::loop(): Passing null to parameter #1 ($timeout) of type int is deprecated
[null-loop-timeout] Deprecated: Mosquitto\Client::loop(): Passing null to parameter #2 ($maxPackets) of type int is deprecated
[null-loop-timeout] threw Mosquitto\Exception(0): Invalid function arguments provided.
[null-setReconnectDelay] Deprecated: Mosquitto\Client::setReconnectDelay(): Passing null to parameter #1 ($reconnectDelay) of type int is deprecated
[null-setReconnectDelay] Deprecated: Mosquitto\Client::setReconnectDelay(): Passing null to parameter #2 ($maxReconnectDelay) of type int is deprecated
[null-setReconnectDelay] Deprecated: Mosquitto\Client::setReconnectDelay(): Passing null to parameter #3 ($exponentialBackoff) of type bool is deprecated
[null-setReconnectDelay] NULL
[null-required-int] Deprecated: Mosquitto\Client::setMaxInFlightMessages(): Passing null to parameter #1 ($max) of type int is deprecated
[null-required-int] Deprecated: Mosquitto\Client::setMessageRetry(): Passing null to parameter #1 ($messageRetry) of type int is deprecated
[null-required-int] done
[null-setWill] Deprecated: Mosquitto\Client::setWill(): Passing null to parameter #3 ($qos) of type int is deprecated
[null-setWill] Deprecated: Mosquitto\Client::setWill(): Passing null to parameter #4 ($retain) of type bool is deprecated
[null-setWill] done
[numeric-strings] 1
[float-to-int] 1
[float-to-int] Deprecated: Implicit conversion from float 1.5 to int loses precision
[non-numeric-string-int] TypeError(0): Mosquitto\Client::setMaxInFlightMessages(): Argument #1 ($max) must be of type int, string given
[array-to-string] TypeError(0): Mosquitto\Client::setCredentials(): Argument #1 ($username) must be of type string, array given
[too-few-arguments] ArgumentCountError(0): Mosquitto\Client::setWill() expects at least 4 arguments, 2 given
[too-few-arguments] ArgumentCountError(0): Mosquitto\Client::connect() expects at least 1 argument, 0 given
[too-few-arguments] ArgumentCountError(0): Mosquitto\Client::publish() expects at least 2 arguments, 1 given
[too-few-arguments] ArgumentCountError(0): Mosquitto\Client::setCredentials() expects exactly 2 arguments, 1 given
[too-many-arguments] ArgumentCountError(0): Mosquitto\Client::exitLoop() expects exactly 0 arguments, 1 given
[named-arguments] 1

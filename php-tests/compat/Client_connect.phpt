--TEST--
compat Client/connect: missing and bad arguments, bad host and bind address, keepalive 0 and 10, bind to 127.0.0.1, host only
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$attempts = [
    'no arguments' => fn ($c) => $c->connect(),
    'host false' => fn ($c) => $c->connect(false),
    'garbage host' => fn ($c) => $c->connect(':^(%^*:', MQTT_PORT),
    'port 0' => fn ($c) => $c->connect(MQTT_HOST, 0),
    'object port' => fn ($c) => $c->connect(MQTT_HOST, new stdClass),
    'object keepalive' => fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, new stdClass),
    'bad bind address' => fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, 0, '^(%%^&*'),
    'keepalive 0' => fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, 0),
    'keepalive 10' => fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, 10),
    'bind 127.0.0.1' => fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, 0, '127.0.0.1'),
    'host and port only' => fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT),
];
foreach ($attempts as $case => $attempt) {
    echo "$case: ";
    try {
        $client = new Mosquitto\Client();
        var_dump($attempt($client));
    } catch (Throwable $e) {
        writeException($e);
    }
}
?>
--EXPECT--
no arguments: Caught ArgumentCountError with code 0 and message: Mosquitto\Client::connect() expects at least 1 argument, 0 given
host false: Caught Mosquitto\Exception with code 0 and message: Lookup error.
garbage host: Caught Mosquitto\Exception with code 0 and message: Lookup error.
port 0: Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.
object port: Caught TypeError with code 0 and message: Mosquitto\Client::connect(): Argument #2 ($port) must be of type int, stdClass given
object keepalive: Caught TypeError with code 0 and message: Mosquitto\Client::connect(): Argument #3 ($keepalive) must be of type int, stdClass given
bad bind address: Caught Mosquitto\Exception with code 0 and message: Lookup error.
keepalive 0: int(0)
keepalive 10: int(0)
bind 127.0.0.1: int(0)
host and port only: int(0)

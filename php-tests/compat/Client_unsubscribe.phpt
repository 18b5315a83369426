--TEST--
compat Client/unsubscribe: engine errors, "not currently connected", a wrong type; subscribe, unsubscribe, and onUnsubscribe gets mid 2
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$calls = [
    fn ($c) => $c->unsubscribe(),
    fn ($c) => $c->unsubscribe(null),
    fn ($c) => $c->unsubscribe('#'),
    fn ($c) => $c->unsubscribe(new stdClass),
];
foreach ($calls as $call) {
    try {
        $call(new Mosquitto\Client());
    } catch (Throwable $e) {
        writeException($e);
    }
}
$client = new Mosquitto\Client();
$client->onConnect(function () use ($client) { $client->subscribe('#', 0); });
$client->onSubscribe(function () use ($client) { $client->unsubscribe('#'); });
$client->onUnsubscribe(function () use ($client) {
    var_dump(func_get_args());
    $client->disconnect();
});
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
?>
--EXPECT--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::unsubscribe() expects exactly 1 argument, 0 given
Caught error 8192 (Mosquitto\Client::unsubscribe(): Passing null to parameter #1 ($topic) of type string is deprecated)
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught TypeError with code 0 and message: Mosquitto\Client::unsubscribe(): Argument #1 ($topic) must be of type string, stdClass given
array(1) {
  [0]=>
  int(2)
}

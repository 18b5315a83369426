--TEST--
compat Client/subscribe: engine errors, "not currently connected" (qos defaults to 0 here), wrong types; subscribe from onConnect gets its SUBACK
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$calls = [
    fn ($c) => $c->subscribe(),
    fn ($c) => $c->subscribe(null),
    fn ($c) => $c->subscribe('#'),
    fn ($c) => $c->subscribe('#', 0),
    fn ($c) => $c->subscribe(new stdClass, 0),
    fn ($c) => $c->subscribe('#', new stdClass),
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
$client->onSubscribe(function () use ($client) {
    var_dump(func_get_args());
    $client->disconnect();
});
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
?>
--EXPECTF--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::subscribe() expects at least 1 argument, 0 given
Caught error 8192 (Mosquitto\Client::subscribe(): Passing null to parameter #1 ($topic) of type string is deprecated)
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught TypeError with code 0 and message: Mosquitto\Client::subscribe(): Argument #1 ($topic) must be of type string, stdClass given
Caught TypeError with code 0 and message: Mosquitto\Client::subscribe(): Argument #2 ($qos) must be of type int, stdClass given
array(3) {
  [0]=>
  int(%d)
  [1]=>
  int(1)
  [2]=>
  int(0)
}

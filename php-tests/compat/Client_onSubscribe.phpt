--TEST--
compat Client/onSubscribe: TypeError for a non-callable; the callback gets (mid 1, 1 filter, granted QoS 0)
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->onSubscribe('foo');
} catch (TypeError $e) {
    writeException($e);
}
$client = new Mosquitto\Client();
$client->onSubscribe(function () use ($client) {
    var_dump(func_get_args());
    $client->disconnect();
});
$client->onConnect(function () use ($client) { $client->subscribe('#', 0); });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
?>
--EXPECT--
Caught TypeError with code 0 and message: Mosquitto\Client::onSubscribe(): Argument #1 ($onSubscribe) must be a valid callback or null, function "foo" not found or invalid function name
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(1)
  [2]=>
  int(0)
}

--TEST--
compat Client/onUnsubscribe: TypeError for a non-callable; subscribe then unsubscribe, onSubscribe's arguments, onUnsubscribe's mid
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->onUnsubscribe('foo');
} catch (TypeError $e) {
    writeException($e);
}
$client = new Mosquitto\Client();
$client->onUnsubscribe(function () use ($client) {
    var_dump(func_get_args());
    $client->disconnect();
});
$client->onConnect(function () use ($client) { $client->subscribe('#', 0); });
$client->onSubscribe(function () use ($client) {
    var_dump(func_get_args());
    $client->unsubscribe('#');
});
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
?>
--EXPECT--
Caught TypeError with code 0 and message: Mosquitto\Client::onUnsubscribe(): Argument #1 ($onUnsubscribe) must be a valid callback or null, function "foo" not found or invalid function name
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(1)
  [2]=>
  int(0)
}
array(1) {
  [0]=>
  int(2)
}

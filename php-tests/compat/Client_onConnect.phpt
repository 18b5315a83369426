--TEST--
compat Client/onConnect: a non-callable is a TypeError; the callback gets (0, "Connection Accepted.")
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->onConnect('foo');
} catch (TypeError $e) {
    writeException($e);
}
$client = new Mosquitto\Client();
$client->onConnect(function () { var_dump(func_get_args()); });
$client->connect(MQTT_HOST, MQTT_PORT);
for ($i = 0; $i < 2; $i++) {
    $client->loop(50);
}
?>
--EXPECT--
Caught TypeError with code 0 and message: Mosquitto\Client::onConnect(): Argument #1 ($onConnect) must be a valid callback or null, function "foo" not found or invalid function name
array(2) {
  [0]=>
  int(0)
  [1]=>
  string(20) "Connection Accepted."
}

--TEST--
compat Client/onMessage: TypeError for a non-callable; two clients, a QoS 1 message arrives as a Mosquitto\Message with 5 properties
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->onMessage('foo');
} catch (TypeError $e) {
    writeException($e);
}
$topic = unique_topic('onmessage');
$client = new Mosquitto\Client();
var_dump($client);
$done = false;
$client->onMessage(function ($m) use (&$done) { var_dump($m); $done = true; });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->subscribe("$topic/#", 1);
$client2 = new Mosquitto\Client();
$client2->connect(MQTT_HOST, MQTT_PORT);
$client->loop(100);
$client2->publish("$topic/test", 'test', 1);
for ($i = 0; $i < 30 && !$done; $i++) {
    $client->loop(100);
    $client2->loop(0);
}
?>
--EXPECTF--
Caught TypeError with code 0 and message: Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, function "foo" not found or invalid function name
object(Mosquitto\Client)#%d (0) {
}
object(Mosquitto\Message)#%d (5) {
  ["mid"]=>
  int(%d)
  ["topic"]=>
  string(%d) "test/onmessage/%s/test"
  ["payload"]=>
  string(4) "test"
  ["qos"]=>
  int(1)
  ["retain"]=>
  bool(false)
}

--TEST--
compat Client/onLog: TypeError for a non-callable; DEBUG lines for CONNECT, CONNACK and (from the destructor) DISCONNECT
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
function logger() { var_dump(func_get_args()); }
try {
    (new Mosquitto\Client())->onLog('foo');
} catch (TypeError $e) {
    writeException($e);
}
$client = new Mosquitto\Client('log-test');
$client->onLog('logger');
var_dump($client);
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loop(50);
$client->loop(50);
?>
--EXPECTF--
Caught TypeError with code 0 and message: Mosquitto\Client::onLog(): Argument #1 ($onLog) must be a valid callback or null, function "foo" not found or invalid function name
object(Mosquitto\Client)#%d (0) {
}
array(2) {
  [0]=>
  int(16)
  [1]=>
  string(%d) "Client %s sending CONNECT"
}
array(2) {
  [0]=>
  int(16)
  [1]=>
  string(%d) "Client %s received CONNACK%S"
}
array(2) {
  [0]=>
  int(16)
  [1]=>
  string(%d) "Client %s sending DISCONNECT"
}

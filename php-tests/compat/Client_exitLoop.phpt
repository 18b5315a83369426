--TEST--
compat Client/exitLoop: a no-op outside loopForever; from onConnect it ends loopForever
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$client->exitLoop();
$client->onConnect(function () use ($client) { $client->exitLoop(); });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
echo "Made it\n";
?>
--EXPECT--
Made it

--TEST--
mosquitto.auto_reconnect=0: Mosquitto-PHP's behaviour exactly; loop() throws "The connection was lost.", then "not currently connected"
--EXTENSIONS--
mosquitto
posix
--INI--
mosquitto.auto_reconnect=0
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$broker = new PrivateBroker();
$client = new Mosquitto\Client();
$client->onDisconnect(function (int $rc) { echo "onDisconnect($rc)\n"; });
$client->connect('127.0.0.1', $broker->port);
$client->loop(0);
$broker->kill();
for ($i = 0; $i < 3; $i++) {
    try {
        for ($n = 0; $n < 200; $n++) {
            $client->loop(50);
        }
        echo "no exception\n";
    } catch (Mosquitto\Exception $e) {
        echo $e->getMessage(), "\n";
    }
}
// Scripts written for Mosquitto-PHP reconnect by calling connect() again.
$broker->restart();
var_dump($client->connect('127.0.0.1', $broker->port));
?>
--EXPECT--
onDisconnect(7)
The connection was lost.
The client is not currently connected.
The client is not currently connected.
int(0)
onDisconnect(0)

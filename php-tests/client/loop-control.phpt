--TEST--
loopForever() ends on exitLoop() from a callback and on disconnect(); disconnect() fires onDisconnect(0)
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$client = new Mosquitto\Client();
$client->onConnect(function (int $rc) use ($client) {
    echo "onConnect($rc): exitLoop()\n";
    $client->exitLoop();
});
$client->onDisconnect(function (int $rc) { echo "onDisconnect($rc)\n"; });
echo "exitLoop() outside any loop is a no-op\n";
$client->exitLoop();
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
echo "loopForever returned after exitLoop\n";

$topic = unique_topic('loop');
$client->onMessage(function (Mosquitto\Message $m) use ($client) {
    echo "message {$m->payload}: disconnect()\n";
    $client->disconnect();
    echo "disconnect() returned\n";
});
$client->subscribe($topic, 1);
$client->publish($topic, 'stop', 1);
$client->loopForever(100);
echo "loopForever returned after disconnect\n";

foreach (['loop' => fn () => $client->loop(), 'loopForever' => fn () => $client->loopForever(), 'disconnect' => fn () => $client->disconnect(), 'publish' => fn () => $client->publish('t', 'p')] as $what => $call) {
    try {
        $call();
    } catch (Mosquitto\Exception $e) {
        echo "$what after disconnect: ", $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
exitLoop() outside any loop is a no-op
onConnect(0): exitLoop()
loopForever returned after exitLoop
message stop: disconnect()
disconnect() returned
onDisconnect(0)
loopForever returned after disconnect
loop after disconnect: The client is not currently connected.
loopForever after disconnect: The client is not currently connected.
disconnect after disconnect: The client is not currently connected.
publish after disconnect: The client is not currently connected.

--TEST--
compat Client/disconnect: throws when not connected; disconnect from onConnect fires onDisconnect inside loopForever
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    var_dump((new Mosquitto\Client())->disconnect());
} catch (Mosquitto\Exception $e) {
    var_dump($e->getMessage());
}
$client = new Mosquitto\Client();
$client->onConnect(function () use ($client) {
    echo "Connected\n";
    $client->disconnect();
});
$client->onDisconnect(function () { echo "Disconnected\n"; });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever();
echo "loopForever returned\n";
?>
--EXPECT--
string(38) "The client is not currently connected."
Connected
Disconnected
loopForever returned

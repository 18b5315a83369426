--TEST--
compat Client/onDisconnect: TypeError for a non-callable; fires on disconnect() from onConnect, and when the client is destroyed
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->onDisconnect('foo');
} catch (TypeError $e) {
    writeException($e);
}
$client = new Mosquitto\Client();
$client->onConnect(function () use ($client) {
    echo "Triggering disconnect\n";
    $client->disconnect();
});
$client->onDisconnect(function () { echo "Disconnected\n"; });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loopForever(50);
unset($client);

echo "destroying a connected client:\n";
$client = new Mosquitto\Client();
$client->onDisconnect(function (int $rc) { echo "Disconnected ($rc)\n"; });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->loop(50);
unset($client);
echo "done\n";
?>
--EXPECT--
Caught TypeError with code 0 and message: Mosquitto\Client::onDisconnect(): Argument #1 ($onDisconnect) must be a valid callback or null, function "foo" not found or invalid function name
Triggering disconnect
Disconnected
destroying a connected client:
Disconnected (0)
done

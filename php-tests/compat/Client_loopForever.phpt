--TEST--
compat Client/loopForever: throws when not connected; loopForever(), (0) and (100) end with exitLoop from onConnect
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->loopForever();
} catch (Mosquitto\Exception $e) {
    var_dump($e->getMessage());
}
foreach ([[], [0], [100]] as $args) {
    $client = new Mosquitto\Client();
    $client->onConnect(function () use ($client) {
        echo "Exiting loop\n";
        $client->exitLoop();
    });
    $client->connect(MQTT_HOST, MQTT_PORT);
    $client->loopForever(...$args);
    unset($client);
}
?>
--EXPECT--
string(38) "The client is not currently connected."
Exiting loop
Exiting loop
Exiting loop

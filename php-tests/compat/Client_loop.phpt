--TEST--
compat Client/loop: throws when not connected; loop(), loop(0) and loop(100) after connect
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
try {
    (new Mosquitto\Client())->loop();
} catch (Mosquitto\Exception $e) {
    var_dump($e->getMessage());
}
foreach ([[], [0], [100]] as $args) {
    $client = new Mosquitto\Client();
    $client->connect(MQTT_HOST, MQTT_PORT);
    for ($i = 0; $i < 3; $i++) {
        echo "Looping\n";
        $client->loop(...$args);
    }
    unset($client);
}
?>
--EXPECT--
string(38) "The client is not currently connected."
Looping
Looping
Looping
Looping
Looping
Looping
Looping
Looping
Looping

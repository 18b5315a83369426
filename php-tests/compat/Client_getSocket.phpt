--TEST--
compat Client/getSocket: -1 before connect, a descriptor after; it becomes readable when loop() has work
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
var_dump($client->getSocket());
$client->connect(MQTT_HOST, MQTT_PORT);
$fd = $client->getSocket();
var_dump($fd > 0);
// Our difference: the descriptor says when loop() has something to dispatch.
$stream = fopen("php://fd/$fd", 'r');
$ready = function () use ($stream) {
    $read = [$stream];
    $none = null;
    return stream_select($read, $none, $none, 2) === 1;
};
echo "readable with the CONNACK waiting: ", var_export($ready(), true), "\n";
$client->loop(0);
$read = [$stream];
$none = null;
echo "readable after loop(): ", var_export(stream_select($read, $none, $none, 0, 200000) === 1, true), "\n";
$client->subscribe(unique_topic('socket'), 0);
echo "readable once the SUBACK is in: ", var_export($ready(), true), "\n";
?>
--EXPECT--
int(-1)
bool(true)
readable with the CONNACK waiting: true
readable after loop(): false
readable once the SUBACK is in: true

<?php
// (j) 5,000 QoS 2 publishes at once to a mosquitto with max_queued_messages 0
// (the harness's setting, which makes mosquitto refuse in-flight messages
// above its quota): all complete, no disconnect (before: 0 to 4,865 of 5,000
// in 20 s with 17 to 21 disconnects, with an in-flight window of 100).
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$client = new Mosquitto\Client('chaos-qos2');
$completed = 0;
$disconnects = 0;
$client->onPublish(function () use (&$completed) { $completed++; });
$client->onDisconnect(function () use (&$disconnects) { $disconnects++; });
$client->connect('127.0.0.1', $broker->port);
$started = microtime(true);
for ($i = 0; $i < 5000; $i++) {
    $client->publish('chaos/qos2', "task $i", 2);
}
while ($completed < 5000 && microtime(true) < $started + 30) {
    $client->loop(50);
}
$elapsed = microtime(true) - $started;
chaos_row('j. 5,000 QoS 2 publishes to a broker with max_queued_messages 0', $completed === 5000 && $disconnects === 0,
    sprintf('%d/5000 complete in %.2f s, %d disconnects', $completed, $elapsed, $disconnects));

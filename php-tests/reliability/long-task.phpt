--TEST--
Long tasks: a callback running for 3 x keepalive keeps the connection, and what it publishes afterwards is delivered
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('long');
$worker = new Mosquitto\Client();
$worker->onDisconnect(function (int $rc) { echo "onDisconnect($rc)\n"; });
$worker->connect(MQTT_HOST, MQTT_PORT, 5);   // keepalive 5 s, the smallest allowed
$worker->subscribe("$topic/task", 1);
$worker->onMessage(function (Mosquitto\Message $m) use ($worker, $topic) {
    $started = microtime(true);
    sleep(16);   // PHP busy for more than 3 x keepalive, never calling loop()
    $worker->publish("$topic/done", sprintf('done after %d s', microtime(true) - $started), 1);
});
$collector = connected_client();
$collector->subscribe("$topic/done", 1);
$done = new ArrayObject();
$collector->onMessage(function (Mosquitto\Message $m) use ($done) { $done[] = $m->payload; });
$collector->loop(100);
$worker->loop(100);

$collector->publish("$topic/task", 'slow', 1);
loop_until($worker, fn () => true);          // runs the 16 s callback
$worker->loop(100);
loop_until($collector, fn () => count($done) === 1, 10);
echo $done[0], "\n";
echo "still connected, so the destructor disconnects:\n";
?>
--EXPECT--
done after 16 s
still connected, so the destructor disconnects:
onDisconnect(0)

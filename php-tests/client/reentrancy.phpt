--TEST--
A callback may call back into its client: onMessage publishes the completion notice, as the seed worker does
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$queue = unique_topic('queue');
$complete = unique_topic('complete');
$worker = connected_client();
$worker->subscribe($queue, 1);
$worker->onMessage(function (Mosquitto\Message $m) use ($worker, $complete) {
    $task = json_decode($m->payload);
    $worker->publish($complete, $task->id, 1);
    // Even replacing the running callback is allowed.
    $worker->onMessage(function (Mosquitto\Message $m) use ($worker, $complete) {
        $worker->publish($complete, json_decode($m->payload)->id * 10, 1);
    });
});
$done = new ArrayObject();
$collector = connected_client();
$collector->subscribe($complete, 1);
$collector->onMessage(function (Mosquitto\Message $m) use ($done) { $done[] = $m->payload; });
$collector->loop(100);
$worker->loop(100);

$producer = connected_client();
$producer->publish($queue, json_encode(['id' => 7]), 1);
$producer->publish($queue, json_encode(['id' => 8]), 1);
$deadline = microtime(true) + 10;
while (count($done) < 2 && microtime(true) < $deadline) {
    $worker->loop(20);
    $collector->loop(20);
}
echo implode(', ', $done->getArrayCopy()), "\n";
?>
--EXPECT--
7, 80

--TEST--
An exception thrown in onMessage propagates out of loop(); the unacknowledged QoS 1 message is delivered again
--EXTENSIONS--
mosquitto
--DESCRIPTION--
A worker with a fixed id and cleanSession=false throws while processing a task.
loop() rethrows the exception as it is and the rest of the batch is kept. The
task was not acknowledged: a script that catches the exception and loops on
gets it again at once; a worker that dies instead leaves it to the broker,
which gives it to the next client with the same id.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('redeliver');
$id = 'worker-' . getmypid();

$worker = connected_client($id, false);
$worker->subscribe($topic, 1);
$seen = new ArrayObject();
$worker->onMessage(function (Mosquitto\Message $m) use ($seen) {
    $seen[] = $m->payload;
    if ($m->payload === 'task 1' && count($seen) === 1) {
        throw new DomainException("cannot process {$m->payload} the first time");
    }
});
$subscribed = false;
$worker->onSubscribe(function () use (&$subscribed) { $subscribed = true; });
loop_until($worker, function () use (&$subscribed) { return $subscribed; });

$producer = connected_client();
foreach (['task 1', 'task 2', 'task 3'] as $task) {
    $producer->publish($topic, $task, 1);
}
try {
    loop_until($worker, fn () => count($seen) >= 3);
    echo "no exception?!\n";
} catch (DomainException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
echo "seen before the exception: ", implode(', ', $seen->getArrayCopy()), "\n";
// The rest of the batch was kept for the next loop().
loop_until($worker, fn () => count($seen) >= 4);
echo "seen after looping on: ", implode(', ', $seen->getArrayCopy()), "\n";
$worker->loop(100);

// Now a worker that throws and dies without acknowledging: its replacement gets the task.
$worker->onMessage(function (Mosquitto\Message $m) { throw new LogicException("crash on {$m->payload}"); });
$producer->publish($topic, 'task 4', 1);
try {
    loop_until($worker, fn () => false);
} catch (LogicException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
unset($worker);
$replacement = new Mosquitto\Client($id, false);
$again = new ArrayObject();
$replacement->onMessage(function (Mosquitto\Message $m) use ($again) { $again[] = "$m->payload (qos $m->qos)"; });
$replacement->connect(MQTT_HOST, MQTT_PORT);
loop_until($replacement, fn () => count($again) >= 1);
echo "redelivered: ", implode(', ', $again->getArrayCopy()), "\n";
// Acknowledged now: a third client with the id gets nothing more.
$replacement->loop(100);
$replacement->disconnect();
$third = new Mosquitto\Client($id, false);
$third->onMessage(function (Mosquitto\Message $m) { echo "unexpected: $m->payload\n"; });
$third->connect(MQTT_HOST, MQTT_PORT);
for ($i = 0; $i < 5; $i++) {
    $third->loop(100);
}
echo "nothing left\n";
?>
--EXPECT--
DomainException: cannot process task 1 the first time
seen before the exception: task 1
seen after looping on: task 1, task 1, task 2, task 3
LogicException: crash on task 4
redelivered: task 4 (qos 1)
nothing left

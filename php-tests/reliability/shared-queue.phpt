--TEST--
Workers share a queue ($share/workers/...): tasks are split, and killing a worker mid-stream loses no task
--EXTENSIONS--
mosquitto
pcntl
--DESCRIPTION--
mosquitto keeps the tasks it had handed to a dead member of a shared
subscription (in flight or queued) in that member's persistent session; they
are not given to the others. A replacement started with the same client id
(as a supervisor does) receives them, so every task completes.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$queue = unique_topic('queue');
$complete = unique_topic('complete');
$tasks = 300;
$start = function (string $id) use ($queue, $complete) {
    $cmd = [PHP_BINARY, '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/../fixtures/queue-worker.php', MQTT_HOST, MQTT_PORT, $queue, $complete, $id];
    $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    if (trim(fgets($pipes[1])) !== 'ready') {
        throw new RuntimeException("worker $id did not start");
    }
    return [$process, $pipes];
};
$prefix = 'shared-' . getmypid();
$workers = [];
foreach (['a', 'b', 'c'] as $name) {
    $workers[$name] = $start("$prefix-$name");
}

$collector = connected_client();
$collector->subscribe($complete, 1);
$done = [];
$by = [];
$collector->onMessage(function (Mosquitto\Message $m) use (&$done, &$by) {
    [$id, $worker] = explode(' ', $m->payload);
    $done[$id] = ($done[$id] ?? 0) + 1;
    $by[$worker] = ($by[$worker] ?? 0) + 1;
});
$collector->loop(100);
$producer = connected_client();
for ($i = 1; $i <= $tasks; $i++) {
    $producer->publish($queue, json_encode(['id' => $i]), 1);
}
$producer->loop(100);

// Kill worker b with SIGKILL mid-stream, then start its replacement.
loop_until($collector, function () use (&$done) { return count($done) >= 60; });
proc_terminate($workers['b'][0], SIGKILL);
proc_close($workers['b'][0]);
echo "worker b killed after ", count($done) >= 60 ? 'at least 60' : 'too few', " tasks\n";
usleep(300000);
$workers['b'] = $start("$prefix-b");

loop_until($collector, function () use (&$done, $tasks) { return count($done) >= $tasks; }, 30);
$missing = $tasks - count(array_intersect_key($done, array_flip(range(1, $tasks))));
echo "completed: ", count($done), " of $tasks, missing $missing\n";
echo "every worker took part: ", count($by) === 3 && min($by) > 0 ? 'yes' : json_encode($by), "\n";
foreach ($workers as [$process]) {
    proc_terminate($process);
    proc_close($process);
}
?>
--EXPECT--
worker b killed after at least 60 tasks
completed: 300 of 300, missing 0
every worker took part: yes

--TEST--
A worker SIGKILLed mid-task (cleanSession=false): the task completes once the worker is restarted with its id
--EXTENSIONS--
mosquitto
pcntl
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$queue = unique_topic('killed-queue');
$complete = unique_topic('killed-complete');
$id = 'killed-worker-' . getmypid();
$start = function () use ($queue, $complete, $id) {
    $cmd = [PHP_BINARY, '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/../fixtures/queue-worker.php', MQTT_HOST, MQTT_PORT, $queue, $complete, $id];
    $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    return [$process, $pipes[1], trim(fgets($pipes[1]))];
};
[$worker, $out, $ready] = $start();
echo "worker: $ready\n";
$collector = connected_client();
$collector->subscribe($complete, 1);
$done = new ArrayObject();
$collector->onMessage(function (Mosquitto\Message $m) use ($done) { $done[] = $m->payload; });
$collector->loop(100);
$collector->publish($queue, json_encode(['id' => 42, 'work_ms' => 3000]), 1);
echo "worker: ", trim(fgets($out)), "\n";
proc_terminate($worker, SIGKILL);
proc_close($worker);
echo "worker killed mid-task\n";
$collector->loop(500);
echo "completions so far: ", count($done), "\n";

[$worker, $out, $first] = $start();
// The broker hands the unacknowledged task over as soon as the session is
// back, which may be before the SUBACK that makes the worker say "ready".
$lines = [$first, trim(fgets($out))];
sort($lines);
echo "restarted worker: ", implode(', ', $lines), "\n";
loop_until($collector, fn () => count($done) >= 1, 15);
echo "completed: ", explode(' ', $done[0])[0], "\n";
proc_terminate($worker);
proc_close($worker);
?>
--EXPECT--
worker: ready
worker: task 42 started
worker killed mid-task
completions so far: 0
restarted worker: ready, task 42 started
completed: 42

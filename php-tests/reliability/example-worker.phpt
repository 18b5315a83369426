--TEST--
examples/worker.php, the guide's worker: shares the queue, completes tasks, reports its status, leaves cleanly on SIGTERM
--EXTENSIONS--
mosquitto
pcntl
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
$broker = new PrivateBroker();
$env = ['WORKER_ID' => 'guide-' . getmypid(), 'MQTT_HOST' => '127.0.0.1', 'MQTT_PORT' => (string) $broker->port];
$cmd = [PHP_BINARY, '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/../../examples/worker.php'];
$worker = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);

$watch = new Mosquitto\Client();
$status = [];
$done = [];
$watch->onMessage(function (Mosquitto\Message $m) use (&$status, &$done) {
    if ($m->topic === 'task-complete') {
        $done[] = $m->payload;
    } else {
        $status[] = $m->payload;
    }
});
$watch->connect('127.0.0.1', $broker->port);
$watch->subscribe('workers/#', 1);
$watch->subscribe('task-complete', 1);
loop_until($watch, function () use (&$status) { return in_array('up', $status, true); });
foreach ([1, 2, 3] as $id) {
    $watch->publish('task-queue', json_encode(['id' => $id, 'type' => 'send-email']), 1);
}
loop_until($watch, function () use (&$done) { return count($done) === 3; });
sort($done);
echo "completed: ", implode(', ', $done), "\n";
proc_terminate($worker, SIGTERM);
$stderr = stream_get_contents($pipes[2]);
echo "exit status: ", proc_close($worker), "\n";
loop_until($watch, function () use (&$status) { return end($status) === 'down'; });
echo "status: ", implode(' -> ', $status), "\n";
echo str_contains($stderr, 'finishing the current task') ? "said goodbye\n" : $stderr;
?>
--EXPECT--
completed: 1, 2, 3
exit status: 0
status: up -> down
said goodbye

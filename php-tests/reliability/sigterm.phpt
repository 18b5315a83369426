--TEST--
SIGTERM during a task: the task finishes and is acknowledged, loopForever() returns within 200 ms, disconnect() is clean (no will)
--EXTENSIONS--
mosquitto
pcntl
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('sigterm');
$id = 'signal-worker-' . getmypid();
$observer = connected_client();
$observer->subscribe("$topic/will", 1);
$wills = new ArrayObject();
$observer->onMessage(function (Mosquitto\Message $m) use ($wills) { $wills[] = $m->payload; });

$cmd = [PHP_BINARY, '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/../fixtures/signal-worker.php', MQTT_HOST, MQTT_PORT, $topic, $id];
$worker = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$lines = [];
$readLine = function () use (&$pipes, &$lines) {
    $line = fgets($pipes[1]);
    if ($line !== false) {
        $lines[] = rtrim($line);
    }
    return $line;
};
while (($line = $readLine()) !== false && rtrim($line) !== 'ready');
$observer->loop(100);
$observer->publish("$topic/tasks", 'T1', 1);
while (($line = $readLine()) !== false && !str_starts_with($line, 'task T1 started'));
usleep(100000);
proc_terminate($worker, SIGTERM);
while ($readLine() !== false);
$status = proc_close($worker);

$times = [];
foreach ($lines as $line) {
    if (preg_match('/^(task T1 finished|loopForever returned) at ([\d.]+)$/', $line, $m)) {
        $times[$m[1]] = (float) $m[2];
    } elseif (!str_starts_with($line, 'signal')) {
        echo $line, "\n";
    }
}
$gap = ($times['loopForever returned'] ?? 99) - ($times['task T1 finished'] ?? 0);
echo "loopForever returned within 200 ms of the task: ", $gap >= 0 && $gap < 0.2 ? 'yes' : "no ({$gap} s)", "\n";
echo "exit status $status\n";

// Acknowledged: the same id reconnecting gets nothing again. And no will.
$again = new Mosquitto\Client($id, false);
$again->onMessage(function (Mosquitto\Message $m) { echo "redelivered?! {$m->payload}\n"; });
$again->connect(MQTT_HOST, MQTT_PORT);
for ($i = 0; $i < 5; $i++) {
    $again->loop(100);
    $observer->loop(20);
}
echo "wills published: ", count($wills), "\n";
?>
--EXPECT--
ready
task T1 started
disconnected
loopForever returned within 200 ms of the task: yes
exit status 0
wills published: 0

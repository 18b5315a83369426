--TEST--
A slow worker under a QoS 0 flood stays small: received messages wait in a bounded buffer and the rest stays in the broker (TCP back-pressure); keepalive holds while reading is paused
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('flood');
// The producer: 1 KiB QoS 0 messages as fast as it can, for 10 s.
$producer = <<<'PHP'
$c = new Mosquitto\Client();
$c->connect($argv[1], (int) $argv[2]);
$payload = str_repeat('x', 1024);
$end = microtime(true) + 10;
$n = 0;
while (microtime(true) < $end) {
    for ($i = 0; $i < 100; $i++) { $c->publish($argv[3], $payload, 0); }
    $n += 100;
    $c->loop(0);
}
$c->disconnect();
echo $n;
PHP;

$worker = new Mosquitto\Client('flooded-' . getmypid());
$disconnects = 0;
$worker->onDisconnect(function () use (&$disconnects) { $disconnects++; });
$subscribed = false;
$worker->onSubscribe(function () use (&$subscribed) { $subscribed = true; });
// keepalive 5 s: the flood outlasts two keepalive intervals.
$worker->connect(MQTT_HOST, MQTT_PORT, 5);
$worker->subscribe($topic, 0);
loop_until($worker, function () use (&$subscribed) { return $subscribed; });
$received = 0;
$worker->onMessage(function () use (&$received) { $received++; usleep(2000); });

$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('MOSQUITTO_EXT'), '-r', $producer, MQTT_HOST, MQTT_PORT, $topic];
$process = proc_open($cmd, [1 => ['pipe', 'w']], $pipes);
stream_set_blocking($pipes[1], false);
$sent = '';
$end = microtime(true) + 12;
while (microtime(true) < $end) {
    $worker->loop(10);
    $sent .= stream_get_contents($pipes[1]);
}
proc_close($process);
preg_match('/VmHWM:\s+(\d+) kB/', file_get_contents('/proc/self/status'), $m);
$peakMb = $m[1] / 1024;
echo "producer sent more than 100,000: ", var_export((int) $sent > 100000, true), "\n";
echo "worker processed (2 ms each) between 3,000 and 6,500: ", var_export($received >= 3000 && $received <= 6500, true), "\n";
echo "peak RSS under 100 MB: ", var_export($peakMb < 100, true), $peakMb < 100 ? '' : " ($peakMb MB)", "\n";
echo "disconnects: $disconnects\n";
?>
--EXPECT--
producer sent more than 100,000: true
worker processed (2 ms each) between 3,000 and 6,500: true
peak RSS under 100 MB: true
disconnects: 0

<?php
// (a) A worker that takes 2 ms a message under a 10 s QoS 0 flood of 1 KB
// messages: what it has not read stays in the broker (bounded buffer, TCP
// back-pressure), so its peak RSS stays under 100 MB (1.8 GB before).
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$topic = 'chaos/flood';
$producer = <<<'PHP'
$c = new Mosquitto\Client();
$c->connect('127.0.0.1', (int) $argv[1]);
$payload = str_repeat('x', 1024);
$end = microtime(true) + 10;
$n = 0;
while (microtime(true) < $end) {
    for ($i = 0; $i < 100; $i++) { $c->publish($argv[2], $payload, 0); }
    $n += 100;
    $c->loop(0);
}
$c->disconnect();
echo $n;
PHP;

$worker = new Mosquitto\Client('chaos-flooded');
$disconnects = 0;
$worker->onDisconnect(function () use (&$disconnects) { $disconnects++; });
$subscribed = false;
$worker->onSubscribe(function () use (&$subscribed) { $subscribed = true; });
$worker->connect('127.0.0.1', $broker->port, 5);   // keepalive 5 s: the flood outlasts two intervals
$worker->subscribe($topic, 0);
loop_until($worker, function () use (&$subscribed) { return $subscribed; });
$received = 0;
$worker->onMessage(function () use (&$received) { $received++; usleep(2000); });

$process = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('MOSQUITTO_EXT'), '-r', $producer, $broker->port, $topic],
    [1 => ['pipe', 'w']], $pipes);
stream_set_blocking($pipes[1], false);
$sent = '';
$end = microtime(true) + 12;
while (microtime(true) < $end) {
    $worker->loop(10);
    $sent .= stream_get_contents($pipes[1]);
}
// The producer may still be finishing its disconnect: read its count to the end.
stream_set_blocking($pipes[1], true);
$sent .= stream_get_contents($pipes[1]);
proc_close($process);
$peak = peak_rss_mb(getmypid());
chaos_row('a. slow consumer (2 ms/msg) under a 10 s QoS 0 flood of 1 KB', $peak < 100 && $disconnects === 0 && (int) $sent > 50000,
    sprintf('peak RSS %.1f MB (< 100); %s sent, %s processed, %d disconnects', $peak, number_format((int) $sent), number_format($received), $disconnects));

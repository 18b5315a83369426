--TEST--
A script that publishes and ends (a web request, a cron job) loses nothing: the end of the script and disconnect() wait, bounded, for queued publishes to be written and QoS 1/2 to be acknowledged
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('script-end');
$subscriber = connected_client();
$subscribed = false;
$subscriber->onSubscribe(function () use (&$subscribed) { $subscribed = true; });
$subscriber->subscribe("$topic/#", 2);
loop_until($subscriber, function () use (&$subscribed) { return $subscribed; });
$counts = [];
$subscriber->onMessage(function (Mosquitto\Message $m) use (&$counts) {
    [$case] = explode(' ', $m->payload);
    $counts[$case] = ($counts[$case] ?? 0) + 1;
});

// Each producer publishes 500 messages and ends: by falling off the end of
// the script, by disconnect(), or by exit() from a function.
$producer = <<<'PHP'
$c = new Mosquitto\Client();
$c->connect($argv[1], (int) $argv[2]);
[$case, $qos] = [$argv[4], (int) $argv[5]];
for ($i = 0; $i < 500; $i++) {
    $c->publish("$argv[3]/$case", "$case $i", $qos);
}
if ($argv[6] === 'disconnect') { $c->disconnect(); }
if ($argv[6] === 'exit') { (function () { exit(0); })(); }
PHP;
$cases = [['end-q0', 0, 'end'], ['end-q1', 1, 'end'], ['end-q2', 2, 'end'], ['disconnect-q1', 1, 'disconnect'], ['exit-q1', 1, 'exit']];
foreach ($cases as [$case, $qos, $how]) {
    $started = microtime(true);
    $cmd = [PHP_BINARY, '-d', 'extension=' . getenv('MOSQUITTO_EXT'), '-r', $producer, MQTT_HOST, MQTT_PORT, $topic, $case, $qos, $how];
    $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    $status = proc_close($process);
    $took = microtime(true) - $started;
    echo "$case: exit $status", $out === '' ? '' : " output: $out", $took < 5 ? ", quick" : ", took {$took}s", "\n";
}
$deadline = microtime(true) + 10;
while (array_sum($counts) < 2500 && microtime(true) < $deadline) {
    $subscriber->loop(50);
}
ksort($counts);
foreach ($counts as $case => $n) {
    echo "$case: $n of 500 arrived\n";
}
?>
--EXPECT--
end-q0: exit 0, quick
end-q1: exit 0, quick
end-q2: exit 0, quick
disconnect-q1: exit 0, quick
exit-q1: exit 0, quick
disconnect-q1: 500 of 500 arrived
end-q0: 500 of 500 arrived
end-q1: 500 of 500 arrived
end-q2: 500 of 500 arrived
exit-q1: 500 of 500 arrived

--TEST--
Two workers started with the same client id take turns being dropped by the broker: each backs off as after any failed connection (at most 7 connections in 20 s with setReconnectDelay(1, 16, true)) and onLog says why
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$id = 'twin-' . getmypid();
$clients = [];
$connects = [0, 0];
$logged = [];
foreach ([0, 1] as $n) {
    $client = new Mosquitto\Client($id);
    $client->setReconnectDelay(1, 16, true);
    $client->onConnect(function () use (&$connects, $n) { $connects[$n]++; });
    $client->onLog(function (int $level, string $line) use (&$logged) {
        if (str_contains($line, 'connection lost')) {
            $logged[] = $line;
        }
    });
    $client->connect(MQTT_HOST, MQTT_PORT, 5);
    $clients[] = $client;
}
$end = microtime(true) + 20;
while (microtime(true) < $end) {
    foreach ($clients as $client) {
        $client->loop(10);
    }
}
foreach ($connects as $n => $count) {
    echo "worker $n: connections between 2 and 7: ", var_export($count >= 2 && $count <= 7, true), $count >= 2 && $count <= 7 ? '' : " ($count)", "\n";
}
echo $logged[0] ?? 'no log line', "\n";
?>
--EXPECTF--
worker 0: connections between 2 and 7: true
worker 1: connections between 2 and 7: true
Client twin-%d connection lost: the broker %s (did another client connect with client id 'twin-%d'?)

<?php
// The failover producer: php failover-producer.php ID ADDRESS_LIST N RATE TOPIC...
// N QoS 1 tasks (payload: the task number), round robin over the TOPICs, at
// RATE per second, from a persistent session given all three nodes. Prints
// "N <node> <time>" when it (re)connects, "A <count> <time>" for each
// PUBACK (and the last), then "DONE".
[$self, $id, $list, $n, $rate] = $argv;
$topics = array_slice($argv, 5);
$n = (int) $n;
$rate = (float) $rate;
$c = new Mosquitto\Client($id, false);
$c->setReconnectDelay(1, 4, true);
$c->onLog(function (int $level, string $line) {
    if ($level === Mosquitto\Client::LOG_NOTICE && preg_match('/connected to (\S+)/', $line, $m)) {
        fwrite(STDOUT, sprintf("N %s %.6f\n", $m[1], microtime(true)));
    } elseif ($level === Mosquitto\Client::LOG_ERR || $level === Mosquitto\Client::LOG_WARNING) {
        fwrite(STDOUT, sprintf("W %.6f %s\n", microtime(true), preg_replace('/^Client \S+ /', '', $line)));
    }
});
$acked = 0;
$c->onPublish(function () use (&$acked, $n) {
    $acked++;
    {
        fwrite(STDOUT, sprintf("A %d %.6f\n", $acked, microtime(true)));
    }
});
$c->connect($list, 1883, 10);
$c->loop(0);
$start = microtime(true);
for ($i = 1; $i <= $n; $i++) {
    while ($i > (microtime(true) - $start) * $rate) {
        $c->loop(5);
    }
    $c->publish($topics[$i % count($topics)], (string) $i, 1);
}
$deadline = microtime(true) + 120;
while ($acked < $n && microtime(true) < $deadline) {
    $c->loop(20);
}
fwrite(STDOUT, "DONE $acked\n");
$c->disconnect();

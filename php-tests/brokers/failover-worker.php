<?php
// One failover worker: php failover-worker.php ID ADDRESS_LIST TOPIC
// A persistent session on its own task topic (neither NATS nor RabbitMQ has
// $share/), all three node addresses, QoS 1; a completion "ID TASK" on
// done/ID for each task. Prints "N <node>" when it (re)connects and
// "T <task> <time>" for each task processed, for failover.php to measure.
[$self, $id, $list, $topic] = $argv;
$c = new Mosquitto\Client($id, false);
$c->setReconnectDelay(1, 4, true);
$c->onLog(function (int $level, string $line) {
    if ($level === Mosquitto\Client::LOG_NOTICE && preg_match('/connected to (\S+)/', $line, $m)) {
        fwrite(STDOUT, sprintf("N %s %.6f\n", $m[1], microtime(true)));
    } elseif ($level === Mosquitto\Client::LOG_ERR || $level === Mosquitto\Client::LOG_WARNING) {
        fwrite(STDOUT, sprintf("W %.6f %s\n", microtime(true), preg_replace('/^Client \S+ /', '', $line)));
    }
});
$c->onMessage(function (Mosquitto\Message $m) use ($c, $id) {
    $c->publish("done/$id", "$id {$m->payload}", 1);
    fwrite(STDOUT, sprintf("T %s %.6f\n", $m->payload, microtime(true)));
});
$c->connect($list, 1883, 10);
// Ready once the broker has the subscription: tasks published before it
// exists are routed nowhere.
$c->onSubscribe(function () { fwrite(STDOUT, "READY\n"); });
$c->subscribe($topic, 1);
$c->loopForever();

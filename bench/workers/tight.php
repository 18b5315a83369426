<?php
// The same worker driven by loopForever():  tight.php HOST PORT QOS
[, $host, $port, $qos] = $argv;
$mqtt = new Mosquitto\Client();
$mqtt->connect($host, (int) $port);
$mqtt->subscribe('task-queue', (int) $qos);
$mqtt->onMessage(function ($message) use ($mqtt, $qos) {
    $task = json_decode($message->payload);
    $mqtt->publish('task-complete', $task->id, (int) $qos);
});
$mqtt->loopForever();

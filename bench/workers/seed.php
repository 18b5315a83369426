<?php
// The seed worker's pattern (loop(); usleep(1000);), as in worker-fixed.php,
// with the broker address and QoS as arguments:  seed.php HOST PORT QOS
[, $host, $port, $qos] = $argv;
$mqtt = new Mosquitto\Client();
$mqtt->connect($host, (int) $port);
$mqtt->subscribe('task-queue', (int) $qos);
$mqtt->onMessage(function ($message) use ($mqtt, $qos) {
    $task = json_decode($message->payload);
    $mqtt->publish('task-complete', $task->id, (int) $qos);
});
while (true) {
    $mqtt->loop();
    usleep(1000);
}

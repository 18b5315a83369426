<?php
// A producer that never loses a task: QoS 1 with a persistent session, and
// tasks with no completion notice after a timeout are published again (a
// broker killed with SIGKILL can lose what it had not saved yet).
//   php producer.php 1000
$count = (int) ($argv[1] ?? 100);
$mqtt = new Mosquitto\Client('producer-' . gethostname(), false);
$done = [];
$mqtt->onMessage(function (Mosquitto\Message $m) use (&$done) { $done[(int) $m->payload] = true; });
$mqtt->connect(getenv('MQTT_HOST') ?: 'localhost', (int) (getenv('MQTT_PORT') ?: 1883));
$mqtt->subscribe('task-complete', 1);
$sent = [];
for ($id = 1; $id <= $count; $id++) {
    $mqtt->publish('task-queue', json_encode(['id' => $id, 'type' => 'send-email', 'to' => "user$id@example.com"]), 1);
    $sent[$id] = microtime(true);
    $mqtt->loop(0);
}
while (count($done) < $count) {
    $mqtt->loop(100);
    foreach ($sent as $id => $at) {
        if (!isset($done[$id]) && microtime(true) - $at > 30) {
            $mqtt->publish('task-queue', json_encode(['id' => $id, 'type' => 'send-email', 'to' => "user$id@example.com"]), 1);
            $sent[$id] = microtime(true);
        }
    }
}
echo "all $count tasks completed\n";
$mqtt->disconnect();

--TEST--
Delivery limit: a QoS 1 task whose onMessage always throws is given up after N deliveries (acknowledged, LOG_WARNING, dead-letter topic) and the tasks behind it flow
--EXTENSIONS--
mosquitto
--DESCRIPTION--
setDeliveryLimit(3, $dlq) on one client; mosquitto.delivery_limit and
mosquitto.dead_letter_topic set with ini_set() for another. The exception still
leaves loop() every time, the last time too. The dead-letter message is JSON
with the original topic, payload, the last exception's message and the count.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function run_worker(Mosquitto\Client $worker, string $topic, ?string $dlq, array $tasks): void
{
    $seen = [];
    $deliveries = 0;
    $warnings = [];
    $worker->onLog(function (int $level, string $line) use (&$warnings) {
        if ($level === Mosquitto\Client::LOG_WARNING) {
            $warnings[] = $line;
        }
    });
    $worker->onMessage(function (Mosquitto\Message $m) use (&$seen, &$deliveries) {
        if ($m->payload === 'poison') {
            $deliveries++;
            throw new RuntimeException("cannot do it (#$deliveries)");
        }
        $seen[] = $m->payload;
    });
    $worker->subscribe($topic, 1);
    $dead = [];
    if ($dlq !== null) {
        $watcher = connected_client();
        $watcher->subscribe($dlq, 1);
        $watcher->onMessage(function (Mosquitto\Message $m) use (&$dead) { $dead[] = $m->payload; });
        $watcher->loop(200);
    }
    $worker->loop(200);
    $producer = connected_client();
    foreach ($tasks as $task) {
        $producer->publish($topic, $task, 1);
    }
    $thrown = 0;
    $deadline = microtime(true) + 20;
    while (count($seen) < count($tasks) - 1 || ($dlq !== null && count($dead) < 1)) {
        if (microtime(true) > $deadline) {
            echo "timed out\n";
            break;
        }
        try {
            $worker->loop(50);
        } catch (RuntimeException $e) {
            $thrown++;
        }
        if (isset($watcher)) {
            $watcher->loop(10);
        }
    }
    // Nothing more comes: the poison is acknowledged.
    for ($i = 0; $i < 10; $i++) {
        try { $worker->loop(20); } catch (RuntimeException $e) { $thrown++; }
    }
    echo "tasks: ", implode(', ', $seen), "\n";
    echo "poison delivered $deliveries times, loop() threw $thrown times\n";
    foreach ($warnings as $line) {
        echo 'LOG_WARNING: ', preg_replace(['/Mid: \d+/', "/'test\/[^']*'/", '/limit-\d+/'], ['Mid: N', "'T'", 'limit-PID'], $line), "\n";
    }
    foreach ($dead as $payload) {
        $d = json_decode($payload, true);
        echo "dead letter: topic ", $d['topic'] === $topic ? 'original' : $d['topic'], ", payload {$d['payload']}, error '{$d['error']}', deliveries {$d['deliveries']}, qos {$d['qos']}\n";
    }
}

echo "-- setDeliveryLimit(3, dead-letter topic)\n";
$topic = unique_topic('limit');
$dlq = unique_topic('dead');
$worker = connected_client('limit-' . getmypid());
$worker->setDeliveryLimit(3, $dlq);
run_worker($worker, $topic, $dlq, ['task 1', 'poison', 'task 2', 'task 3']);

echo "-- php.ini: mosquitto.delivery_limit=2, mosquitto.dead_letter_topic\n";
$topic = unique_topic('limit');
$dlq = unique_topic('dead');
ini_set('mosquitto.delivery_limit', '2');
ini_set('mosquitto.dead_letter_topic', $dlq);
run_worker(connected_client(), $topic, $dlq, ['a', 'poison', 'b']);

echo "-- no dead-letter topic: given up all the same\n";
ini_set('mosquitto.dead_letter_topic', '');
$worker = connected_client();
$worker->setDeliveryLimit(2);
run_worker($worker, unique_topic('limit'), null, ['poison', 'x']);

echo "-- argument checks\n";
foreach ([[-1, null], [1, 'a/#'], [1, "bad\xff"]] as [$limit, $t]) {
    try { $worker->setDeliveryLimit($limit, $t); } catch (Mosquitto\Exception $e) { echo $e->getMessage(), "\n"; }
}
echo "default: ", shell_exec(PHP_BINARY . ' -n -d extension=' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' -r ' . escapeshellarg('echo ini_get("mosquitto.delivery_limit"), "/", var_export(ini_get("mosquitto.dead_letter_topic"), true);')), "\n";
?>
--EXPECT--
-- setDeliveryLimit(3, dead-letter topic)
tasks: task 1, task 2, task 3
poison delivered 3 times, loop() threw 3 times
LOG_WARNING: Client limit-PID gave up on message (Mid: N, topic 'T') after 3 failed deliveries: cannot do it (#3); published to 'T' (Mid: N)
dead letter: topic original, payload poison, error 'cannot do it (#3)', deliveries 3, qos 1
-- php.ini: mosquitto.delivery_limit=2, mosquitto.dead_letter_topic
tasks: a, b
poison delivered 2 times, loop() threw 2 times
LOG_WARNING: Client  gave up on message (Mid: N, topic 'T') after 2 failed deliveries: cannot do it (#2); published to 'T' (Mid: N)
dead letter: topic original, payload poison, error 'cannot do it (#2)', deliveries 2, qos 1
-- no dead-letter topic: given up all the same
tasks: x
poison delivered 2 times, loop() threw 2 times
LOG_WARNING: Client  gave up on message (Mid: N, topic 'T') after 2 failed deliveries: cannot do it (#2)
-- argument checks
Invalid function arguments provided.
Invalid function arguments provided.
Malformed UTF-8
default: 5/''

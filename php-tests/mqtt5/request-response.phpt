--TEST--
MQTT 5 request/response: a producer publishes tasks with response_topic and binary correlation_data and waits for the replies; a worker replies to each response_topic echoing the correlation data; the producer matches every reply to its request, whatever the order
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function v5_client(): Mosquitto\Client
{
    $client = new Mosquitto\Client();
    $client->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
    $client->connect(MQTT_HOST, MQTT_PORT);
    return $client;
}

$requests = unique_topic('v5-requests');
$replyTo = unique_topic('v5-replies') . '/producer-' . getmypid();

// The worker: squares the number it is given, replying where the request asks.
$worker = v5_client();
$handled = 0;
$worker->onMessage(function (Mosquitto\Message $m) use ($worker, &$handled) {
    $handled++;
    $worker->publish($m->properties['response_topic'], (string) ((int) $m->payload ** 2), 1, false, [
        'correlation_data' => $m->properties['correlation_data'],
        'content_type' => 'text/plain',
    ]);
});
$workerReady = false;
$worker->onSubscribe(function () use (&$workerReady) { $workerReady = true; });
$worker->subscribe($requests, 1);
loop_until($worker, function () use (&$workerReady) { return $workerReady; });

// The producer: one pending request per correlation id, 16 random bytes each.
$producer = v5_client();
$pending = [];
$answers = [];
$strays = 0;
$producer->onMessage(function (Mosquitto\Message $m) use (&$pending, &$answers, &$strays) {
    $key = $m->properties['correlation_data'] ?? '';
    if (!isset($pending[$key])) {
        $strays++;
        return;
    }
    $answers[] = "$pending[$key]^2 = {$m->payload} ({$m->properties['content_type']})";
    unset($pending[$key]);
});
$producerReady = false;
$producer->onSubscribe(function () use (&$producerReady) { $producerReady = true; });
$producer->subscribe($replyTo, 1);
loop_until($producer, function () use (&$producerReady) { return $producerReady; });

foreach ([3, 12, 7] as $n) {
    $correlation = random_bytes(16);
    $pending[$correlation] = $n;
    $producer->publish($requests, (string) $n, 1, false, ['response_topic' => $replyTo, 'correlation_data' => $correlation]);
}
$deadline = microtime(true) + 10;
while ($pending && microtime(true) < $deadline) {
    $producer->loop(10);
    $worker->loop(10);
}
sort($answers);
echo implode("\n", $answers), "\n";
echo "requests handled: $handled, unanswered: ", count($pending), ", replies matching no request: $strays\n";
?>
--EXPECT--
12^2 = 144 (text/plain)
3^2 = 9 (text/plain)
7^2 = 49 (text/plain)
requests handled: 3, unanswered: 0, replies matching no request: 0

--TEST--
MQTT 5 message expiry: a QoS 1 task with message_expiry_interval 1, queued for an offline worker's persistent session, is never delivered once it expired; tasks without expiry or with a longer one are, and a delivered task's message_expiry_interval is what is left of its lifetime
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('v5-expiry');
$id = 'v5-expiry-worker-' . getmypid();
$worker = function () use ($id): Mosquitto\Client {
    // cleanSession false with no setSessionExpiryInterval(): the session never expires.
    $client = new Mosquitto\Client($id, false);
    $client->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
    return $client;
};

$first = $worker();
$subscribed = new ArrayObject();
$first->onSubscribe(function () use ($subscribed) { $subscribed[] = true; });
$first->connect(MQTT_HOST, MQTT_PORT);
$first->subscribe($topic, 1);
loop_until($first, fn () => count($subscribed) === 1);
$first->disconnect();
echo "worker subscribed and went offline\n";

$producer = new Mosquitto\Client();
$producer->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$acked = new ArrayObject();
$producer->onPublish(function (int $mid) use ($acked) { $acked[] = $mid; });
$producer->connect(MQTT_HOST, MQTT_PORT);
$producer->publish($topic, 'expires after 1 s', 1, false, ['message_expiry_interval' => 1]);
$producer->publish($topic, 'never expires', 1);
$producer->publish($topic, 'expires after 60 s', 1, false, ['message_expiry_interval' => 60]);
loop_until($producer, fn () => count($acked) === 3);
$producer->disconnect();
echo "3 tasks queued for the offline worker\n";
usleep(2200000);

$again = $worker();
$received = new ArrayObject();
$again->onMessage(function (Mosquitto\Message $m) use ($received) { $received[] = $m; });
$again->connect(MQTT_HOST, MQTT_PORT);
// Whatever the session holds arrives right after CONNACK; give stragglers a second.
$end = microtime(true) + 1;
while (microtime(true) < $end) {
    $again->loop(50);
}
foreach ($received as $m) {
    $expiry = $m->properties['message_expiry_interval'] ?? null;
    $left = $expiry === null ? 'no expiry' : ($expiry >= 55 && $expiry <= 58 ? 'expiry 55..58 s left' : "expiry $expiry");
    echo "delivered: {$m->payload} ($left)\n";
}
$again->unsubscribe($topic);
$again->loop(100);
$again->disconnect();
// Ends the persistent session: a clean session expires when it disconnects.
$cleanup = new Mosquitto\Client($id, true);
$cleanup->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$cleanup->connect(MQTT_HOST, MQTT_PORT);
$cleanup->disconnect();
?>
--EXPECT--
worker subscribed and went offline
3 tasks queued for the offline worker
delivered: never expires (no expiry)
delivered: expires after 60 s (expiry 55..58 s left)

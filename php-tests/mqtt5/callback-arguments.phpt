--TEST--
MQTT 5 callback arguments: onConnect, onDisconnect, onPublish (QoS 0, 1, 2), onSubscribe and onUnsubscribe get Mosquitto-PHP's arguments then (int $reasonCode, ?string $reasonString, array $properties); onMessage and onLog keep theirs; one callback declared with defaults serves both protocols
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('v5-arguments');
$client = new Mosquitto\Client();
$client->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$events = new ArrayObject();
$show = function (string $name) use ($events) {
    return function (...$args) use ($events, $name) {
        if ($name === 'onConnect') {
            // The broker's limits: mosquitto's defaults, and the id it assigned.
            $args[4]['assigned_client_identifier'] = preg_replace('/^auto-[0-9A-F-]{36}$/', 'auto-UUID', $args[4]['assigned_client_identifier'] ?? '-');
        }
        $events[] = "$name(" . implode(', ', array_map(fn ($a) => json_encode($a, JSON_UNESCAPED_SLASHES), $args)) . ')';
    };
};
foreach (['onConnect', 'onDisconnect', 'onPublish', 'onSubscribe', 'onUnsubscribe'] as $callback) {
    $client->$callback($show($callback));
}
$client->onMessage(function () use ($events) { $events[] = 'onMessage with ' . func_num_args() . ' argument'; });
$logArgs = [];
$client->onLog(function () use (&$logArgs) { $logArgs[func_num_args()] = true; });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->subscribe($topic, 2);
loop_until($client, fn () => count($events) === 2);
foreach ([0, 1, 2] as $qos) {
    $client->publish($topic, "qos $qos", $qos);
}
loop_until($client, fn () => count($events) === 8);
$client->unsubscribe($topic);
loop_until($client, fn () => count($events) === 9);
$client->disconnect();
$lines = $events->getArrayCopy();
// Publishes complete and messages arrive interleaved; each kind in order.
usort($lines, fn ($a, $b) => strtok($a, '(') <=> strtok($b, '(') ?: 0);
echo implode("\n", $lines), "\n";
echo "onLog arguments: ", implode(',', array_keys($logArgs)), "\n";

echo "-- one callback for both protocols\n";
$onSubscribe = function (int $mid, int $count, int $granted, int $reasonCode = 0, ?string $reasonString = null, array $properties = []) {
    echo "onSubscribe: mid $mid, granted $granted, reason code $reasonCode, ", func_num_args(), " arguments\n";
};
foreach ([Mosquitto\ProtocolVersion::V311, Mosquitto\ProtocolVersion::V5] as $version) {
    $c = new Mosquitto\Client();
    $c->setProtocolVersion($version);
    $c->onSubscribe($onSubscribe);
    $done = new ArrayObject();
    $c->onUnsubscribe(function () use ($done) { $done[] = true; });
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 1);
    $c->unsubscribe($topic);
    loop_until($c, fn () => count($done) === 1);
    $c->disconnect();
}
?>
--EXPECT--
onConnect(0, "Connection Accepted.", 0, null, {"receive_maximum":20,"topic_alias_maximum":10,"assigned_client_identifier":"auto-UUID"})
onDisconnect(0, 0, null, [])
onMessage with 1 argument
onMessage with 1 argument
onMessage with 1 argument
onPublish(2, 0, null, [])
onPublish(3, 0, null, [])
onPublish(4, 0, null, [])
onSubscribe(1, 1, 2, 2, null, [])
onUnsubscribe(5, 0, null, [])
onLog arguments: 2
-- one callback for both protocols
onSubscribe: mid 1, granted 1, reason code 0, 3 arguments
onSubscribe: mid 1, granted 1, reason code 1, 6 arguments

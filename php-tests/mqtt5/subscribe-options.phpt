--TEST--
MQTT 5 subscribe options: no_local keeps a client's own publishes from it but not another client's; retain_handling 2 gets no retained message, 1 only on a new subscription, 0 on every subscribe; retain_as_published keeps the retain flag of forwarded messages
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function v5_client(ArrayObject $acked): Mosquitto\Client
{
    $client = new Mosquitto\Client();
    $client->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
    $client->onPublish(function (int $mid) use ($acked) { $acked[] = $mid; });
    $client->connect(MQTT_HOST, MQTT_PORT);
    return $client;
}

$topic = unique_topic('v5-options');
$acked = new ArrayObject();
$self = v5_client($acked);
$other = v5_client($acked);
// A QoS 1 publish is routed by mosquitto before it sends the PUBACK: once
// onPublish has run, every subscriber's copy is on its way.
$publish = function (Mosquitto\Client $client, string $to, string $payload, bool $retain = false) use ($acked, $self, $other) {
    $mid = $client->publish($to, $payload, 1, $retain);
    loop_until($client, function () use ($acked, $mid, $self, $other) {
        $self->loop(0);
        $other->loop(0);
        return in_array($mid, $acked->getArrayCopy(), true);
    });
};
$got = new ArrayObject();
$self->onMessage(function (Mosquitto\Message $m) use ($got, $topic) {
    $got[] = substr($m->topic, strlen($topic) + 1) . " '{$m->payload}' retain=" . var_export($m->retain, true);
});
$acks = new ArrayObject();
$self->onSubscribe(function (int $mid, int $count, int $granted) use ($acks) { $acks[] = $granted; });
$subscribe = function (string $filter, array $options) use ($self, $acks) {
    $before = count($acks);
    $self->subscribe($filter, 1, $options);
    loop_until($self, fn () => count($acks) === $before + 1);
};
// Messages from one connection arrive in order: once the marker published
// last by $other is seen, everything $other published before it has arrived.
$markers = 0;
$settle = function () use ($self, $other, $got, $topic, $publish, &$markers) {
    $marker = 'marker ' . ++$markers;
    $publish($other, "$topic/live/marker", $marker);
    loop_until($self, function () use ($got, $marker) {
        foreach ($got as $line) {
            if (str_contains($line, "'$marker'")) {
                return true;
            }
        }
        return false;
    });
};

echo "-- no_local\n";
$subscribe("$topic/live/#", ['no_local' => true]);
$publish($self, "$topic/live/a", 'from self');
$publish($other, "$topic/live/b", 'from other');
$settle();
echo implode("\n", $got->getArrayCopy()), "\n";

echo "-- retained message, then subscriptions with each retain_handling\n";
$publish($other, "$topic/kept", 'retained', true);
$got->exchangeArray([]);
$subscribe("$topic/kept", ['retain_handling' => 2]);
$settle();
echo "retain_handling 2: ", implode(' | ', $got->getArrayCopy()), "\n";
$got->exchangeArray([]);
$subscribe("$topic/+", ['retain_handling' => 1]);
$settle();
echo "retain_handling 1, new subscription: ", implode(' | ', $got->getArrayCopy()), "\n";
$got->exchangeArray([]);
$subscribe("$topic/+", ['retain_handling' => 1]);
$settle();
echo "retain_handling 1, same subscription again: ", implode(' | ', $got->getArrayCopy()), "\n";
$got->exchangeArray([]);
$subscribe("$topic/+", ['retain_handling' => 0]);
$settle();
echo "retain_handling 0, same subscription again: ", implode(' | ', $got->getArrayCopy()), "\n";

echo "-- retain flag of a message forwarded live\n";
$subscribe("$topic/flag/published", ['retain_as_published' => true]);
$subscribe("$topic/flag/cleared", []);
$got->exchangeArray([]);
$publish($other, "$topic/flag/published", 'live', true);
$publish($other, "$topic/flag/cleared", 'live', true);
$settle();
echo implode("\n", $got->getArrayCopy()), "\n";
foreach (['kept', 'flag/published', 'flag/cleared'] as $retained) {
    $publish($other, "$topic/$retained", '', true);
}
?>
--EXPECT--
-- no_local
live/b 'from other' retain=false
live/marker 'marker 1' retain=false
-- retained message, then subscriptions with each retain_handling
retain_handling 2: live/marker 'marker 2' retain=false
retain_handling 1, new subscription: kept 'retained' retain=true | live/marker 'marker 3' retain=false
retain_handling 1, same subscription again: live/marker 'marker 4' retain=false
retain_handling 0, same subscription again: kept 'retained' retain=true | live/marker 'marker 5' retain=false
-- retain flag of a message forwarded live
flag/published 'live' retain=true
flag/cleared 'live' retain=false
live/marker 'marker 6' retain=false

--TEST--
MQTT 5 maximum packet size, both ways: the broker's (max_packet_size 1000, announced in CONNACK) makes publish() of a larger packet throw "Packet larger than supported by the server." as libmosquitto's mosquitto_publish_v5(), and the connection stays up; the client's own setMaximumPacketSize(500) makes the broker drop larger messages for it and deliver the rest
--EXTENSIONS--
mosquitto
--INI--
mosquitto.auto_reconnect=0
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$broker = new PrivateBroker(['max_packet_size 1000']);
$topic = unique_topic('v5-packet-size');

$small = new Mosquitto\Client();
$small->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$small->setMaximumPacketSize(500);
$received = new ArrayObject();
$small->onMessage(function (Mosquitto\Message $m) use ($received) { $received[] = strlen($m->payload); });
$subscribed = new ArrayObject();
$small->onSubscribe(function () use ($subscribed) { $subscribed[] = true; });
$small->connect('127.0.0.1', $broker->port);
$small->subscribe($topic, 1);
loop_until($small, fn () => count($subscribed) === 1);

$publisher = new Mosquitto\Client();
$publisher->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$limits = new ArrayObject();
$publisher->onConnect(function (int $rc, string $message, int $reasonCode, ?string $reasonString, array $properties) use ($limits) {
    $limits['maximum_packet_size'] = $properties['maximum_packet_size'] ?? 'none';
});
$disconnects = new ArrayObject();
$publisher->onDisconnect(function (...$args) use ($disconnects) { $disconnects[] = json_encode($args); });
$acked = new ArrayObject();
$publisher->onPublish(function (int $mid) use ($acked) { $acked[] = $mid; });
$publisher->connect('127.0.0.1', $broker->port);
loop_until($publisher, fn () => isset($limits['maximum_packet_size']));
echo "broker's maximum_packet_size in CONNACK: {$limits['maximum_packet_size']}\n";

try {
    $publisher->publish($topic, str_repeat('x', 2000), 1);
    echo "2000 bytes: accepted\n";
} catch (Mosquitto\Exception $e) {
    echo "2000 bytes: ", $e->getMessage(), "\n";
}
// 300 fits both limits; 800 fits the broker's but not the subscriber's.
try {
    foreach ([300, 800, 100] as $size) {
        $publisher->publish($topic, str_repeat('y', $size), 1);
    }
} catch (Mosquitto\Exception $e) {
    echo "publish of $size bytes: ", $e->getMessage(), "\n";
}
$end = microtime(true) + 2;
while ((count($acked) < 3 || count($received) < 2) && microtime(true) < $end) {
    try {
        $publisher->loop(20);
    } catch (Mosquitto\Exception $e) {
        echo "publisher loop(): ", $e->getMessage(), "\n";
        break;
    }
    $small->loop(20);
}
$small->loop(200);
echo "publishes acknowledged: ", count($acked), ", publisher disconnected: ", count($disconnects) ? implode(' ', $disconnects->getArrayCopy()) : 'no', "\n";
echo "subscriber with maximum 500 got payloads of: ", implode(', ', $received->getArrayCopy()), " bytes\n";
?>
--EXPECT--
broker's maximum_packet_size in CONNACK: 1000
2000 bytes: Packet larger than supported by the server.
publishes acknowledged: 3, publisher disconnected: no
subscriber with maximum 500 got payloads of: 300, 100 bytes

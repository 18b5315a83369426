--TEST--
onLog at LOG_DEBUG has libmosquitto 2.0's line for every packet sent and received (CONNECT to DISCONNECT, all three QoS flows, SUBSCRIBE/UNSUBSCRIBE, PINGREQ), the same lines as Mosquitto-PHP gives for this script
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
// The order of a few lines differs: we acknowledge after the callback, libmosquitto on receipt.
$port = MQTT_PORT;
$topic = unique_topic('log');
$c = new Mosquitto\Client('logger-' . getmypid());
$lines = [];
$c->onLog(function (int $level, string $line) use (&$lines) { if ($level === Mosquitto\Client::LOG_DEBUG) $lines[] = $line; });
$got = 0;
$c->onMessage(function () use (&$got) { $got++; });
$c->connect(MQTT_HOST, $port, 5);
for ($i = 0; $i < 5; $i++) $c->loop(20);
$c->subscribe($topic, 2);
for ($i = 0; $i < 5; $i++) $c->loop(20);
foreach ([0, 1, 2] as $qos) { $c->publish($topic, "q$qos", $qos); for ($i = 0; $i < 5; $i++) $c->loop(20); }
for ($i = 0; $i < 20 && $got < 3; $i++) $c->loop(20);
$c->unsubscribe($topic);
for ($i = 0; $i < 5; $i++) $c->loop(20);
$end = microtime(true) + 5.5; while (microtime(true) < $end) $c->loop(50);
$c->disconnect();
sort($lines); echo implode("\n", $lines), "\n";
?>
--EXPECTF--
Client logger-%d received CONNACK (0)
Client logger-%d received PINGRESP
Client logger-%d received PUBACK (Mid: 3, RC:0)
Client logger-%d received PUBCOMP (Mid: 4, RC:0)
Client logger-%d received PUBLISH (d0, q0, r0, m0, '%s', ... (2 bytes))
Client logger-%d received PUBLISH (d0, q1, r0, m1, '%s', ... (2 bytes))
Client logger-%d received PUBLISH (d0, q2, r0, m2, '%s', ... (2 bytes))
Client logger-%d received PUBREC (Mid: 4)
Client logger-%d received PUBREL (Mid: 2)
Client logger-%d received SUBACK
Client logger-%d received UNSUBACK
Client logger-%d sending CONNECT
Client logger-%d sending DISCONNECT
Client logger-%d sending PINGREQ
Client logger-%d sending PUBACK (m1, rc0)
Client logger-%d sending PUBCOMP (m2)
Client logger-%d sending PUBLISH (d0, q0, r0, m2, '%s', ... (2 bytes))
Client logger-%d sending PUBLISH (d0, q1, r0, m3, '%s', ... (2 bytes))
Client logger-%d sending PUBLISH (d0, q2, r0, m4, '%s', ... (2 bytes))
Client logger-%d sending PUBREC (m2, rc0)
Client logger-%d sending PUBREL (m4)
Client logger-%d sending SUBSCRIBE (Mid: 1, Topic: %s, QoS: 2, Options: 0x00)
Client logger-%d sending UNSUBSCRIBE (Mid: 5, Topic: %s)

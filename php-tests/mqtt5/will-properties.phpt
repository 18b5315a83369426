--TEST--
MQTT 5: the will's properties (will_delay_interval 0, content type, repeated user property) arrive on the will message when its client is SIGKILLed
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$willTopic = unique_topic('v5-will');
$watcher = new Mosquitto\Client();
$watcher->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$wills = new ArrayObject();
$watcher->onMessage(function (Mosquitto\Message $m) use ($wills) { $wills[] = $m; });
$subscribed = new ArrayObject();
$watcher->onSubscribe(function () use ($subscribed) { $subscribed[] = true; });
$watcher->connect(MQTT_HOST, MQTT_PORT);
$watcher->subscribe($willTopic, 1);
loop_until($watcher, fn () => count($subscribed) === 1);

$cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/fixtures/will-client.php', MQTT_HOST, MQTT_PORT, $willTopic];
$child = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
echo "child: ", trim((string) fgets($pipes[1])), "\n";
$pid = proc_get_status($child)['pid'];
$watcher->loop(200);
echo "wills before the kill: ", count($wills), "\n";
proc_terminate($child, SIGKILL);
proc_close($child);

loop_until($watcher, fn () => count($wills) === 1);
$will = $wills[0];
echo "payload is the child's: ", var_export($will->payload === "gone: $pid", true), "\n";
echo "qos {$will->qos}, retain ", var_export($will->retain, true), "\n";
echo "properties: ", json_encode($will->properties), "\n";
?>
--EXPECT--
child: ready
wills before the kill: 0
payload is the child's: true
qos 1, retain false
properties: {"content_type":"text\/plain","user_properties":[["reason","killed"],["reason","again"]]}

--TEST--
MQTT 5: a DISCONNECT the broker sends reaches onDisconnect with its reason code — mosquitto's dynamic security plugin disables a connected user: the MQTT 5 client gets onDisconnect(7, 152, null, []) (0x98 administrative action), the 3.1.1 client of the same user onDisconnect(7) as in Mosquitto-PHP
--EXTENSIONS--
mosquitto
--SKIPIF--
<?php
require __DIR__ . '/fixtures/dynsec.inc';
if (dynsec_plugin() === null) die('skip mosquitto_dynamic_security.so not installed');
?>
--INI--
mosquitto.auto_reconnect=0
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
require __DIR__ . '/fixtures/dynsec.inc';

$broker = dynsec_broker([
    'defaultACLAccess' => ['publishClientSend' => false, 'publishClientReceive' => true, 'subscribe' => false, 'unsubscribe' => true],
    'clients' => [dynsec_client('admin', 'admin-secret', ['admin']), dynsec_client('bob', 'bob-secret')],
    'groups' => [],
    'roles' => [['rolename' => 'admin', 'acls' => [
        ['acltype' => 'publishClientSend', 'topic' => '$CONTROL/dynamic-security/#', 'priority' => 0, 'allow' => true],
        ['acltype' => 'publishClientReceive', 'topic' => '$CONTROL/dynamic-security/#', 'priority' => 0, 'allow' => true],
        ['acltype' => 'subscribePattern', 'topic' => '$CONTROL/dynamic-security/#', 'priority' => 0, 'allow' => true],
    ]]],
], ['max_queued_messages 1000']);

$disconnects = new ArrayObject();
$bobs = [];
foreach ([Mosquitto\ProtocolVersion::V5 => 'MQTT 5', Mosquitto\ProtocolVersion::V311 => 'MQTT 3.1.1'] as $version => $name) {
    $bob = new Mosquitto\Client("bob-$version");
    $bob->setProtocolVersion($version);
    $bob->setCredentials('bob', 'bob-secret');
    $bob->onDisconnect(function (...$args) use ($disconnects, $name) {
        $disconnects[] = "$name: onDisconnect(" . implode(', ', array_map('json_encode', $args)) . ')';
    });
    $bob->connect('127.0.0.1', $broker->port);
    $bob->loop(50);
    $bobs[] = $bob;
}

$admin = new Mosquitto\Client();
$admin->setCredentials('admin', 'admin-secret');
$responses = new ArrayObject();
$admin->onMessage(function (Mosquitto\Message $m) use ($responses) { $responses[] = $m->payload; });
$admin->connect('127.0.0.1', $broker->port);
$admin->subscribe('$CONTROL/dynamic-security/v1/response', 1);
$admin->loop(100);
$admin->publish('$CONTROL/dynamic-security/v1', json_encode(['commands' => [['command' => 'disableClient', 'username' => 'bob']]]), 1);
loop_until($admin, fn () => count($responses) === 1);
echo "plugin: $responses[0]\n";

$end = microtime(true) + 5;
while (count($disconnects) < 2 && microtime(true) < $end) {
    foreach ($bobs as $bob) {
        try {
            $bob->loop(20);
        } catch (Mosquitto\Exception $e) {
            // "The connection was lost.": with auto_reconnect off, after onDisconnect.
        }
    }
}
$lines = $disconnects->getArrayCopy();
sort($lines);
echo implode("\n", $lines), "\n";
?>
--EXPECT--
plugin: {"responses":[{"command":"disableClient"}]}
MQTT 3.1.1: onDisconnect(7)
MQTT 5: onDisconnect(7, 152, null, [])

--TEST--
MQTT 5 reason codes of acknowledgements: a subscription the broker's ACL refuses gets onSubscribe(mid, 1, 135, 135, null, []); a refused QoS 1 and QoS 2 publish gets onPublish(mid, 135, ...), one nobody subscribed to 16, a delivered one 0; the connection stays up. On 3.1.1 the refused subscription is granted 128 and the callbacks keep Mosquitto-PHP's arguments
--EXTENSIONS--
mosquitto
--SKIPIF--
<?php
require __DIR__ . '/fixtures/dynsec.inc';
if (dynsec_plugin() === null) die('skip mosquitto_dynamic_security.so not installed');
?>
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
require __DIR__ . '/fixtures/dynsec.inc';

// Anonymous clients may do anything but subscribe to or publish on secret/#.
$broker = dynsec_broker([
    'defaultACLAccess' => ['publishClientSend' => true, 'publishClientReceive' => true, 'subscribe' => true, 'unsubscribe' => true],
    'clients' => [],
    'groups' => [['groupname' => 'anonymous', 'roles' => [['rolename' => 'no-secrets']]]],
    'roles' => [['rolename' => 'no-secrets', 'acls' => [
        ['acltype' => 'subscribePattern', 'topic' => 'secret/#', 'priority' => 0, 'allow' => false],
        ['acltype' => 'publishClientSend', 'topic' => 'secret/#', 'priority' => 0, 'allow' => false],
    ]]],
    'anonymousGroup' => 'anonymous',
], [
    // mosquitto 2.0.11 with max_queued_messages 0 (the harness's default)
    // drops a client whose publish it refused; a quota keeps it connected.
    'max_queued_messages 1000',
]);

foreach ([Mosquitto\ProtocolVersion::V5 => 'MQTT 5', Mosquitto\ProtocolVersion::V311 => 'MQTT 3.1.1'] as $version => $name) {
    echo "-- $name\n";
    $client = new Mosquitto\Client();
    $client->setProtocolVersion($version);
    $events = new ArrayObject();
    $describe = fn (array $args) => implode(', ', array_map(fn ($a) => json_encode($a), $args));
    $client->onSubscribe(function (...$args) use ($events, $describe) { $events[] = 'onSubscribe(' . $describe($args) . ')'; });
    // Keyed by mid: a QoS 2 publish completes after QoS 1 publishes sent after it.
    $published = [];
    $client->onPublish(function (...$args) use ($events, $describe, &$published) { $events[] = 'publish'; $published[$args[0]] = 'onPublish(' . $describe($args) . ')'; });
    $client->onDisconnect(function (...$args) use ($events, $describe) { $events[] = 'onDisconnect(' . $describe($args) . ')'; });
    $client->onMessage(function (Mosquitto\Message $m) use ($events) { $events[] = "message on {$m->topic}"; });
    $client->connect('127.0.0.1', $broker->port);
    $client->subscribe('secret/plans', 1);
    $client->subscribe('public/news', 1);
    loop_until($client, fn () => count($events) === 2);
    $client->publish('secret/plans', 'leak', 1);
    $client->publish('secret/plans', 'leak', 2);
    $client->publish('public/nobody-listens', 'hello', 1);
    $client->publish('public/news', 'hello', 1);
    loop_until($client, fn () => count($events) === 7);
    $client->loop(200);
    ksort($published);
    echo implode("\n", array_filter($events->getArrayCopy(), fn ($e) => $e !== 'publish')), "\n", implode("\n", $published), "\n";
}
?>
--EXPECT--
-- MQTT 5
onSubscribe(1, 1, 135, 135, null, [])
onSubscribe(2, 1, 1, 1, null, [])
message on public/news
onPublish(3, 135, null, [])
onPublish(4, 135, null, [])
onPublish(5, 16, null, [])
onPublish(6, 0, null, [])
-- MQTT 3.1.1
onSubscribe(1, 1, 128)
onSubscribe(2, 1, 1)
message on public/news
onPublish(3)
onPublish(4)
onPublish(5)
onPublish(6)

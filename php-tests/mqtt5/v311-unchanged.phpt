--TEST--
MQTT 3.1.1 untouched by MQTT 5: a default client's callbacks get exactly Mosquitto-PHP's arguments, a received message's properties are [], MQTT 5 arguments on a 3.1.1 client throw Mosquitto\Exception "This feature is not supported."; bad keys and types are ValueError/TypeError with exact texts on both protocols
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('v311');
$client = new Mosquitto\Client();
$counts = new ArrayObject();
$record = fn (string $name) => function () use ($counts, $name) { $counts[] = "$name: " . func_num_args(); };
$client->onConnect($record('onConnect'));
$client->onDisconnect($record('onDisconnect'));
$client->onSubscribe($record('onSubscribe'));
$client->onUnsubscribe($record('onUnsubscribe'));
$client->onPublish($record('onPublish'));
$messages = [];
$client->onMessage(function () use ($counts, &$messages) { $counts[] = 'onMessage: ' . func_num_args(); $messages[] = func_get_arg(0); });
$logArgs = [];
$client->onLog(function () use (&$logArgs) { $logArgs[func_num_args()] = true; });
$client->connect(MQTT_HOST, MQTT_PORT);
$client->subscribe($topic, 1);
loop_until($client, fn () => count($counts) === 2);
$client->publish($topic, 'a', 1);
$client->publish($topic, 'b', 0);
loop_until($client, fn () => count($counts) === 6);
$client->unsubscribe($topic);
loop_until($client, fn () => count($counts) === 7);
$client->disconnect();
$lines = $counts->getArrayCopy();
sort($lines);
echo implode("\n", array_unique($lines)), "\n";
echo "onLog: ", implode(',', array_keys($logArgs)), "\n";
echo "received properties: ", var_export(array_map(fn ($m) => $m->properties, $messages), true), "\n";

echo "-- MQTT 5 arguments on a 3.1.1 client\n";
$v311 = connected_client();
$attempts = [
    'publish' => fn () => $v311->publish($topic, 'x', 1, false, ['message_expiry_interval' => 5]),
    'subscribe' => fn () => $v311->subscribe($topic, 1, ['no_local' => true]),
    'setWill, then connect' => function () use ($topic) {
        $c = new Mosquitto\Client();
        $c->setWill($topic, 'x', 1, false, ['will_delay_interval' => 5]);
        $c->connect(MQTT_HOST, MQTT_PORT);
    },
    'empty arrays' => function () use ($v311, $topic) {
        $v311->publish($topic, 'x', 1, false, []);
        $v311->subscribe($topic, 1, []);
        $c = new Mosquitto\Client();
        $c->setWill($topic, 'x', 1, false, []);
    },
];
foreach ($attempts as $what => $attempt) {
    try {
        $attempt();
        echo "$what: ok\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "-- bad keys and values\n";
$v5 = new Mosquitto\Client();
$v5->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$v5->connect(MQTT_HOST, MQTT_PORT);
$bad = [
    fn ($c) => $c->publish($topic, 'x', 0, false, ['bogus' => 1]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['message_expiry_interval' => 'soon']),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['message_expiry_interval' => -1]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['payload_format_indicator' => 2]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['correlation_data' => 5]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['response_topic' => 'replies/+']),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['content_type' => "bad\0text"]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['user_properties' => [['name-only']]]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['user_properties' => 'x']),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['content_type' => [1]]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['message_expiry_interval' => 1.5]),
    fn ($c) => $c->publish($topic, 'x', 0, false, ['bogus' => 1.5]),
    fn ($c) => $c->subscribe($topic, 0, ['bogus' => true]),
    fn ($c) => $c->subscribe($topic, 0, ['no_local' => 1]),
    fn ($c) => $c->subscribe($topic, 0, ['retain_handling' => 3]),
    fn ($c) => $c->subscribe($topic, 0, ['subscription_identifier' => 0]),
    fn ($c) => $c->subscribe($topic, 0, ['subscription_identifier' => 268435456]),
    fn ($c) => $c->setWill($topic, 'x', 0, false, ['will_delay_interval' => 'later']),
    fn ($c) => $c->setWill($topic, 'x', 0, false, ['subscription_identifier' => 1]),
];
foreach ($bad as $call) {
    $texts = [];
    foreach (['3.1.1' => $v311, '5' => $v5] as $protocol => $c) {
        try {
            $call($c);
            $texts[$protocol] = 'accepted';
        } catch (Throwable $e) {
            $texts[$protocol] = get_class($e) . ': ' . $e->getMessage();
        }
    }
    echo $texts['5'], $texts['3.1.1'] === $texts['5'] ? '' : " (3.1.1: {$texts['3.1.1']})", "\n";
}
?>
--EXPECT--
onConnect: 2
onDisconnect: 1
onMessage: 1
onPublish: 1
onSubscribe: 3
onUnsubscribe: 1
onLog: 2
received properties: array (
  0 => 
  array (
  ),
  1 => 
  array (
  ),
)
-- MQTT 5 arguments on a 3.1.1 client
publish: Mosquitto\Exception: This feature is not supported. (publish properties need MQTT 5: setProtocolVersion(Mosquitto\ProtocolVersion::V5))
subscribe: Mosquitto\Exception: This feature is not supported. (subscription options need MQTT 5: setProtocolVersion(Mosquitto\ProtocolVersion::V5))
setWill, then connect: Mosquitto\Exception: This feature is not supported. (will properties need MQTT 5: setProtocolVersion(Mosquitto\ProtocolVersion::V5))
empty arrays: ok
-- bad keys and values
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) has an unknown key "bogus" (known: payload_format_indicator, message_expiry_interval, content_type, response_topic, correlation_data, user_properties)
TypeError: Mosquitto\Client::publish(): Argument #5 ($properties) key "message_expiry_interval" must be of type int, string given
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) key "message_expiry_interval" must be 0 to 4294967295 (seconds)
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) key "payload_format_indicator" must be 0 (bytes) or 1 (UTF-8 text)
TypeError: Mosquitto\Client::publish(): Argument #5 ($properties) key "correlation_data" must be of type string, int given
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) key "response_topic" must be a topic name (not empty, no wildcards)
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) key "content_type" must be UTF-8 text without NUL
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) key "user_properties" must be a list of [name, value] pairs of strings (or name => value)
TypeError: Mosquitto\Client::publish(): Argument #5 ($properties) key "user_properties" must be of type array, string given
TypeError: Mosquitto\Client::publish(): Argument #5 ($properties) key "content_type" must be of type string, array given
TypeError: Mosquitto\Client::publish(): Argument #5 ($properties) key "message_expiry_interval" must be of type int, float given
ValueError: Mosquitto\Client::publish(): Argument #5 ($properties) has an unknown key "bogus" (known: payload_format_indicator, message_expiry_interval, content_type, response_topic, correlation_data, user_properties)
ValueError: Mosquitto\Client::subscribe(): Argument #3 ($options) has an unknown key "bogus" (known: no_local, retain_as_published, retain_handling, subscription_identifier)
TypeError: Mosquitto\Client::subscribe(): Argument #3 ($options) key "no_local" must be of type bool, int given
ValueError: Mosquitto\Client::subscribe(): Argument #3 ($options) key "retain_handling" must be 0 (always), 1 (new subscriptions only) or 2 (never)
ValueError: Mosquitto\Client::subscribe(): Argument #3 ($options) key "subscription_identifier" must be 1 to 268435455
ValueError: Mosquitto\Client::subscribe(): Argument #3 ($options) key "subscription_identifier" must be 1 to 268435455
TypeError: Mosquitto\Client::setWill(): Argument #5 ($properties) key "will_delay_interval" must be of type int, string given
ValueError: Mosquitto\Client::setWill(): Argument #5 ($properties) has an unknown key "subscription_identifier" (known: will_delay_interval, payload_format_indicator, message_expiry_interval, content_type, response_topic, correlation_data, user_properties)

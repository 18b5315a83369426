--TEST--
MQTT 5: every publish property reaches the subscriber exactly as sent (repeated user property names, binary correlation data), with the identifier of the subscription it matched
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('v5-properties');
$subscriber = new Mosquitto\Client();
$subscriber->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$received = [];
$subscriber->onMessage(function (Mosquitto\Message $m) use (&$received) { $received[] = $m; });
$subacks = 0;
$subscriber->onSubscribe(function () use (&$subacks) { $subacks++; });
$subscriber->connect(MQTT_HOST, MQTT_PORT);
// Each message carries the identifier of the subscription it matched (1 and
// 268435455 are the smallest and largest a SUBSCRIBE can carry).
$subscriber->subscribe("$topic/+/job", 1, ['subscription_identifier' => 268435455]);
$subscriber->subscribe("$topic/plain", 1, ['subscription_identifier' => 1]);
loop_until($subscriber, function () use (&$subacks) { return $subacks === 2; });

$publisher = new Mosquitto\Client();
$publisher->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
$publisher->connect(MQTT_HOST, MQTT_PORT);
$sent = [
    'payload_format_indicator' => 1,
    'message_expiry_interval' => 3600,
    'content_type' => 'application/json; charset=utf-8',
    'response_topic' => "$topic/replies/é",
    'correlation_data' => "\x00\xff\x00binary\r\n\x80",
    'user_properties' => [['trace', 'a'], ['tenant', 'acme'], ['trace', 'b'], ['trace', 'a']],
];
$publisher->publish("$topic/x/job", '{"n":1}', 1, false, $sent);
// The name => value form, and a message with no properties at all.
$publisher->publish("$topic/plain", 'no properties', 1, false, ['user_properties' => ['only' => 'one', 'other' => '']]);
$publisher->publish("$topic/plain", 'nothing', 1);
$end = microtime(true) + 10;
while (count($received) < 3 && microtime(true) < $end) {
    $publisher->loop(10);
    $subscriber->loop(10);
}

$first = $received[0]->properties;
$ids = $first['subscription_identifiers'];
unset($first['subscription_identifiers']);
// The broker counts the expiry down while it holds the message: allow a second.
$expiry = $first['message_expiry_interval'];
echo "expiry 3599..3600: ", var_export($expiry >= 3599 && $expiry <= 3600, true), "\n";
$first['message_expiry_interval'] = 3600;
echo "payload: {$received[0]->payload}\n";
echo "properties as sent: ", var_export($first === $sent, true), "\n";
echo "correlation data: ", bin2hex($first['correlation_data']), "\n";
echo "user properties in order: ", json_encode($first['user_properties']), "\n";
echo "subscription identifiers: ", json_encode($ids), "\n";
echo "key order: ", implode(',', array_keys($received[0]->properties)), "\n";
echo "name => value form: ", json_encode($received[1]->properties), "\n";
echo "no properties: ", json_encode($received[2]->properties), "\n";
echo "properties type on a 3.1.1 message: ", var_export((new Mosquitto\Message())->properties ?? null, true), "\n";
?>
--EXPECT--
expiry 3599..3600: true
payload: {"n":1}
properties as sent: true
correlation data: 00ff0062696e6172790d0a80
user properties in order: [["trace","a"],["tenant","acme"],["trace","b"],["trace","a"]]
subscription identifiers: [268435455]
key order: payload_format_indicator,message_expiry_interval,content_type,response_topic,correlation_data,user_properties,subscription_identifiers
name => value form: {"user_properties":[["only","one"],["other",""]],"subscription_identifiers":[1]}
no properties: {"subscription_identifiers":[1]}
properties type on a 3.1.1 message: array (
)

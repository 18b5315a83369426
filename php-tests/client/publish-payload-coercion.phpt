--TEST--
Client::publish(): payloads and int arguments are converted like PHP's own functions convert them
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('coercion');
$client = connected_client();
$received = new ArrayObject();
$client->onMessage(function (Mosquitto\Message $m) use ($received) { $received[] = $m->payload; });
$client->subscribe($topic, 1);

class Task { public function __toString(): string { return 'stringable task'; } }

$payloads = [42, -7, 1.5, 0.1 + 0.2, 1e100, true, false, null, new Task(), "plain"];
foreach ($payloads as $payload) {
    $client->publish($topic, $payload, "1");  // qos given as a numeric string
}
loop_until($client, fn () => count($received) === count($payloads));
foreach ($payloads as $i => $payload) {
    // Exactly what PHP's own string conversion gives (null is sent as "").
    printf("%-6s => %-22s %s\n", get_debug_type($payload), var_export($received[$i], true),
        $received[$i] === (string) $payload ? 'same as (string)' : 'DIFFERS from (string)');
}

foreach ([
    fn () => $client->publish($topic, [1, 2]),
    fn () => $client->publish($topic, new stdClass()),
    fn () => $client->publish($topic, 'x', 'abc'),
    fn () => $client->publish($topic, 'x', 0, []),
    // PHP itself accepts a fractional float for an int, with a deprecation.
    fn () => $client->subscribe($topic, 1.5),
] as $bad) {
    try {
        $bad();
        echo "accepted\n";
    } catch (TypeError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
echo "named arguments: ", $client->publish(topic: $topic, payload: 'p', qos: 1) > 0 ? "ok" : "no", "\n";
?>
--EXPECTF--
int    => '42'                   same as (string)
int    => '-7'                   same as (string)
float  => '1.5'                  same as (string)
float  => '0.3'                  same as (string)
float  => '1.0E+100'             same as (string)
bool   => '1'                    same as (string)
bool   => ''                     same as (string)
null   => ''                     same as (string)
Task   => 'stringable task'      same as (string)
string => 'plain'                same as (string)
TypeError: Mosquitto\Client::publish(): Argument #2 ($payload) must be of type ?string, array given
TypeError: Mosquitto\Client::publish(): Argument #2 ($payload) must be of type ?string, stdClass given
TypeError: Mosquitto\Client::publish(): Argument #3 ($qos) must be of type int, string given
TypeError: Mosquitto\Client::publish(): Argument #4 ($retain) must be of type bool, array given

Deprecated: Implicit conversion from float 1.5 to int loses precision in %s on line %d
accepted
named arguments: ok

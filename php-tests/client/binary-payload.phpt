--TEST--
Binary payloads arrive byte for byte: all 256 byte values, and 1 MiB of random bytes
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('binary');
$client = connected_client();
$received = new ArrayObject();
$client->onMessage(function (Mosquitto\Message $m) use ($received) { $received[] = $m->payload; });
$client->subscribe($topic, 1);

$all = '';
for ($i = 0; $i < 256; $i++) {
    $all .= chr($i);
}
$big = random_bytes(1024 * 1024);
$client->publish($topic, $all, 1);
$client->publish($topic, $big, 1);
loop_until($client, fn () => count($received) === 2);
var_dump($received[0] === $all, strlen($received[0]));
var_dump($received[1] === $big, strlen($received[1]));
?>
--EXPECT--
bool(true)
int(256)
bool(true)
int(1048576)

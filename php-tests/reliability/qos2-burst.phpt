--TEST--
5,000 QoS 2 publishes at once to a mosquitto with max_queued_messages 0 (which refuses in-flight messages above its quota): all complete, each mid once, no disconnect
--DESCRIPTION--
With an in-flight window of 100 mosquitto answered the excess PUBLISHes with
PUBREC rc 151 (quota exceeded) and dropped the client about once a second:
0, 1,757 and 4,865 of 5,000 completed in 20 s, with 17 to 21 disconnects.
The window is libmosquitto's 20 now.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

// The harness's broker.sh writes max_queued_messages 0 into every broker's config.
$broker = new PrivateBroker();
$config = file_get_contents((new ReflectionProperty($broker, 'dir'))->getValue($broker) . '/mosquitto.conf');
echo "broker config has max_queued_messages 0: ", var_export(str_contains($config, "\nmax_queued_messages 0\n"), true), "\n";
$client = new Mosquitto\Client('qos2-burst-' . getmypid());
$completed = [];
$disconnects = 0;
$client->onPublish(function (int $mid) use (&$completed) { $completed[$mid] = ($completed[$mid] ?? 0) + 1; });
$client->onDisconnect(function () use (&$disconnects) { $disconnects++; });
$client->connect('127.0.0.1', $broker->port);

$mids = [];
$started = microtime(true);
for ($i = 1; $i <= 5000; $i++) {
    $mids[] = $client->publish('burst', "task $i", 2);
}
while (count($completed) < 5000 && microtime(true) < $started + 30) {
    $client->loop(10);
}
echo "distinct mids: ", count(array_unique($mids)), "\n";
echo "completed (onPublish): ", count($completed), ", each once: ", var_export(max($completed) === 1 && !array_diff($mids, array_keys($completed)), true), "\n";
echo "disconnects: $disconnects\n";
?>
--EXPECT--
broker config has max_queued_messages 0: true
distinct mids: 5000
completed (onPublish): 5000, each once: true
disconnects: 0

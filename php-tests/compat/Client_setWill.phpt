--TEST--
compat Client/setWill: all four arguments required (ArgumentCountError), types checked, a wildcard topic refused; the will is published on an unclean close only
--EXTENSIONS--
mosquitto
pcntl
posix
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$calls = [
    fn () => $client->setWill(),
    fn () => $client->setWill(new stdClass),
    fn () => $client->setWill('topic', 'payload'),
    fn () => $client->setWill('topic', 'payload', new stdClass, false),
    fn () => $client->setWill('topic', 'payload', 1),
    fn () => $client->setWill('topic', 'payload', 1, new stdClass),
    fn () => $client->setWill('#', 'payload', 1, false),
    fn () => $client->setWill('topic', 'payload', 1, false),
    fn () => $client->setWill('topic', 'payload', 1, true),
];
foreach ($calls as $call) {
    try {
        $call();
        echo "Done\n";
    } catch (Throwable $e) {
        writeException($e);
    }
}
// The will, for real: sent when the connection dies, not on disconnect().
$topic = unique_topic('will');
$watcher = connected_client();
$wills = new ArrayObject();
$watcher->onMessage(function (Mosquitto\Message $m) use ($wills) { $wills[] = $m->payload; });
$watcher->subscribe($topic, 1);
$watcher->loop(100);
$polite = new Mosquitto\Client();
$polite->setWill($topic, 'polite client gone', 1, false);
$polite->connect(MQTT_HOST, MQTT_PORT);
$polite->disconnect();
$script = sprintf('$c = new Mosquitto\Client(); $c->setWill(%s, "crashed client gone", 1, false); $c->connect(%s, %d); posix_kill(getmypid(), SIGKILL);',
    var_export($topic, true), var_export(MQTT_HOST, true), MQTT_PORT);
exec(escapeshellarg(PHP_BINARY) . ' -d extension=' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' -r ' . escapeshellarg($script) . ' 2>/dev/null');
loop_until($watcher, fn () => count($wills) >= 1);
$watcher->loop(300);
echo "wills: ", implode(', ', $wills->getArrayCopy()), "\n";
?>
--EXPECT--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setWill() expects at least 4 arguments, 0 given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setWill() expects at least 4 arguments, 1 given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setWill() expects at least 4 arguments, 2 given
Caught TypeError with code 0 and message: Mosquitto\Client::setWill(): Argument #3 ($qos) must be of type int, stdClass given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setWill() expects at least 4 arguments, 3 given
Caught TypeError with code 0 and message: Mosquitto\Client::setWill(): Argument #4 ($retain) must be of type bool, stdClass given
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.
Done
Done
wills: crashed client gone

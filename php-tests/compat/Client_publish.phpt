--TEST--
compat Client/publish: engine errors for missing and wrong arguments, "not currently connected", a self-subscribe round trip
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$calls = [
    fn () => $client->publish(),
    fn () => $client->publish(new stdClass),
    fn () => $client->publish(new stdClass, new stdClass),
    fn () => $client->publish('#'),
    fn () => $client->publish('topic'),
    fn () => $client->publish('topic', 'payload', new stdClass),
    fn () => $client->publish('topic', 'payload', 1, new stdClass),
    fn () => $client->publish('topic', 'payload', 1),
    fn () => $client->publish('topic', 'payload', 1, true),
    fn () => $client->publish('topic', 'payload', 1, false),
    fn () => $client->publish('topic', 'payload'),
];
foreach ($calls as $call) {
    try {
        $call();
        echo "Done\n";
    } catch (Throwable $e) {
        writeException($e);
    }
}
$topic = unique_topic('publish');
$client2 = new Mosquitto\Client();
$looping = true;
$client2->onConnect(function () use ($client2, $topic) {
    $client2->subscribe($topic, 0);
    $client2->publish($topic, 'hello', 0);
});
$client2->onMessage(function ($m) use ($client2, &$looping) {
    var_dump($m);
    $client2->disconnect();
    $looping = false;
});
$client2->connect(MQTT_HOST, MQTT_PORT);
for ($i = 0; $i < 20 && $looping; $i++) {
    $client2->loop(50);
}
?>
--EXPECTF--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::publish() expects at least 2 arguments, 0 given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::publish() expects at least 2 arguments, 1 given
Caught TypeError with code 0 and message: Mosquitto\Client::publish(): Argument #1 ($topic) must be of type string, stdClass given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::publish() expects at least 2 arguments, 1 given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::publish() expects at least 2 arguments, 1 given
Caught TypeError with code 0 and message: Mosquitto\Client::publish(): Argument #3 ($qos) must be of type int, stdClass given
Caught TypeError with code 0 and message: Mosquitto\Client::publish(): Argument #4 ($retain) must be of type bool, stdClass given
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
Caught Mosquitto\Exception with code 0 and message: The client is not currently connected.
object(Mosquitto\Message)#%d (5) {
  ["mid"]=>
  int(0)
  ["topic"]=>
  string(%d) "test/publish/%s"
  ["payload"]=>
  string(5) "hello"
  ["qos"]=>
  int(0)
  ["retain"]=>
  bool(false)
}

--TEST--
Automatic reconnect: broker killed and restarted; onDisconnect(7), onConnect(0), subscriptions and queued publishes restored
--EXTENSIONS--
mosquitto
posix
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$broker = new PrivateBroker();
$client = new Mosquitto\Client('survivor-' . getmypid());
$client->setReconnectDelay(1, 1, false);
$client->onConnect(function (int $rc, string $message) { echo "onConnect($rc, $message)\n"; });
$client->onDisconnect(function (int $rc) { echo "onDisconnect($rc)\n"; });
$received = new ArrayObject();
$client->onMessage(function (Mosquitto\Message $m) use ($received) { $received[] = $m->payload; });
$client->connect('127.0.0.1', $broker->port);
$client->subscribe('jobs', 1);
$client->loop(100);

$broker->kill();
$disconnected = false;
$client->onDisconnect(function (int $rc) use (&$disconnected) { echo "onDisconnect($rc)\n"; $disconnected = true; });
loop_until($client, function () use (&$disconnected) { return $disconnected; });
echo "publish while the broker is down returns a mid: ", $client->publish('jobs', 'queued while down', 1) > 0 ? 'yes' : 'no', "\n";
echo "connect() while reconnecting is harmless: ", $client->connect('127.0.0.1', $broker->port), "\n";

$broker->restart();
// Our own publish comes back through the restored subscription.
loop_until($client, fn () => count($received) >= 1, 15);
echo "received: ", implode(', ', $received->getArrayCopy()), "\n";
$other = new Mosquitto\Client();
$other->connect('127.0.0.1', $broker->port);
$other->publish('jobs', 'after restart', 1);
loop_until($client, fn () => count($received) >= 2);
echo "received: ", implode(', ', $received->getArrayCopy()), "\n";
?>
--EXPECT--
onConnect(0, Connection Accepted.)
onDisconnect(7)
publish while the broker is down returns a mid: yes
connect() while reconnecting is harmless: 0
onConnect(0, Connection Accepted.)
received: queued while down
received: queued while down, after restart
onDisconnect(0)

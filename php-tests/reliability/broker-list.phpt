--TEST--
Broker list in connect()'s host: first answering broker, onLog names it, failover to the next entry after a kill (IPv6 in brackets), wrap-around, subscriptions and unacknowledged publishes restored; errors name every entry
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function free_port(): int
{
    return (int) trim(shell_exec(HARNESS_DIR . '/broker.sh free-port'));
}
function attempt(string $host, int $port = 1883): void
{
    try {
        (new Mosquitto\Client())->connect($host, $port);
        echo "connected?!\n";
    } catch (Mosquitto\Exception $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$dead1 = free_port();
$dead2 = free_port();
attempt("127.0.0.1:$dead1,[::1]:$dead2");
attempt("127.0.0.1,,127.0.0.1");
attempt("127.0.0.1:0,127.0.0.1");
attempt("[::1");
attempt("127.0.0.1:$dead1,no-such-host.invalid:1883");

$v6 = free_port();
$a = new PrivateBroker();
$b = new PrivateBroker(["listener $v6 ::1"]);
$list = "127.0.0.1:$dead1, 127.0.0.1:{$a->port},[::1]:$v6";

$client = new Mosquitto\Client('list-' . getmypid(), false);
$client->setReconnectDelay(1, 1, false);
$client->onLog(function (int $level, string $line) {
    if ($level === Mosquitto\Client::LOG_NOTICE) {
        echo "LOG_NOTICE ", preg_replace('/^Client \S+ /', 'Client ID ', $line), "\n";
    }
});
$client->onConnect(function (int $rc) { echo "onConnect($rc)\n"; });
$disconnects = 0;
$client->onDisconnect(function (int $rc) use (&$disconnects) { echo "onDisconnect($rc)\n"; $disconnects++; });
$received = new ArrayObject();
$client->onMessage(function (Mosquitto\Message $m) use ($received) { $received[] = $m->payload; });
$client->connect($list, 1);
$client->subscribe('jobs', 1);
$client->loop(100);
echo "broker A saw us: ", str_contains($a->log(), 'list-') ? 'yes' : 'no', "\n";

$a->kill();
loop_until($client, function () use (&$disconnects) { return $disconnects >= 1; });
$mid = $client->publish('jobs', 'published while away', 1);
// Our own publish comes back through the subscription restored on B.
loop_until($client, fn () => count($received) >= 1, 15);
echo "received on B: ", implode(', ', $received->getArrayCopy()), "\n";
$other = new Mosquitto\Client();
$other->connect('::1', $v6);
$other->publish('jobs', 'sent to B', 1);
$other->disconnect();
loop_until($client, fn () => count($received) >= 2);
echo "received on B: ", implode(', ', $received->getArrayCopy()), "\n";

// B goes, A comes back: the rotation passes the dead entry and wraps to A.
$b->kill();
$a->start();
loop_until($client, function () use (&$disconnects) { return $disconnects >= 2; });
$client->publish('jobs', 'back on A', 1);
loop_until($client, fn () => count($received) >= 3, 15);
echo "received on A: ", $received[2], "\n";
?>
--EXPECTF--
Mosquitto\Exception: Could not connect to any broker of the list: 127.0.0.1:%d: Connection refused; [::1]:%d: Connection refused
Mosquitto\Exception: Invalid function arguments provided. (broker list entry 2 '': empty)
Mosquitto\Exception: Invalid function arguments provided. (broker list entry 1 '127.0.0.1:0': the port must be 1 to 65535)
Mosquitto\Exception: Invalid function arguments provided. (broker list entry 1 '[::1': no closing ']')
Mosquitto\Exception: Could not connect to any broker of the list: 127.0.0.1:%d: Connection refused; no-such-host.invalid:1883: Lookup error.
LOG_NOTICE Client ID connected to 127.0.0.1:%d
onConnect(0)
broker A saw us: yes
onDisconnect(7)
LOG_NOTICE Client ID reconnected to [::1]:%d
onConnect(0)
received on B: published while away
received on B: published while away, sent to B
onDisconnect(7)
LOG_NOTICE Client ID reconnected to 127.0.0.1:%d
onConnect(0)
received on A: back on A
onDisconnect(0)

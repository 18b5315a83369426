--TEST--
All clients of a process share one I/O thread: a client whose broker accepts and never answers (its reconnect waits for a CONNACK) does not hold up another client, and destroying it ends its connect attempt within the flush timeout plus the close grace
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$broker = new PrivateBroker();
$port = $broker->port;
$stuck = new Mosquitto\Client('hung-a');
$stuck->connect('127.0.0.1', $port);
$stuck->loop(0);
$broker->kill();
// In the broker's place, a listener that takes connections and never answers.
$server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
$read = [$server];
$write = $except = null;
echo "the stuck client reconnects: ", stream_select($read, $write, $except, 10) === 1 ? 'yes' : 'no', "\n";
$held = stream_socket_accept($server, 1);
stream_set_timeout($held, 5);
$first = fread($held, 1);
echo "and sent CONNECT, which is never answered: ", $first === "\x10" ? 'yes' : 'no (' . bin2hex((string) $first) . ')', "\n";

// Meanwhile another client of this process works at its usual pace.
$topic = unique_topic('hung');
$other = connected_client();
$got = 0;
$subscribed = false;
$other->onSubscribe(function () use (&$subscribed) { $subscribed = true; });
$other->onMessage(function () use (&$got) { $got++; });
$other->subscribe($topic, 1);
loop_until($other, function () use (&$subscribed) { return $subscribed; });
$slowest = 0.0;
for ($i = 1; $i <= 50; $i++) {
    $started = microtime(true);
    $other->publish($topic, "m$i", 1);
    loop_until($other, function () use (&$got, $i) { return $got >= $i; }, 5.0, 5);
    $slowest = max($slowest, microtime(true) - $started);
}
echo "the other client's 50 round trips, each under 1 s: ", $slowest < 1.0 ? 'yes' : "no (slowest {$slowest} s)", "\n";
echo "the stuck client still waits (its connection open): ", feof($held) ? 'no' : 'yes', "\n";

// The connect attempt does not look at commands: disconnecting ends it when
// the flush timeout (1 s) and the close grace (2 s) are over, not at the
// connect timeout (10 s).
$started = microtime(true);
$stuck = null;
$took = microtime(true) - $started;
echo "destroying the stuck client took 2.5 to 5 s: ", $took >= 2.5 && $took < 5 ? 'yes' : "no ($took s)", "\n";
stream_get_contents($held); // the rest of its CONNECT, then the end (or the 5 s read timeout)
echo "its connection is closed: ", feof($held) ? 'yes' : 'no', "\n";
$other->disconnect();
?>
--EXPECT--
the stuck client reconnects: yes
and sent CONNECT, which is never answered: yes
the other client's 50 round trips, each under 1 s: yes
the stuck client still waits (its connection open): yes
destroying the stuck client took 2.5 to 5 s: yes
its connection is closed: yes

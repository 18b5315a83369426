--TEST--
No call blocks without bound while the broker is away, and signals get in: a full outgoing queue makes publish() wait at most mosquitto.publish_timeout, then throw without taking a mid; connect() to a broker that never answers lets a SIGALRM handler run before "timed out"
--EXTENSIONS--
mosquitto
pcntl
posix
--INI--
mosquitto.max_queued_messages=100
mosquitto.publish_timeout=1500
mosquitto.connect_timeout=2
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

pcntl_async_signals(true);
$alarms = [];
pcntl_signal(SIGALRM, function () use (&$alarms) { $alarms[] = microtime(true); });

$broker = new PrivateBroker();
$client = new Mosquitto\Client('bounded-' . getmypid());
$client->setReconnectDelay(1, 1, false);
$connects = 0;
$client->onConnect(function () use (&$connects) { $connects++; });
$client->connect('127.0.0.1', $broker->port);
$client->loop(0);
$broker->kill();
usleep(300000);

$last = 0;
pcntl_alarm(1);
$started = microtime(true);
try {
    for ($i = 0; $i < 1000; $i++) {
        $last = $client->publish('bounded', "task $i", 1);
    }
    echo "never full?!\n";
} catch (Mosquitto\Exception $e) {
    $waited = microtime(true) - $started;
    echo "queued before full: $last\n";
    echo $e->getMessage(), "\n";
    echo "waited about 1.5 s: ", var_export($waited > 1.4 && $waited < 3, true), "\n";
    echo "the SIGALRM handler ran during the wait: ", var_export(count($alarms) === 1 && $alarms[0] < $started + $waited, true), "\n";
}
$broker->start();
loop_until($client, function () use (&$connects) { return $connects >= 2; });
echo "the next publish takes the next mid: ", $client->publish('bounded', 'after', 1), "\n";

// A "broker" that accepts the TCP connection and never answers CONNECT.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) explode(':', stream_socket_get_name($silent, false))[1];
$alarms = [];
pcntl_alarm(1);
$started = microtime(true);
try {
    (new Mosquitto\Client())->connect('127.0.0.1', $port);
} catch (Mosquitto\Exception $e) {
    echo preg_replace('/\(.*\)/', '(address)', $e->getMessage()), "\n";
    echo "the SIGALRM handler ran before that: ", var_export(count($alarms) === 1 && $alarms[0] < microtime(true) - 0.5, true), "\n";
}
?>
--EXPECT--
queued before full: 100
The outgoing queue is full: the broker has not taken what was already published (it is away or too slow).
waited about 1.5 s: true
the SIGALRM handler ran during the wait: true
the next publish takes the next mid: 101
Connection timed out waiting for CONNACK (address)
the SIGALRM handler ran before that: true

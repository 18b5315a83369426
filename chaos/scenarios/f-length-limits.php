<?php
// (f) Every length-prefixed field we put on the wire, at its 16-bit limit:
// 65,535 bytes go out and the broker takes them (CONNACK 0; the message
// arrives under its 65,535-byte topic), 65,536 bytes are refused at the call
// with libmosquitto's "Invalid function arguments provided." (before: written
// with a wrapped length, so the tail of a client id became the username).
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$port = $broker->port;
$expected = 'Invalid function arguments provided.';
$fields = [
    'client id' => fn ($s) => (new Mosquitto\Client($s))->connect('127.0.0.1', $port),
    'username' => function ($s) use ($port) { $c = new Mosquitto\Client(); $c->setCredentials($s, 'p'); return $c->connect('127.0.0.1', $port); },
    'password' => function ($s) use ($port) { $c = new Mosquitto\Client(); $c->setCredentials('u', $s); return $c->connect('127.0.0.1', $port); },
    'will topic' => function ($s) use ($port) { $c = new Mosquitto\Client(); $c->setWill($s, 'p', 1, false); return $c->connect('127.0.0.1', $port); },
    'will payload' => function ($s) use ($port) { $c = new Mosquitto\Client(); $c->setWill('w', $s, 1, false); return $c->connect('127.0.0.1', $port); },
];
$listener = new Mosquitto\Client();
$listener->connect('127.0.0.1', $port);
$listener->subscribe('#', 1);
$arrived = 0;
$listener->onMessage(function (Mosquitto\Message $m) use (&$arrived) { $arrived = strlen($m->topic); });
$publisher = new Mosquitto\Client();
$publisher->connect('127.0.0.1', $port);
$fields['topic'] = function ($s) use ($publisher, $listener, &$arrived) {
    $publisher->publish($s, 'x', 1);
    $deadline = microtime(true) + 5;
    while ($arrived !== strlen($s) && microtime(true) < $deadline) {
        $publisher->loop(10);
        $listener->loop(10);
    }
    return $arrived === strlen($s) ? 0 : "not delivered ($arrived)";
};
$listener->loop(200);

$wrong = [];
foreach ($fields as $field => $call) {
    foreach ([65535, 65536] as $n) {
        try {
            $result = $call(str_repeat('a', $n));
            $outcome = $result === 0 ? 'accepted' : "returned " . var_export($result, true);
        } catch (Throwable $e) {
            $outcome = get_class($e) . ': ' . $e->getMessage();
        }
        $want = $n === 65535 ? 'accepted' : "Mosquitto\\Exception: $expected";
        if ($outcome !== $want) {
            $wrong[] = "$field $n: $outcome";
        }
    }
}
chaos_row('f. every length-prefixed field at 65,535 and 65,536 bytes', !$wrong,
    $wrong ? implode('; ', $wrong)
        : sprintf('%d fields (%s): 65,535 accepted by the broker, 65,536 refused with "%s"', count($fields), implode(', ', array_keys($fields)), $expected));

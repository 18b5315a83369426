--TEST--
behaviour: loop semantics: exitLoop()/disconnect() inside onMessage, onPublish timing, mids, input checks, connect() while connected
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';
// differs: connect-same-while-connected (README: connect() on a connected client)
// differs: disconnect-in-onMessage-onDisconnect (README: disconnect() inside onMessage)
// differs: client-id-invalid-utf8 (README: client ids libmosquitto refuses)
// differs: client-id-nul (README: client ids libmosquitto refuses)
// differs: client-id-empty (README: client ids libmosquitto refuses)
// differs: client-id-control (README: client ids libmosquitto refuses)
// differs: host-with-nul (README: a host with a NUL byte)

function subscriber(string $topic, int $qos = 1, ?string $id = null, bool $clean = true): Mosquitto\Client
{
    $c = new Mosquitto\Client($id, $clean);
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, $qos);
    pump($c, 150);
    return $c;
}

function publish_all(string $topic, array $payloads, int $qos = 1): void
{
    $p = new Mosquitto\Client();
    $p->connect(MQTT_HOST, MQTT_PORT);
    foreach ($payloads as $payload) { $p->publish($topic, $payload, $qos); }
    pump($p, 200);
    $p->disconnect();
}

probe('exitLoop-in-onMessage-stops-batch', function () {
    $topic = unique_topic('exit');
    $c = subscriber($topic);
    publish_all($topic, ['1', '2', '3']);
    usleep(200000);
    $c->onMessage(function ($m) use ($c) { echo "got {$m->payload}\n"; $c->exitLoop(); });
    $c->loopForever();
    echo "loopForever returned\n";
    $c->onMessage(function ($m) { echo "later {$m->payload}\n"; });
    pump($c, 300);
});

probe('disconnect-in-onMessage-acks-current', function () {
    $topic = unique_topic('disc');
    $id = 'probe-disc-' . getmypid();
    $c = subscriber($topic, 1, $id, false);
    publish_all($topic, ['a', 'b']);
    usleep(200000);
    $c->onMessage(function ($m) use ($c) { echo "run 1 got {$m->payload}\n"; $c->disconnect(); echo "disconnect() returned\n"; });
    $c->loopForever();
    echo "loopForever returned\n";
    unset($c);
    $c = new Mosquitto\Client($id, false);
    $c->onMessage(function ($m) { echo "run 2 got {$m->payload}\n"; });
    $c->connect(MQTT_HOST, MQTT_PORT);
    pump($c, 400);
    $c->unsubscribe($topic);
    pump($c, 100);
    $c->disconnect();
    $c = new Mosquitto\Client($id, true); $c->connect(MQTT_HOST, MQTT_PORT); $c->disconnect();
});

probe('disconnect-in-onMessage-onDisconnect', function () {
    $topic = unique_topic('disc-cb');
    $c = subscriber($topic, 0);
    $c->onDisconnect(function ($rc) { echo "onDisconnect($rc)\n"; });
    $c->onMessage(function ($m) use ($c) { echo "got {$m->payload}\n"; $c->disconnect(); echo "disconnect() returned\n"; });
    publish_all($topic, ['x'], 0);
    usleep(100000);
    $c->loopForever();
    echo "loopForever returned\n";
    $c->onDisconnect(function ($rc) {});
});

probe('onPublish-qos0-inside-publish', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->onPublish(function ($mid) { echo "onPublish($mid)\n"; });
    echo "publish\n";
    $mid = $c->publish(unique_topic('p0'), 'x', 0);
    echo "publish returned $mid\n";
    pump($c, 100);
    echo "after loop\n";
});

probe('onPublish-qos0-exception-leaves-publish', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->onPublish(function ($mid) { throw new RuntimeException("from onPublish($mid)"); });
    try { $c->publish(unique_topic('p0'), 'x', 0); echo "publish returned\n"; }
    catch (Throwable $e) { echo 'publish threw ', throwable_line($e), "\n"; }
    try { pump($c, 100); echo "loop ok\n"; } catch (Throwable $e) { echo 'loop threw ', throwable_line($e), "\n"; }
});

probe('onPublish-qos1-in-loop', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->onPublish(function ($mid) { echo "onPublish($mid)\n"; });
    $mid = $c->publish(unique_topic('p1'), 'x', 1);
    echo "publish returned $mid\n";
    pump($c, 200);
    echo "after loop\n";
});

probe('mids-failing-calls', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    echo 'publish: ', $c->publish('t/a', 'x', 0), "\n";
    foreach ([['t/#', 0], ['', 0], ['t/a', 3], ['t/a', -1], ["a\nb", 0], ["t/\xff", 0]] as [$t, $q]) {
        try { echo $c->publish($t, 'x', $q), "\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    }
    echo 'publish: ', $c->publish('t/a', 'x', 1), "\n";
    try { $c->subscribe('a/#/b', 0); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    try { $c->subscribe('a', 5); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    echo 'subscribe: ', $c->subscribe('t/a', 0), "\n";
    try { $c->unsubscribe('a+'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    echo 'unsubscribe: ', $c->unsubscribe('t/a'), "\n";
});

probe('mids-not-connected', function () {
    $c = new Mosquitto\Client();
    try { $c->publish('t', 'x'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    try { $c->subscribe('t', 0); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    $c->connect(MQTT_HOST, MQTT_PORT);
    echo 'first mid after connect: ', $c->publish('t', 'x'), "\n";
});

probe('control-characters-in-topics', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    foreach (["a\nb", "a\tb", "a\x7fb", "a\u{80}b", "a\u{9f}b", "a\u{a0}b", "a\u{fffe}b", "a\u{d7ff}b"] as $t) {
        try { $c->publish($t, 'x'); echo json_encode($t), " publish ok\n"; } catch (Throwable $e) { echo json_encode($t), ' publish ', throwable_line($e), "\n"; }
        try { $c->subscribe($t, 0); echo json_encode($t), " subscribe ok\n"; } catch (Throwable $e) { echo json_encode($t), ' subscribe ', throwable_line($e), "\n"; }
    }
});

foreach (['invalid-utf8' => "bad\xff", 'nul' => "nul\0id", 'long' => str_repeat('x', 30), 'empty' => '', 'control' => "tab\tid"] as $what => $id) {
    probe("client-id-$what", function () use ($id) {
        try {
            $c = new Mosquitto\Client($id);
            echo "constructed\n";
            $c->connect(MQTT_HOST, MQTT_PORT);
            echo "connected\n";
            $c->disconnect();
        } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    });
}

probe('host-with-nul', function () {
    $c = new Mosquitto\Client();
    try { var_dump($c->connect(MQTT_HOST . "\0junk", MQTT_PORT)); $c->disconnect(); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('connect-elsewhere-while-connected', function () {
    $other = new PrivateBroker();
    $topic = unique_topic('elsewhere');
    $c = new Mosquitto\Client();
    $c->onConnect(function ($rc) { echo "onConnect($rc)\n"; });
    $c->onMessage(function ($m) { echo "message {$m->payload}\n"; });
    $c->connect(MQTT_HOST, MQTT_PORT);
    pump($c, 100);
    echo 'connect to the other broker: ', $c->connect('127.0.0.1', $other->port), "\n";
    pump($c, 200);
    $c->subscribe($topic, 0);
    pump($c, 200);
    $p = new Mosquitto\Client();
    $p->connect('127.0.0.1', $other->port);
    $p->publish($topic, 'from the other broker', 0);
    pump($p, 100);
    pump($c, 300);
});

probe('connect-same-while-connected', function () {
    $c = new Mosquitto\Client();
    $c->onConnect(function ($rc) { echo "onConnect($rc)\n"; });
    $c->onDisconnect(function ($rc) { echo "onDisconnect($rc)\n"; });
    echo $c->connect(MQTT_HOST, MQTT_PORT), "\n";
    pump($c, 100);
    echo $c->connect(MQTT_HOST, MQTT_PORT), "\n";
    pump($c, 200);
});
--EXPECT--
[exitLoop-in-onMessage-stops-batch] got 1
[exitLoop-in-onMessage-stops-batch] loopForever returned
[exitLoop-in-onMessage-stops-batch] later 2
[exitLoop-in-onMessage-stops-batch] later 3
[disconnect-in-onMessage-acks-current] run 1 got a
[disconnect-in-onMessage-acks-current] disconnect() returned
[disconnect-in-onMessage-acks-current] loopForever returned
[disconnect-in-onMessage-acks-current] run 2 got b
[disconnect-in-onMessage-onDisconnect] got x
[disconnect-in-onMessage-onDisconnect] disconnect() returned
[disconnect-in-onMessage-onDisconnect] onDisconnect(0)
[disconnect-in-onMessage-onDisconnect] loopForever returned
[onPublish-qos0-inside-publish] publish
[onPublish-qos0-inside-publish] onPublish(1)
[onPublish-qos0-inside-publish] publish returned 1
[onPublish-qos0-inside-publish] after loop
[onPublish-qos0-exception-leaves-publish] publish threw RuntimeException(0): from onPublish(1)
[onPublish-qos0-exception-leaves-publish] loop ok
[onPublish-qos1-in-loop] publish returned 1
[onPublish-qos1-in-loop] onPublish(1)
[onPublish-qos1-in-loop] after loop
[mids-failing-calls] publish: 1
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] Mosquitto\Exception(0): Malformed UTF-8
[mids-failing-calls] Mosquitto\Exception(0): Malformed UTF-8
[mids-failing-calls] publish: 2
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] subscribe: 3
[mids-failing-calls] Mosquitto\Exception(0): Invalid function arguments provided.
[mids-failing-calls] unsubscribe: 4
[mids-not-connected] Mosquitto\Exception(0): The client is not currently connected.
[mids-not-connected] Mosquitto\Exception(0): The client is not currently connected.
[mids-not-connected] first mid after connect: 2
[control-characters-in-topics] "a\nb" publish Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\nb" subscribe Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\tb" publish Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\tb" subscribe Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "ab" publish Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "ab" subscribe Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\u0080b" publish Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\u0080b" subscribe Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\u009fb" publish Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\u009fb" subscribe Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\u00a0b" publish ok
[control-characters-in-topics] "a\u00a0b" subscribe ok
[control-characters-in-topics] "a\ufffeb" publish Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\ufffeb" subscribe Mosquitto\Exception(0): Malformed UTF-8
[control-characters-in-topics] "a\ud7ffb" publish ok
[control-characters-in-topics] "a\ud7ffb" subscribe ok
[client-id-invalid-utf8] Mosquitto\Exception(1): Invalid function arguments provided.
[client-id-nul] Mosquitto\Exception(1): Invalid function arguments provided.
[client-id-long] constructed
[client-id-long] connected
[client-id-empty] Mosquitto\Exception(1): Invalid function arguments provided.
[client-id-control] Mosquitto\Exception(1): Invalid function arguments provided.
[host-with-nul] Mosquitto\Exception(0): Lookup error.
[connect-elsewhere-while-connected] onConnect(0)
[connect-elsewhere-while-connected] connect to the other broker: 0
[connect-elsewhere-while-connected] onConnect(0)
[connect-elsewhere-while-connected] message from the other broker
[connect-same-while-connected] 0
[connect-same-while-connected] onConnect(0)
[connect-same-while-connected] 0
[connect-same-while-connected] onDisconnect(0)

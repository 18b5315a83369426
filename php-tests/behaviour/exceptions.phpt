--TEST--
behaviour: exceptions: classes, codes and texts
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';
// differs: bad-qos (README: setWill() with QoS 3)

probe('exception-class', function () {
    $r = new ReflectionClass('Mosquitto\Exception');
    var_dump($r->getParentClass()->getName(), $r->isFinal());
});

foreach (['publish' => fn ($c) => $c->publish('t', 'x'), 'subscribe' => fn ($c) => $c->subscribe('t', 0),
    'unsubscribe' => fn ($c) => $c->unsubscribe('t'), 'loop' => fn ($c) => $c->loop(0),
    'loopForever' => fn ($c) => $c->loopForever(0), 'disconnect' => fn ($c) => $c->disconnect()] as $what => $call) {
    probe("not-connected-$what", function () use ($call) {
        try { $call(new Mosquitto\Client()); echo "no error\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    });
}

probe('disconnect-twice', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->disconnect();
    try { $c->disconnect(); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('bad-qos', function () {
    $c = new Mosquitto\Client();
    foreach ([fn () => $c->setWill('t', 'p', 3, false), fn () => $c->setWill('t/#', 'p', 0, false)] as $call) {
        try { $call(); echo "accepted\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    }
});

probe('callback-exception-from-loop', function () {
    $topic = unique_topic('throw');
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 0);
    pump($c, 150);
    $c->onMessage(function ($m) { throw new DomainException("bad {$m->payload}", 7); });
    $c->publish($topic, 'task', 0);
    try { pump($c, 300); echo "no exception\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('exception-code-and-previous', function () {
    $e = new Mosquitto\Exception('m', 3, new RuntimeException('p'));
    var_dump($e->getCode(), get_class($e->getPrevious()));
});

probe('exception-from-onConnect-leaves-loop', function () {
    $c = new Mosquitto\Client();
    $c->onConnect(function () { throw new LogicException('in onConnect'); });
    $c->connect(MQTT_HOST, MQTT_PORT);
    try { pump($c, 200); echo "no exception\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});
--EXPECT--
[exception-class] string(9) "Exception"
[exception-class] bool(false)
[not-connected-publish] Mosquitto\Exception(0): The client is not currently connected.
[not-connected-subscribe] Mosquitto\Exception(0): The client is not currently connected.
[not-connected-unsubscribe] Mosquitto\Exception(0): The client is not currently connected.
[not-connected-loop] Mosquitto\Exception(0): The client is not currently connected.
[not-connected-loopForever] Mosquitto\Exception(0): The client is not currently connected.
[not-connected-disconnect] Mosquitto\Exception(0): The client is not currently connected.
[disconnect-twice] Mosquitto\Exception(0): The client is not currently connected.
[bad-qos] Mosquitto\Exception(0): Invalid function arguments provided.
[bad-qos] Mosquitto\Exception(0): Invalid function arguments provided.
[callback-exception-from-loop] DomainException(7): bad task
[exception-code-and-previous] int(3)
[exception-code-and-previous] string(16) "RuntimeException"
[exception-from-onConnect-leaves-loop] LogicException(0): in onConnect

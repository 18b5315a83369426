--TEST--
behaviour: Client objects: subclass, clone, serialize, destructor, two clients, messages, retained, will, persistent session
--EXTENSIONS--
mosquitto
posix
--FILE--
<?php
require __DIR__ . '/probe.inc';
// differs: client-serialize (README: serialize() of a Client)
// differs: client-alias (README: MosquittoClient)

class Worker extends Mosquitto\Client
{
    public array $log = [];
    public function __construct(string $id)
    {
        parent::__construct($id);
        $this->onConnect(fn ($rc) => $this->log[] = "connected $rc");
    }
    public function publish($topic, $payload, $qos = 0, $retain = false): int
    {
        $this->log[] = "publish $topic";
        return parent::publish($topic, $payload, $qos, $retain);
    }
}

probe('client-subclass', function () {
    $w = new Worker('probe-worker-' . getmypid());
    $w->connect(MQTT_HOST, MQTT_PORT);
    pump($w, 200);
    echo $w->publish('probe/t', 'x'), "\n";
    var_dump($w instanceof Mosquitto\Client, $w->log);
});

probe('client-clone', function () {
    $c = new Mosquitto\Client();
    try { $d = clone $c; echo "cloned\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('client-serialize', function () {
    $c = new Mosquitto\Client();
    try { echo serialize($c), "\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('client-properties', function () {
    $c = new Mosquitto\Client();
    var_dump(get_object_vars($c), (array) $c);
});

probe('client-alias', function () {
    $c = new MosquittoClient();
    var_dump(get_class($c), $c instanceof Mosquitto\Client);
});

probe('destructor-disconnects', function () {
    $c = new Mosquitto\Client();
    $c->onDisconnect(function ($rc) { echo "onDisconnect($rc)\n"; });
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->loop(50);
    unset($c);
    echo "after unset\n";
});

probe('two-clients', function () {
    $topic = unique_topic('two');
    $a = new Mosquitto\Client();
    $b = new Mosquitto\Client();
    $b->onMessage(function ($m) { echo "b got {$m->payload}\n"; });
    $a->connect(MQTT_HOST, MQTT_PORT);
    $b->connect(MQTT_HOST, MQTT_PORT);
    $b->subscribe($topic, 1);
    pump($b, 150);
    echo 'a mid ', $a->publish($topic, 'hello', 1), "\n";
    pump($a, 100);
    pump($b, 300);
    echo 'b mid ', $b->publish($topic, 'self', 0), "\n";
    pump($b, 300);
});

probe('getSocket-types', function () {
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    var_dump(is_int($c->getSocket()), $c->getSocket() >= 0);
});

probe('message-in-callback', function () {
    $topic = unique_topic('msg');
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 1);
    pump($c, 150);
    $c->onMessage(function ($m) use ($topic) {
        var_dump(get_class($m), $m->topic === $topic, $m->payload, $m->qos, $m->retain, $m->mid > 0);
    });
    $c->publish($topic, 'body', 1);
    pump($c, 300);
});

probe('retained-message', function () {
    $topic = unique_topic('retained');
    $p = new Mosquitto\Client();
    $p->connect(MQTT_HOST, MQTT_PORT);
    $p->publish($topic, 'kept', 1, true);
    pump($p, 200);
    $c = new Mosquitto\Client();
    $c->onMessage(function ($m) { var_dump($m->payload, $m->retain); });
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 0);
    pump($c, 300);
    $p->publish($topic, '', 1, true);
    pump($p, 100);
});

probe('will-on-abnormal-end', function () {
    $topic = unique_topic('will');
    $c = new Mosquitto\Client();
    $c->onMessage(function ($m) { echo "will: {$m->payload}\n"; });
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 1);
    pump($c, 150);
    $code = sprintf('$w = new Mosquitto\Client(); $w->setWill(%s, "gone", 1, false); $w->connect(%s, %d); $w->loop(50); posix_kill(getmypid(), 9);',
        var_export($topic, true), var_export(MQTT_HOST, true), MQTT_PORT);
    $so = getenv('MOSQUITTO_EXT');
    exec(PHP_BINARY . ' -n -d extension=posix -d extension=' . escapeshellarg($so) . ' -r ' . escapeshellarg($code));
    pump($c, 800);
});

probe('clean-session-false-keeps-messages', function () {
    $topic = unique_topic('persist');
    $id = 'probe-persist-' . getmypid();
    $c = new Mosquitto\Client($id, false);
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 1);
    pump($c, 150);
    $c->disconnect();
    $p = new Mosquitto\Client();
    $p->connect(MQTT_HOST, MQTT_PORT);
    $p->publish($topic, 'while away', 1);
    pump($p, 200);
    $c = new Mosquitto\Client($id, false);
    $c->onMessage(function ($m) { echo "got {$m->payload}\n"; });
    $c->connect(MQTT_HOST, MQTT_PORT);
    pump($c, 400);
    $c->disconnect();
    $c = new Mosquitto\Client($id, true);
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->disconnect();
});
--EXPECT--
[client-subclass] 1
[client-subclass] bool(true)
[client-subclass] array(2) {
[client-subclass]   [0]=>
[client-subclass]   string(11) "connected 0"
[client-subclass]   [1]=>
[client-subclass]   string(15) "publish probe/t"
[client-subclass] }
[client-clone] Error(0): Trying to clone an uncloneable object of class Mosquitto\Client
[client-serialize] Exception(0): Serialization of 'Mosquitto\Client' is not allowed
[client-properties] array(0) {
[client-properties] }
[client-properties] array(0) {
[client-properties] }
[client-alias] string(16) "Mosquitto\Client"
[client-alias] bool(true)
[destructor-disconnects] onDisconnect(0)
[destructor-disconnects] after unset
[two-clients] a mid 1
[two-clients] b got hello
[two-clients] b mid 2
[two-clients] b got self
[getSocket-types] bool(true)
[getSocket-types] bool(true)
[message-in-callback] string(17) "Mosquitto\Message"
[message-in-callback] bool(true)
[message-in-callback] string(4) "body"
[message-in-callback] int(1)
[message-in-callback] bool(false)
[message-in-callback] bool(true)
[retained-message] string(4) "kept"
[retained-message] bool(true)
Killed
[will-on-abnormal-end] will: gone
[clean-session-false-keeps-messages] got while away

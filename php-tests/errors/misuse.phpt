--TEST--
Misuse gets exceptions, never a crash: calls before connect(), a subclass without parent::__construct(), clone, bad arguments
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function attempt(string $what, callable $call): void
{
    try {
        $call();
        echo "$what: no exception\n";
    } catch (Throwable $e) {
        printf("%s: %s: %s\n", $what, get_class($e), $e->getMessage());
    }
}

$client = new Mosquitto\Client();
attempt('publish before connect', fn () => $client->publish('t', 'p'));
attempt('subscribe before connect', fn () => $client->subscribe('t', 0));
attempt('loop before connect', fn () => $client->loop());
attempt('loopForever before connect', fn () => $client->loopForever());
attempt('disconnect before connect', fn () => $client->disconnect());
attempt('clone', fn () => clone $client);
attempt('persistent session without id', fn () => new Mosquitto\Client(null, false));
attempt('non-callable callback', fn () => $client->onMessage('no_such_function'));
attempt('non-callable callback (int)', fn () => $client->onConnect(42));
attempt('missing arguments', fn () => $client->publish());

class ForgetfulWorker extends Mosquitto\Client
{
    public function __construct() {}
}
$forgetful = new ForgetfulWorker();
attempt('subclass without parent::__construct', fn () => $forgetful->connect(MQTT_HOST, MQTT_PORT));

class Worker extends Mosquitto\Client
{
    public function __construct(public string $name) { parent::__construct("worker-$name"); }
    public function disconnect() { echo "Worker::disconnect\n"; parent::disconnect(); }
}
$worker = new Worker('a');
var_dump($worker instanceof Mosquitto\Client, $worker instanceof MosquittoClient, $worker->name);
$worker->connect(MQTT_HOST, MQTT_PORT);
$worker->disconnect();

$connected = connected_client();
attempt('publish with wildcard topic', fn () => $connected->publish('a/+/b', 'p'));
attempt('publish with qos 3', fn () => $connected->publish('a', 'p', 3));
attempt('subscribe with a bad filter', fn () => $connected->subscribe('a/#/b', 0));
attempt('subscribe with qos -1', fn () => $connected->subscribe('a', -1));
echo "still connected: ", $connected->publish('a', 'p') > 0 ? 'yes' : 'no', "\n";
?>
--EXPECTF--
publish before connect: Mosquitto\Exception: The client is not currently connected.
subscribe before connect: Mosquitto\Exception: The client is not currently connected.
loop before connect: Mosquitto\Exception: The client is not currently connected.
loopForever before connect: Mosquitto\Exception: The client is not currently connected.
disconnect before connect: Mosquitto\Exception: The client is not currently connected.
clone: Error: Trying to clone an uncloneable object of class Mosquitto\Client
persistent session without id: Mosquitto\Exception: Invalid function arguments provided.
non-callable callback: TypeError: Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, function "no_such_function" not found or invalid function name
non-callable callback (int): TypeError: Mosquitto\Client::onConnect(): Argument #1 ($onConnect) must be a valid callback or null, no array or string given
missing arguments: ArgumentCountError: Mosquitto\Client::publish() expects at least 2 arguments, 0 given
subclass without parent::__construct: Error: Mosquitto\Client::__construct() has not been called: a subclass constructor must call parent::__construct()
bool(true)
bool(true)
string(1) "a"
Worker::disconnect
publish with wildcard topic: Mosquitto\Exception: Invalid function arguments provided.
publish with qos 3: Mosquitto\Exception: Invalid function arguments provided.
subscribe with a bad filter: Mosquitto\Exception: Invalid function arguments provided.
subscribe with qos -1: Mosquitto\Exception: Invalid function arguments provided.
still connected: yes

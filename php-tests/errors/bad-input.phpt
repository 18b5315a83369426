--TEST--
Bad input, one row of README's table each: the PHP error type and message a PHP user expects, never a crash, nothing queued lost
--EXTENSIONS--
mosquitto
--INI--
memory_limit=-1
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function row(string $input, callable $call): void
{
    try {
        $call();
        printf("%-34s accepted\n", $input);
    } catch (Throwable $e) {
        printf("%-34s %s: %s\n", $input, get_class($e), $e->getMessage());
    }
}

$topic = unique_topic('bad');
$c = connected_client();
$got = new ArrayObject();
$c->onMessage(function (Mosquitto\Message $m) use ($got) { $got[] = $m->payload; });
$c->subscribe($topic, 1);
$c->publish($topic, 'queued before the bad calls', 1);

row('publish to a/+/b', fn () => $c->publish('a/+/b', 'x'));
row('publish to a/#', fn () => $c->publish('a/#', 'x'));
row('publish to empty topic', fn () => $c->publish('', 'x'));
row('topic of 65,536 bytes', fn () => $c->publish(str_repeat('t', 65536), 'x'));
row('topic of 65,535 bytes', fn () => $c->publish(str_repeat('t', 65535), 'x'));
row('topic not UTF-8', fn () => $c->publish("caf\xe9", 'x'));
row('topic with NUL', fn () => $c->publish("a\0b", 'x'));
row('topic with a newline', fn () => $c->publish("a\nb", 'x'));
row('topic with U+0085', fn () => $c->publish("a\u{85}b", 'x'));
row('topic with U+FFFE', fn () => $c->subscribe("a\u{fffe}b", 0));
row('subscribe a/#/b', fn () => $c->subscribe('a/#/b', 0));
row('subscribe a+', fn () => $c->subscribe('a+', 0));
row('subscribe not UTF-8', fn () => $c->subscribe("\xff/#", 0));
row('publish qos -1', fn () => $c->publish($topic, 'x', -1));
row('publish qos 3', fn () => $c->publish($topic, 'x', 3));
row('subscribe qos 3', fn () => $c->subscribe($topic, 3));
row('setWill qos 3', fn () => (new Mosquitto\Client())->setWill($topic, 'x', 3, false));
row('payload of 268,435,456 bytes', fn () => $c->publish($topic, str_repeat('p', 268435456)));
row('port 0', fn () => (new Mosquitto\Client())->connect(MQTT_HOST, 0));
row('port 70000', fn () => (new Mosquitto\Client())->connect(MQTT_HOST, 70000));
row('keepalive -1', fn () => (new Mosquitto\Client())->connect(MQTT_HOST, MQTT_PORT, -1));
row('unknown host', fn () => (new Mosquitto\Client())->connect('no-such-host.invalid', MQTT_PORT));
$closed = stream_socket_server('tcp://127.0.0.1:0');
$closedPort = (int) explode(':', stream_socket_get_name($closed, false))[1];
fclose($closed);
row('refused port', fn () => (new Mosquitto\Client())->connect('127.0.0.1', $closedPort));
$silent = stream_socket_server('tcp://127.0.0.1:0');
$silentPort = (int) explode(':', stream_socket_get_name($silent, false))[1];
ini_set('mosquitto.connect_timeout', '1');
row('broker that never answers', fn () => (new Mosquitto\Client())->connect('127.0.0.1', $silentPort));
ini_set('mosquitto.connect_timeout', '10');
$password = sys_get_temp_dir() . '/mosquitto-passwd-' . getmypid();
touch($password);
chmod($password, 0600); // mosquitto 2.0.21+ warns about password files others can read
exec('mosquitto_passwd -b ' . escapeshellarg($password) . ' worker s3cret');
$secured = new PrivateBroker(['allow_anonymous false', "password_file $password"]);
row('wrong password', function () use ($secured) {
    $client = new Mosquitto\Client();
    $client->setCredentials('worker', 'wrong');
    $client->connect('127.0.0.1', $secured->port);
});
row('no credentials', fn () => (new Mosquitto\Client())->connect('127.0.0.1', $secured->port));
row('right password', function () use ($secured) {
    $client = new Mosquitto\Client();
    $client->setCredentials('worker', 's3cret');
    return $client->connect('127.0.0.1', $secured->port);
});
unlink($password);
row('onMessage("nope")', fn () => (new Mosquitto\Client())->onMessage('nope'));
row('onConnect([1, 2])', fn () => (new Mosquitto\Client())->onConnect([1, 2]));
row('onMessage(null)', fn () => (new Mosquitto\Client())->onMessage(null));
row('client id ""', fn () => new Mosquitto\Client(''));
row('client id not UTF-8', fn () => new Mosquitto\Client("caf\xe9"));
row('client id with NUL', fn () => new Mosquitto\Client("a\0b"));
row('client id with a tab', fn () => new Mosquitto\Client("a\tb"));
row('no id, cleanSession false', fn () => new Mosquitto\Client(null, false));
row('publish qos null', fn () => $c->publish($topic, 'null qos', null));
row('loop maxPackets 0', fn () => $c->loop(0, 0));
row('publish before connect', fn () => (new Mosquitto\Client())->publish($topic, 'x'));
row('loop before connect', fn () => (new Mosquitto\Client())->loop());
$twice = connected_client();
$twice->disconnect();
row('disconnect twice', fn () => $twice->disconnect());

loop_until($c, fn () => count($got) >= 1);
echo "queued message delivered: ", $got[0], "\n";
?>
--EXPECTF--
publish to a/+/b                   Mosquitto\Exception: Invalid function arguments provided.
publish to a/#                     Mosquitto\Exception: Invalid function arguments provided.
publish to empty topic             Mosquitto\Exception: Invalid function arguments provided.
topic of 65,536 bytes              Mosquitto\Exception: Invalid function arguments provided.
topic of 65,535 bytes              accepted
topic not UTF-8                    Mosquitto\Exception: Malformed UTF-8
topic with NUL                     Mosquitto\Exception: Malformed UTF-8
topic with a newline               Mosquitto\Exception: Malformed UTF-8
topic with U+0085                  Mosquitto\Exception: Malformed UTF-8
topic with U+FFFE                  Mosquitto\Exception: Malformed UTF-8
subscribe a/#/b                    Mosquitto\Exception: Invalid function arguments provided.
subscribe a+                       Mosquitto\Exception: Invalid function arguments provided.
subscribe not UTF-8                Mosquitto\Exception: Malformed UTF-8
publish qos -1                     Mosquitto\Exception: Invalid function arguments provided.
publish qos 3                      Mosquitto\Exception: Invalid function arguments provided.
subscribe qos 3                    Mosquitto\Exception: Invalid function arguments provided.
setWill qos 3                      Mosquitto\Exception: Invalid function arguments provided.
payload of 268,435,456 bytes       Mosquitto\Exception: Payload too large.
port 0                             Mosquitto\Exception: Invalid function arguments provided.
port 70000                         Mosquitto\Exception: Invalid function arguments provided.
keepalive -1                       Mosquitto\Exception: Invalid function arguments provided.
unknown host                       Mosquitto\Exception: Lookup error.
refused port                       Mosquitto\Exception: Connection refused (127.0.0.1:%d)
broker that never answers          Mosquitto\Exception: Connection timed out waiting for CONNACK (127.0.0.1:%d)
wrong password                     Mosquitto\Exception: Connection Refused: %s.
no credentials                     Mosquitto\Exception: Connection Refused: not authorised.
right password                     accepted
onMessage("nope")                  TypeError: Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, function "nope" not found or invalid function name
onConnect([1, 2])                  TypeError: Mosquitto\Client::onConnect(): Argument #1 ($onConnect) must be a valid callback or null, first array member is not a valid class name or object
onMessage(null)                    Mosquitto\Exception: Need a valid callback
client id ""                       Mosquitto\Exception: Invalid function arguments provided.
client id not UTF-8                Mosquitto\Exception: Invalid function arguments provided.
client id with NUL                 Mosquitto\Exception: Invalid function arguments provided.
client id with a tab               Mosquitto\Exception: Invalid function arguments provided.
no id, cleanSession false          Mosquitto\Exception: Invalid function arguments provided.

Deprecated: Mosquitto\Client::publish(): Passing null to parameter #3 ($qos) of type int is deprecated in %s on line %d
publish qos null                   accepted
loop maxPackets 0                  Mosquitto\Exception: Invalid function arguments provided.
publish before connect             Mosquitto\Exception: The client is not currently connected.
loop before connect                Mosquitto\Exception: The client is not currently connected.
disconnect twice                   Mosquitto\Exception: The client is not currently connected.
queued message delivered: queued before the bad calls

--TEST--
Client::connect(): success, and a clear Mosquitto\Exception for each kind of failure
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$client = new Mosquitto\Client();
$client->onConnect(function (int $rc, string $message) { echo "onConnect($rc, $message)\n"; });
var_dump($client->connect(MQTT_HOST, MQTT_PORT));
echo "onConnect waits for loop():\n";
$client->loop(0);
echo "connect() again while connected is harmless: ", $client->connect(MQTT_HOST, MQTT_PORT), "\n";

function attempt(string $what, callable $connect): void
{
    try {
        $connect(new Mosquitto\Client());
        echo "$what: connected?!\n";
    } catch (Mosquitto\Exception $e) {
        printf("%s: %s (code %d)\n", $what, $e->getMessage(), $e->getCode());
    }
}

// A port nobody listens on.
$closed = stream_socket_server('tcp://127.0.0.1:0');
$closedPort = (int) explode(':', stream_socket_get_name($closed, false))[1];
fclose($closed);
attempt('closed port', fn ($c) => $c->connect('127.0.0.1', $closedPort));
attempt('unknown host', fn ($c) => $c->connect('no-such-host.invalid', MQTT_PORT));
attempt('port 0', fn ($c) => $c->connect(MQTT_HOST, 0));
attempt('port 70000', fn ($c) => $c->connect(MQTT_HOST, 70000));
attempt('keepalive 3', fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, 3));
attempt('bad bind address', fn ($c) => $c->connect(MQTT_HOST, MQTT_PORT, 60, 'not-an-address'));

// A broker that refuses anonymous clients answers CONNACK 5.
// An empty password file of the test's own, 0600: mosquitto 2.0.21+ refuses
// /dev/null and warns about password files others can read.
$emptyPasswords = tempnam(sys_get_temp_dir(), 'mosquitto-passwd-');
chmod($emptyPasswords, 0600);
$broker = new PrivateBroker(['allow_anonymous false', "password_file $emptyPasswords"]);
attempt('refused by broker', fn ($c) => $c->connect('127.0.0.1', $broker->port));
unlink($emptyPasswords);

// A server that accepts TCP but never speaks MQTT.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$silentPort = (int) explode(':', stream_socket_get_name($silent, false))[1];
ini_set('mosquitto.connect_timeout', '1');
attempt('silent server', fn ($c) => $c->connect('127.0.0.1', $silentPort));
?>
--EXPECTF--
int(0)
onConnect waits for loop():
onConnect(0, Connection Accepted.)
connect() again while connected is harmless: 0
closed port: Connection refused (127.0.0.1:%d) (code 0)
unknown host: Lookup error. (code 0)
port 0: Invalid function arguments provided. (code 0)
port 70000: Invalid function arguments provided. (code 0)
keepalive 3: Invalid function arguments provided. (code 0)
bad bind address: Lookup error. (code 0)
refused by broker: Connection Refused: not authorised. (code 5)
silent server: Connection timed out waiting for CONNACK (127.0.0.1:%d) (code 0)

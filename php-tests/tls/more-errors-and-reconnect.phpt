--TEST--
TLS: a TLS client to a plain port, wrong credentials over TLS, and the automatic reconnect over TLS
--EXTENSIONS--
mosquitto
posix
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
$certs = getenv('CERTIFICATE_DIR');

$c = new Mosquitto\Client();
$c->setTlsCertificates($certs . 'ca.crt');
ini_set('mosquitto.connect_timeout', '3');
try {
    $c->connect('localhost', MQTT_PORT);
    echo "connected?!\n";
} catch (Mosquitto\Exception $e) {
    echo "TLS to a plain port: ", preg_replace('/:\d+\)$/', ':PORT)', $e->getMessage()), "\n";
}
ini_set('mosquitto.connect_timeout', '10');

// A private broker with TLS and a password file; the test kills and restarts it.
$password = sys_get_temp_dir() . '/mosquitto-tls-passwd-' . getmypid();
touch($password);
chmod($password, 0600); // mosquitto 2.0.21+ warns about password files others can read
exec('mosquitto_passwd -b ' . escapeshellarg($password) . ' worker s3cret');
$broker = new PrivateBroker([
    'allow_anonymous false',
    "password_file $password",
    'listener ' . ($tlsPort = (int) trim(shell_exec(HARNESS_DIR . '/broker.sh free-port'))) . ' 127.0.0.1',
    "cafile {$certs}ca.crt",
    "certfile {$certs}server.crt",
    "keyfile {$certs}server.key",
]);
$wrong = new Mosquitto\Client();
$wrong->setTlsCertificates($certs . 'ca.crt');
$wrong->setCredentials('worker', 'wrong');
try {
    $wrong->connect('localhost', $tlsPort);
} catch (Mosquitto\Exception $e) {
    echo "wrong credentials over TLS: ", $e->getMessage(), " (code ", $e->getCode(), ")\n";
}

$client = new Mosquitto\Client('tls-survivor-' . getmypid());
$client->setTlsCertificates($certs . 'ca.crt');
$client->setCredentials('worker', 's3cret');
$client->setReconnectDelay(1, 1, false);
$client->onConnect(function (int $rc) { echo "onConnect($rc)\n"; });
$lost = false;
$client->onDisconnect(function (int $rc) use (&$lost) { echo "onDisconnect($rc)\n"; $lost = true; });
$got = new ArrayObject();
$client->onMessage(function (Mosquitto\Message $m) use ($got) { $got[] = $m->payload; });
$client->connect('localhost', $tlsPort);
$client->subscribe('secure/jobs', 1);
$client->loop(100);
$broker->kill();
loop_until($client, function () use (&$lost) { return $lost; });
$broker->start();
$client->publish('secure/jobs', 'after the TLS reconnect', 1);
loop_until($client, fn () => count($got) >= 1, 15);
echo "received: {$got[0]}\n";
$client->onDisconnect(function () {});
unlink($password);
?>
--EXPECTF--
TLS to a plain port: TLS handshake failed. (%s, localhost:PORT)
wrong credentials over TLS: Connection Refused: %s. (code %d)
onConnect(0)
onDisconnect(7)
onConnect(0)
received: after the TLS reconnect

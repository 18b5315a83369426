--TEST--
compat Client/setTlsPSK: argument checks as Mosquitto-PHP, then a connection to a PSK listener (psk_hint, psk_file)
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Ported from Mosquitto-PHP's tests/Client/setTlsPSK.phpt: an invalid hex key is
refused, a cipher string is not checked by setTlsPSK() itself, and the client
connects to a listener with psk_hint/psk_file (identity testuser, key
1234567890abcdef). The broker is a private one started here.
--FILE--
<?php
require __DIR__ . '/setup.inc';

$pskFile = sys_get_temp_dir() . '/mosquitto-psk-' . getmypid() . '.txt';
file_put_contents($pskFile, "testuser:1234567890abcdef\n");
register_shutdown_function(fn () => @unlink($pskFile));
$pskPort = (int) trim(shell_exec(HARNESS_DIR . '/broker.sh free-port'));
$broker = new PrivateBroker([
    "psk_file $pskFile",
    "listener $pskPort 127.0.0.1",
    'psk_hint Test PSK server',
]);

$client = new Mosquitto\Client();
$calls = [
    fn () => $client->setTlsPSK(),
    fn () => $client->setTlsPsk('1234567890abcdef'),
    fn () => $client->setTlsPsk('This is invalid hex', 'Username'),
    // "This actually doesn't fail" (Mosquitto-PHP's test)
    fn () => $client->setTlsPsk('1234567890abcdef', 'username', 'This is not a cipher string'),
    fn () => $client->setTlsPsk('1234567890abcdef', 'testuser'),
    fn () => $client->setTlsPsk('1234567890abcdef', 'testuser', 'DEFAULT'),
];
foreach ($calls as $call) {
    try {
        var_dump($call());
    } catch (Throwable $e) {
        writeException($e);
    }
}

$client->onConnect(function () use ($client) {
    echo "Connected successfully\n";
    $client->disconnect();
});
$client->connect(MQTT_HOST, $pskPort);
$client->loopForever();
?>
--EXPECT--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setTlsPSK() expects at least 2 arguments, 0 given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setTlsPSK() expects at least 2 arguments, 1 given
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.
int(0)
int(0)
int(0)
Connected successfully

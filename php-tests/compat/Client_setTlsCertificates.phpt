--TEST--
compat Client/setTlsCertificates: missing argument, missing files, a certificate without key; then CA-only and client-certificate (encrypted key) connections
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$calls = [
    fn () => $client->setTlsCertificates(),
    fn () => $client->setTlsCertificates('/does/not/exist'),
    fn () => $client->setTlsCertificates(CERTIFICATE_DIR . 'ca.crt', '/does/not/exist'),
    fn () => $client->setTlsCertificates(CERTIFICATE_DIR . 'ca.crt', __FILE__),
    fn () => $client->setTlsCertificates(CERTIFICATE_DIR . 'ca.crt', CERTIFICATE_DIR . 'client.crt'),
];
foreach ($calls as $call) {
    try {
        $call();
        echo "accepted\n";
    } catch (Throwable $e) {
        // Our messages add the detail in parentheses after libmosquitto's text.
        writeException($e);
    }
}
var_dump($client->setTlsCertificates(CERTIFICATE_DIR . 'ca.crt', CERTIFICATE_DIR . 'client.crt', CERTIFICATE_DIR . 'client.key'));

$client = new Mosquitto\Client();
$client->setTlsCertificates(CERTIFICATE_DIR . 'ca.crt');
$client->onConnect(function () use ($client) {
    echo "Connected successfully\n";
    $client->disconnect();
});
$client->connect('localhost', TEST_MQTT_TLS_PORT);
$client->loopForever();

$client2 = new Mosquitto\Client();
$client2->onConnect(function () use ($client2) {
    echo "Connected successfully with a client certificate\n";
    $client2->disconnect();
});
$client2->setTlsCertificates(CERTIFICATE_DIR . 'ca.crt', CERTIFICATE_DIR . 'client.crt', CERTIFICATE_DIR . 'client-enc.key', 'Mosquitto-PHP');
$client2->connect('localhost', TEST_MQTT_TLS_CERT_PORT);
$client2->loopForever();
?>
--EXPECTF--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setTlsCertificates() expects at least 1 argument, 0 given
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.%S
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.%S
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.%S
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.%S
int(0)
Connected successfully
Connected successfully with a client certificate

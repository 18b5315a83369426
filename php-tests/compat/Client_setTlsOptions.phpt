--TEST--
compat Client/setTlsOptions: engine errors for missing and wrong arguments; verify peer, a TLS version and a cipher list accepted
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$calls = [
    fn () => $client->setTlsOptions(),
    fn () => $client->setTlsOptions(new stdClass),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, new stdClass),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.2', new stdClass),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.2'),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.2', 'DEFAULT'),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.2', 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384'),
    fn () => $client->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv9'),
];
foreach ($calls as $call) {
    try {
        var_dump($call());
    } catch (Throwable $e) {
        writeException($e);
    }
}
?>
--EXPECTF--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setTlsOptions() expects at least 1 argument, 0 given
Caught TypeError with code 0 and message: Mosquitto\Client::setTlsOptions(): Argument #1 ($verify_peer) must be of type int, stdClass given
Caught TypeError with code 0 and message: Mosquitto\Client::setTlsOptions(): Argument #2 ($tls_version) must be of type ?string, stdClass given
Caught TypeError with code 0 and message: Mosquitto\Client::setTlsOptions(): Argument #3 ($ciphers) must be of type ?string, stdClass given
int(0)
int(0)
int(0)
int(0)
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.%S

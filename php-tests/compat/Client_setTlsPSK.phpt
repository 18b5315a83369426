--TEST--
compat Client/setTlsPSK: argument checks as Mosquitto-PHP; TLS-PSK itself is not available on rustls (pending in the TLS issue's scope)
--DESCRIPTION--
Mosquitto-PHP's test connects to a PSK listener. rustls has no external PSK,
so after the same argument checks we throw "This feature is not supported.",
as the README's differences table says.
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$calls = [
    fn () => $client->setTlsPSK(),
    fn () => $client->setTlsPsk('1234567890abcdef'),
    fn () => $client->setTlsPsk('This is invalid hex', 'Username'),
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
?>
--EXPECT--
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setTlsPSK() expects at least 2 arguments, 0 given
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::setTlsPSK() expects at least 2 arguments, 1 given
Caught Mosquitto\Exception with code 0 and message: Invalid function arguments provided.
Caught Mosquitto\Exception with code 0 and message: This feature is not supported.
Caught Mosquitto\Exception with code 0 and message: This feature is not supported.

--TEST--
TLS matrix: servers that must be refused (expired, other CA, self-signed, wrong host name) and what setTlsInsecure / SSL_VERIFY_NONE change
--EXTENSIONS--
mosquitto
--DESCRIPTION--
setTlsInsecure(true) skips only the host name check; SSL_VERIFY_NONE skips
verification altogether. Expected lines are what Mosquitto-PHP prints; after
its generic "A TLS error occurred." we may add details.
--FILE--
<?php
require __DIR__ . '/matrix.inc';
$b = base_dir();
$broker = new MatrixBroker([
    'expired' => tls_listener("{$b}expired.crt", "{$b}expired.key"),
    'other-ca' => tls_listener("{$b}other-server.crt", "{$b}other-server.key"),
    'self-signed' => tls_listener("{$b}self-signed.crt", "{$b}self-signed.key"),
    'wrong-host' => tls_listener("{$b}wrong-name.crt", "{$b}wrong-name.key"),
]);
$p = $broker->ports;
$default = fn (Mosquitto\Client $c) => $c->setTlsCertificates(base_dir() . 'ca.crt');
$insecure = function (Mosquitto\Client $c) {
    $c->setTlsCertificates(base_dir() . 'ca.crt');
    $c->setTlsInsecure(true);
};
$verifyNone = function (Mosquitto\Client $c) {
    $c->setTlsCertificates(base_dir() . 'ca.crt');
    $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_NONE);
};
// Mosquitto-PHP, expired / other CA / self-signed: refused ("A TLS error
// occurred."), refused with setTlsInsecure(true), round trip with SSL_VERIFY_NONE.
// Mosquitto-PHP, wrong host name (CA-signed for wrong.example): refused; round
// trip with setTlsInsecure(true) and with SSL_VERIFY_NONE.
foreach (['expired', 'other-ca', 'self-signed', 'wrong-host'] as $server) {
    tls_row("$server, default", $p[$server], $default);
    tls_row("$server, setTlsInsecure(true)", $p[$server], $insecure);
    tls_row("$server, SSL_VERIFY_NONE", $p[$server], $verifyNone);
}
// Mosquitto-PHP: a self-signed server certificate given as the CA file itself: round trip.
tls_row('self-signed, its own certificate as the CA file', $p['self-signed'],
    fn ($c) => $c->setTlsCertificates(base_dir() . 'self-signed.crt'));
?>
--EXPECTF--
expired, default: refused: Mosquitto\Exception: A TLS error occurred.%S
expired, setTlsInsecure(true): refused: Mosquitto\Exception: A TLS error occurred.%S
expired, SSL_VERIFY_NONE: round trip ok
other-ca, default: refused: Mosquitto\Exception: A TLS error occurred.%S
other-ca, setTlsInsecure(true): refused: Mosquitto\Exception: A TLS error occurred.%S
other-ca, SSL_VERIFY_NONE: round trip ok
self-signed, default: refused: Mosquitto\Exception: A TLS error occurred.%S
self-signed, setTlsInsecure(true): refused: Mosquitto\Exception: A TLS error occurred.%S
self-signed, SSL_VERIFY_NONE: round trip ok
wrong-host, default: refused: Mosquitto\Exception: A TLS error occurred.%S
wrong-host, setTlsInsecure(true): round trip ok
wrong-host, SSL_VERIFY_NONE: round trip ok
self-signed, its own certificate as the CA file: round trip ok

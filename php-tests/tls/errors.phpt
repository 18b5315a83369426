--TEST--
TLS errors are clear: missing files, a certificate without key, a wrong password, bad certificates, old TLS versions, PSK
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Only what setTlsCertificates(), setTlsOptions() and setTlsPSK() accept or
refuse, and connect() to servers that must be refused; php-tests/tls/matrix-*
has the round trips. As on Mosquitto-PHP, setTlsOptions() accepts tlsv1.1 and
any cipher string (OpenSSL judges it at connect()), and setTlsPSK() accepts a
hex key. Problems with the user's own files are refused by
setTlsCertificates() with details naming the file (Mosquitto-PHP finds most of
them only at connect()).
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$certs = getenv('CERTIFICATE_DIR');
function attempt(string $case, callable $call): void
{
    try {
        $call(new Mosquitto\Client());
        echo "$case: accepted\n";
    } catch (Mosquitto\Exception $e) {
        echo "$case: ", str_replace(getenv('CERTIFICATE_DIR'), 'CERTS/', $e->getMessage()), "\n";
    }
}
attempt('missing CA', fn ($c) => $c->setTlsCertificates('/does/not/exist'));
attempt('certificate without key', fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt'));
attempt('missing key', fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt', '/does/not/exist.key'));
attempt('not a certificate', fn ($c) => $c->setTlsCertificates(__FILE__));
attempt('encrypted key, no password', fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt', $certs . 'client-enc.key'));
attempt('DES3 key, wrong password', fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt', $certs . 'client-enc.key', 'wrong'));
attempt('PKCS#8 key, wrong password', fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt', $certs . 'client-pkcs8-enc.key', 'wrong'));
attempt('TLS 1.1', fn ($c) => $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.1'));
attempt('unknown TLS version', fn ($c) => $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv9'));
attempt('cipher string OpenSSL rejects (refused at connect)', fn ($c) => $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, null, 'RC4-MD5'));
attempt('PSK, not hex', fn ($c) => $c->setTlsPSK('This is invalid hex', 'user'));
attempt('PSK', fn ($c) => $c->setTlsPSK('1234567890abcdef', 'testuser'));

function connect_tls(string $case, int $port, callable $configure): void
{
    attempt($case, function ($c) use ($port, $configure) {
        $configure($c);
        $c->connect('localhost', $port);
    });
}
$ca = fn ($c) => $c->setTlsCertificates(getenv('CERTIFICATE_DIR') . 'ca.crt');
connect_tls('expired server certificate', (int) getenv('TEST_MQTT_TLS_EXPIRED_PORT'), $ca);
connect_tls('server certificate from another CA', (int) getenv('TEST_MQTT_TLS_OTHER_CA_PORT'), $ca);
connect_tls('certificate for another name', (int) getenv('TEST_MQTT_TLS_WRONG_NAME_PORT'), $ca);
connect_tls('self-signed server certificate', (int) getenv('TEST_MQTT_TLS_SELF_SIGNED_PORT'), $ca);
connect_tls('plain MQTT to a TLS port', (int) getenv('TEST_MQTT_TLS_PORT'), fn ($c) => null);
?>
--EXPECTF--
missing CA: Invalid function arguments provided. (%S/does/not/exist%S)
certificate without key: Invalid function arguments provided.%S
missing key: Invalid function arguments provided. (%S/does/not/exist.key%S)
not a certificate: Invalid function arguments provided. (%Serrors.php%S)
encrypted key, no password: Invalid function arguments provided. (%SCERTS/client-enc.key%S)
DES3 key, wrong password: Invalid function arguments provided. (%SCERTS/client-enc.key%S)
PKCS#8 key, wrong password: Invalid function arguments provided. (%SCERTS/client-pkcs8-enc.key%S)
TLS 1.1: accepted
unknown TLS version: Invalid function arguments provided.%S
cipher string OpenSSL rejects (refused at connect): accepted
PSK, not hex: Invalid function arguments provided.
PSK: accepted
expired server certificate: A TLS error occurred.%S
server certificate from another CA: A TLS error occurred.%S
certificate for another name: A TLS error occurred.%S
self-signed server certificate: A TLS error occurred.%S
plain MQTT to a TLS port: Connection closed before CONNACK; does this port expect TLS? (localhost:%d)

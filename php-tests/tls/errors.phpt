--TEST--
TLS errors are clear: missing files, a certificate without key, a wrong password, bad certificates, old TLS versions, PSK
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
attempt('no cipher rustls has', fn ($c) => $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, null, 'RC4-MD5'));
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
missing CA: Invalid function arguments provided. (CA /does/not/exist: No such file or directory)
certificate without key: Invalid function arguments provided. (a client certificate and its key must be given together)
missing key: Invalid function arguments provided. (key /does/not/exist.key: No such file or directory)
not a certificate: Invalid function arguments provided. (no CA certificate found in %serrors.php)
encrypted key, no password: Invalid function arguments provided. (key CERTS/client-enc.key: the key is encrypted and no password was given)
DES3 key, wrong password: Invalid function arguments provided. (key CERTS/client-enc.key: wrong password for the key)
PKCS#8 key, wrong password: Invalid function arguments provided. (key CERTS/client-pkcs8-enc.key: wrong password for the key (or an unsupported cipher))
TLS 1.1: A TLS error occurred. (tlsv1.1 is not offered: rustls speaks only TLS 1.2 and 1.3)
unknown TLS version: Invalid function arguments provided. (unknown TLS version tlsv9)
no cipher rustls has: Invalid function arguments provided. (no cipher suite rustls offers is named in "RC4-MD5")
PSK, not hex: Invalid function arguments provided.
PSK: This feature is not supported.
expired server certificate: A TLS error occurred. (invalid peer certificate: %s (localhost:%d))
server certificate from another CA: A TLS error occurred. (invalid peer certificate: UnknownIssuer (localhost:%d))
certificate for another name: A TLS error occurred. (invalid peer certificate: %s (localhost:%d))
self-signed server certificate: A TLS error occurred. (invalid peer certificate: %s (localhost:%d))
plain MQTT to a TLS port: Connection reset by peer before CONNACK; does this port expect TLS? (localhost:%d)

--TEST--
TLS round trips: CA file, CA directory, client certificate with plain, DES3-encrypted and PKCS#8-encrypted keys, insecure, verify none
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$certs = getenv('CERTIFICATE_DIR');
function tls_round_trip(string $case, int $port, callable $configure): void
{
    $client = new Mosquitto\Client();
    try {
        $configure($client);
        $client->connect('localhost', $port);
        $topic = unique_topic('tls');
        $got = new ArrayObject();
        $client->onMessage(function (Mosquitto\Message $m) use ($got) { $got[] = $m->payload; });
        $client->subscribe($topic, 1);
        $client->publish($topic, "over TLS: $case", 1);
        loop_until($client, fn () => count($got) === 1);
        echo "$case: {$got[0]}\n";
        $client->disconnect();
    } catch (Mosquitto\Exception $e) {
        echo "$case: FAILED: ", $e->getMessage(), "\n";
    }
}

$tls = (int) getenv('TEST_MQTT_TLS_PORT');
$mutual = (int) getenv('TEST_MQTT_TLS_CERT_PORT');
tls_round_trip('CA file', $tls, fn ($c) => $c->setTlsCertificates($certs . 'ca.crt'));
// A CA directory is a capath: make-certs.sh adds the hash links OpenSSL looks up.
tls_round_trip('CA directory', $tls, fn ($c) => $c->setTlsCertificates($certs . 'ca-dir'));
tls_round_trip('client certificate, plain key', $mutual,
    fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt', $certs . 'client.key'));
tls_round_trip('client certificate, DES3 key and password', $mutual,
    fn ($c) => $c->setTlsCertificates($certs . 'ca.crt', $certs . 'client.crt', $certs . 'client-enc.key', 'Mosquitto-PHP'));
tls_round_trip('client certificate, PKCS#8 encrypted key', $mutual,
    fn ($c) => $c->setTlsCertificates(ca_path: $certs . 'ca.crt', cert_path: $certs . 'client.crt', key_path: $certs . 'client-pkcs8-enc.key', key_pw: 'Mosquitto-PHP'));
tls_round_trip('TLS 1.2 only', $tls, function ($c) use ($certs) {
    $c->setTlsCertificates($certs . 'ca.crt');
    $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.2');
});
// The cipher string governs TLS 1.2 and older; TLS 1.3 suites are not touched
// (a TLS 1.3 suite name is no OpenSSL cipher string: see tls/matrix-versions-ciphers).
tls_round_trip('TLS 1.3 and a cipher string', $tls, function ($c) use ($certs) {
    $c->setTlsCertificates($certs . 'ca.crt');
    $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.3', 'HIGH:!aNULL');
});
tls_round_trip('insecure: certificate for another name', (int) getenv('TEST_MQTT_TLS_WRONG_NAME_PORT'), function ($c) use ($certs) {
    $c->setTlsCertificates($certs . 'ca.crt');
    $c->setTlsInsecure(true);
});
tls_round_trip('verify none: self-signed', (int) getenv('TEST_MQTT_TLS_SELF_SIGNED_PORT'), function ($c) use ($certs) {
    $c->setTlsCertificates($certs . 'ca.crt');
    $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_NONE);
});
?>
--EXPECT--
CA file: over TLS: CA file
CA directory: over TLS: CA directory
client certificate, plain key: over TLS: client certificate, plain key
client certificate, DES3 key and password: over TLS: client certificate, DES3 key and password
client certificate, PKCS#8 encrypted key: over TLS: client certificate, PKCS#8 encrypted key
TLS 1.2 only: over TLS: TLS 1.2 only
TLS 1.3 and a cipher string: over TLS: TLS 1.3 and a cipher string
insecure: certificate for another name: over TLS: insecure: certificate for another name
verify none: self-signed: over TLS: verify none: self-signed

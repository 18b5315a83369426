--TEST--
TLS matrix: client certificates and keys in every form OpenSSL writes, against listeners with require_certificate true
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Expected lines are what Mosquitto-PHP prints. A listener that refuses the
client's certificate does so after the client has finished its side of the TLS
1.3 handshake, so Mosquitto-PHP reports "The connection was lost." or "The
client is not currently connected." as timing has it; "A TLS error occurred."
is the same refusal seen earlier, and is accepted too.
--FILE--
<?php
require __DIR__ . '/matrix.inc';
$m = matrix_dir();
$b = base_dir();
$broker = new MatrixBroker([
    'recipe' => tls_listener("{$m}recipe-server.crt", "{$m}recipe-server.key",
        ['require_certificate true', 'use_identity_as_username true'], "{$m}recipe-ca.crt"),
    'mutual' => tls_listener("{$b}server.crt", "{$b}server.key", ['require_certificate true', 'use_identity_as_username true']),
]);
$p = $broker->ports;
$pw = 'Mosquitto-PHP';
$with = fn (string $cert, string $key, ?string $password = null) =>
    fn (Mosquitto\Client $c) => $c->setTlsCertificates(base_dir() . 'ca.crt', $cert, $key, $password);

// Mosquitto-PHP: the mosquitto-tls(7) recipe end to end (v1 server and client
// certificates, the client key from `genrsa -des3`) makes a round trip;
// without a client certificate the listener refuses.
tls_row('recipe: v1 client certificate, genrsa -des3 key', $p['recipe'],
    fn ($c) => $c->setTlsCertificates("{$m}recipe-ca.crt", "{$m}recipe-client.crt", "{$m}recipe-client.key", $pw));
tls_row('recipe listener, no client certificate', $p['recipe'], fn ($c) => $c->setTlsCertificates("{$m}recipe-ca.crt"));

// Mosquitto-PHP: round trip with every key form, the password given where it is encrypted.
tls_row('RSA key, PKCS#1', $p['mutual'], $with("{$m}client.crt", "{$m}client-pkcs1.key"));
tls_row('RSA key, PKCS#8', $p['mutual'], $with("{$m}client.crt", "{$m}client-pkcs8.key"));
tls_row('RSA key, traditional -des3', $p['mutual'], $with("{$m}client.crt", "{$m}client-des3.key", $pw));
tls_row('RSA key, traditional -aes256', $p['mutual'], $with("{$m}client.crt", "{$m}client-aes256.key", $pw));
tls_row('RSA key, PKCS#8 PBES2 AES-256', $p['mutual'], $with("{$m}client.crt", "{$m}client-pbes2.key", $pw));
tls_row('RSA key, PKCS#8 PBES1 PBE-SHA1-3DES', $p['mutual'], $with("{$m}client.crt", "{$m}client-pbes1.key", $pw));
tls_row('EC key, traditional -aes256', $p['mutual'], $with("{$m}client-ec.crt", "{$m}client-ec-enc.key", $pw));
tls_row('Ed25519 key', $p['mutual'], $with("{$m}client-ed25519.crt", "{$m}client-ed25519.key"));
// Mosquitto-PHP: round trip with a certificate chain file (leaf from the
// intermediate CA + the intermediate; the broker knows the root only) and with
// certificate and key in one file.
tls_row('client certificate chain through an intermediate CA', $p['mutual'], $with("{$m}client-chain.crt", "{$m}client-pkcs8.key"));
tls_row('certificate and key in one file', $p['mutual'], $with("{$m}client-combined.pem", "{$m}client-combined.pem"));

// Mosquitto-PHP: refused by the listener (see above for the texts).
tls_row('no client certificate', $p['mutual'], fn ($c) => $c->setTlsCertificates(base_dir() . 'ca.crt'));
tls_row('client certificate from another CA', $p['mutual'],
    fn ($c) => $c->setTlsCertificates(base_dir() . 'ca.crt', "{$m}recipe-client.crt", "{$m}recipe-client.key", $pw));
?>
--EXPECTF--
recipe: v1 client certificate, genrsa -des3 key: round trip ok
recipe listener, no client certificate: refused: Mosquitto\Exception: %r(A TLS error occurred\.|The connection was lost\.|The client is not currently connected\.)%r%S
RSA key, PKCS#1: round trip ok
RSA key, PKCS#8: round trip ok
RSA key, traditional -des3: round trip ok
RSA key, traditional -aes256: round trip ok
RSA key, PKCS#8 PBES2 AES-256: round trip ok
RSA key, PKCS#8 PBES1 PBE-SHA1-3DES: round trip ok
EC key, traditional -aes256: round trip ok
Ed25519 key: round trip ok
client certificate chain through an intermediate CA: round trip ok
certificate and key in one file: round trip ok
no client certificate: refused: Mosquitto\Exception: %r(A TLS error occurred\.|The connection was lost\.|The client is not currently connected\.)%r%S
client certificate from another CA: refused: Mosquitto\Exception: %r(A TLS error occurred\.|The connection was lost\.|The client is not currently connected\.)%r%S

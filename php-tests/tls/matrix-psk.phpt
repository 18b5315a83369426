--TEST--
TLS matrix: TLS-PSK (setTlsPSK) against psk_hint/psk_file listeners: the right key, a wrong key, an unknown identity, cipher and version options
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Expected lines are what Mosquitto-PHP prints; after its generic texts we may
add details.
--FILE--
<?php
require __DIR__ . '/matrix.inc';
$m = matrix_dir();
$b = base_dir();
// psk.txt: matrix-user:0123456789abcdef0123456789abcdef, other-user:deadbeef
$broker = new MatrixBroker([
    'psk' => ['psk_hint mosquitto-rs matrix'],
    'psk12' => ['psk_hint mosquitto-rs matrix', 'tls_version tlsv1.2'],
    'certificate' => tls_listener("{$b}server.crt", "{$b}server.key"),
], ["psk_file {$m}psk.txt"]);
$p = $broker->ports;
$key = '0123456789abcdef0123456789abcdef';
$psk = fn (string $key, string $identity, ?string $ciphers = null) =>
    fn (Mosquitto\Client $c) => $c->setTlsPSK($key, $identity, $ciphers);

// Mosquitto-PHP: round trip (hex in either case, by name or address, a 4-byte key).
tls_row('PSK', $p['psk'], $psk($key, 'matrix-user'));
tls_row('PSK, upper-case hex', $p['psk'], $psk(strtoupper($key), 'matrix-user'));
tls_row('PSK, by address', $p['psk'], $psk($key, 'matrix-user'), '127.0.0.1');
tls_row('PSK, short key', $p['psk'], $psk('deadbeef', 'other-user'));
// Mosquitto-PHP: refused ("A TLS error occurred.").
tls_row('PSK, wrong key', $p['psk'], $psk('0123456789abcdef0123456789abcdee', 'matrix-user'));
tls_row('PSK, unknown identity', $p['psk'], $psk($key, 'nobody'));
// Mosquitto-PHP: round trip with a PSK cipher named, on a TLS 1.2 listener, with tlsv1.2.
tls_row('PSK, ciphers PSK-AES128-GCM-SHA256', $p['psk'], $psk($key, 'matrix-user', 'PSK-AES128-GCM-SHA256'));
tls_row('PSK, TLS 1.2 listener', $p['psk12'], $psk($key, 'matrix-user'));
tls_row('PSK, TLS 1.2 listener, ciphers PSK-AES256-GCM-SHA384', $p['psk12'], $psk($key, 'matrix-user', 'PSK-AES256-GCM-SHA384'));
tls_row('PSK, tls_version tlsv1.2', $p['psk'], function ($c) use ($key) {
    $c->setTlsPSK($key, 'matrix-user');
    $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, 'tlsv1.2');
});
// Mosquitto-PHP: a PSK-only client (no CA given) reaching a certificate
// listener makes a round trip: libmosquitto verifies no certificate when only
// a PSK is set (OpenSSL's default, SSL_VERIFY_NONE). A certificate client to
// the PSK listener is refused.
tls_row('PSK to a certificate listener', $p['certificate'], $psk($key, 'matrix-user'));
tls_row('certificate client to the PSK listener', $p['psk'], fn ($c) => $c->setTlsCertificates(base_dir() . 'ca.crt'));
// Mosquitto-PHP: refused by setTlsPSK() ("Invalid function arguments provided.").
tls_row('PSK, not hex', $p['psk'], $psk('not hex at all', 'matrix-user'));
?>
--EXPECTF--
PSK: round trip ok
PSK, upper-case hex: round trip ok
PSK, by address: round trip ok
PSK, short key: round trip ok
PSK, wrong key: refused: Mosquitto\Exception: A TLS error occurred.%S
PSK, unknown identity: refused: Mosquitto\Exception: A TLS error occurred.%S
PSK, ciphers PSK-AES128-GCM-SHA256: round trip ok
PSK, TLS 1.2 listener: round trip ok
PSK, TLS 1.2 listener, ciphers PSK-AES256-GCM-SHA384: round trip ok
PSK, tls_version tlsv1.2: round trip ok
PSK to a certificate listener: round trip ok
certificate client to the PSK listener: refused: Mosquitto\Exception: A TLS error occurred.%S
PSK, not hex: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S

--TEST--
TLS matrix: tls_version against brokers limited to TLS 1.3, 1.2 or 1.1, OpenSSL cipher strings, RSA-1024/SHA-1 with @SECLEVEL=0
--EXTENSIONS--
mosquitto
--DESCRIPTION--
libmosquitto's tls_version is a minimum ("tlsv1.3" alone is exact): tlsv1.2 or
tlsv1.1 still reach a TLS 1.3 broker. Cipher strings go to OpenSSL as they are
and govern TLS 1.2 and older (TLS 1.3 suites are not touched), with OpenSSL's
keywords and @SECLEVEL; a string OpenSSL rejects fails at connect(). The
system OpenSSL's security level applies (Debian: 2), so TLS 1.1 and RSA-1024/
SHA-1 need "@SECLEVEL=0". Expected lines are what Mosquitto-PHP prints; after
its generic texts we may add details.
--FILE--
<?php
require __DIR__ . '/matrix.inc';
$m = matrix_dir();
$b = base_dir();
$server = fn (array $extra = []) => tls_listener("{$b}server.crt", "{$b}server.key", $extra);
$modern = new MatrixBroker([
    'tls13' => $server(['tls_version tlsv1.3']),
    'default' => $server(),
]);
// This broker's OpenSSL speaks TLS 1.2 at most and has @SECLEVEL=0 (tls12.cnf).
$legacy = new MatrixBroker([
    'tls12' => $server(['tls_version tlsv1.2']),
    'aes128' => $server(['tls_version tlsv1.2', 'ciphers ECDHE-RSA-AES128-GCM-SHA256']),
    'rsa1024' => tls_listener("{$m}rsa1024-sha1.crt", "{$m}rsa1024-sha1.key"),
], [], "{$m}tls12.cnf");
// And one whose OpenSSL speaks TLS 1.1 only (tls11.cnf).
$tls11 = new MatrixBroker(['tls11' => $server(['tls_version tlsv1.1'])], [], "{$m}tls11.cnf");
$p = $modern->ports + $legacy->ports + $tls11->ports;
$opts = fn (?string $version, ?string $ciphers = null) => function (Mosquitto\Client $c) use ($version, $ciphers) {
    $c->setTlsCertificates(base_dir() . 'ca.crt');
    $c->setTlsOptions(Mosquitto\Client::SSL_VERIFY_PEER, $version, $ciphers);
};

// Mosquitto-PHP: TLS 1.3 broker: round trip with every version (a minimum).
// TLS 1.2 broker: round trip but with tlsv1.3 (refused, "A TLS error occurred.").
foreach (['tls13' => 'TLS 1.3 broker', 'tls12' => 'TLS 1.2 broker'] as $listener => $label) {
    foreach ([null, 'tlsv1.3', 'tlsv1.2', 'tlsv1.1'] as $version) {
        tls_row("$label, client tls_version " . ($version ?? 'default'), $p[$listener], $opts($version));
    }
}
// Mosquitto-PHP: TLS 1.1 broker: refused unless tlsv1.1 and @SECLEVEL=0 together.
tls_row('TLS 1.1 broker, client tls_version default', $p['tls11'], $opts(null));
tls_row('TLS 1.1 broker, client tls_version tlsv1.1', $p['tls11'], $opts('tlsv1.1'));
tls_row('TLS 1.1 broker, client tls_version tlsv1.1, ciphers DEFAULT:@SECLEVEL=0', $p['tls11'], $opts('tlsv1.1', 'DEFAULT:@SECLEVEL=0'));
tls_row('TLS 1.1 broker, client tls_version default, ciphers DEFAULT:@SECLEVEL=0', $p['tls11'], $opts(null, 'DEFAULT:@SECLEVEL=0'));
// Mosquitto-PHP: versions other than tlsv1.1/1.2/1.3 are refused by setTlsOptions()
// ("Invalid function arguments provided.").
tls_row('client tls_version tlsv1', $p['default'], $opts('tlsv1'));
tls_row('client tls_version tlsv9', $p['default'], $opts('tlsv9'));

// Mosquitto-PHP: OpenSSL keywords work; a TLS 1.2 name does not stop TLS 1.3.
tls_row('ciphers HIGH:!aNULL, default broker', $p['default'], $opts(null, 'HIGH:!aNULL'));
tls_row('ciphers HIGH:!aNULL, TLS 1.2 broker', $p['tls12'], $opts(null, 'HIGH:!aNULL'));
tls_row('ciphers ECDHE-RSA-AES256-GCM-SHA384, default broker (TLS 1.3 suites untouched)', $p['default'], $opts(null, 'ECDHE-RSA-AES256-GCM-SHA384'));
tls_row('ciphers ECDHE-RSA-AES256-GCM-SHA384, tlsv1.2, broker with TLS 1.3', $p['tls13'], $opts('tlsv1.2', 'ECDHE-RSA-AES256-GCM-SHA384'));
// Mosquitto-PHP: a TLS 1.2 broker allowing one cipher: round trip with the
// default list, that cipher and nothing else; refused otherwise.
tls_row('AES-128-only broker, client default', $p['aes128'], $opts(null));
tls_row('AES-128-only broker, ciphers ECDHE-RSA-AES128-GCM-SHA256', $p['aes128'], $opts(null, 'ECDHE-RSA-AES128-GCM-SHA256'));
tls_row('AES-128-only broker, ciphers ECDHE-RSA-AES256-GCM-SHA384', $p['aes128'], $opts(null, 'ECDHE-RSA-AES256-GCM-SHA384'));
tls_row('AES-128-only broker, ciphers HIGH:!aNULL:!AES128', $p['aes128'], $opts(null, 'HIGH:!aNULL:!AES128'));
// Mosquitto-PHP: setTlsOptions() accepts any string; connect() fails when
// OpenSSL finds no TLS 1.2 cipher in it (TLS 1.3 suite names are not cipher names).
tls_row('ciphers TLS_AES_256_GCM_SHA384 (a TLS 1.3 suite name)', $p['default'], $opts(null, 'TLS_AES_256_GCM_SHA384'));
tls_row('ciphers RC4-MD5 (none OpenSSL offers)', $p['default'], $opts(null, 'RC4-MD5'));
tls_row('ciphers not-a-cipher', $p['default'], $opts(null, 'not-a-cipher'));
// Mosquitto-PHP: an RSA-1024 certificate signed with SHA-1 is refused at the
// system's security level, and makes a round trip with @SECLEVEL=0.
tls_row('RSA-1024/SHA-1 server, default', $p['rsa1024'], $opts(null));
tls_row('RSA-1024/SHA-1 server, ciphers DEFAULT:@SECLEVEL=0', $p['rsa1024'], $opts(null, 'DEFAULT:@SECLEVEL=0'));
?>
--EXPECTF--
TLS 1.3 broker, client tls_version default: round trip ok
TLS 1.3 broker, client tls_version tlsv1.3: round trip ok
TLS 1.3 broker, client tls_version tlsv1.2: round trip ok
TLS 1.3 broker, client tls_version tlsv1.1: round trip ok
TLS 1.2 broker, client tls_version default: round trip ok
TLS 1.2 broker, client tls_version tlsv1.3: refused: Mosquitto\Exception: A TLS error occurred.%S
TLS 1.2 broker, client tls_version tlsv1.2: round trip ok
TLS 1.2 broker, client tls_version tlsv1.1: round trip ok
TLS 1.1 broker, client tls_version default: refused: Mosquitto\Exception: A TLS error occurred.%S
TLS 1.1 broker, client tls_version tlsv1.1: refused: Mosquitto\Exception: A TLS error occurred.%S
TLS 1.1 broker, client tls_version tlsv1.1, ciphers DEFAULT:@SECLEVEL=0: round trip ok
TLS 1.1 broker, client tls_version default, ciphers DEFAULT:@SECLEVEL=0: refused: Mosquitto\Exception: A TLS error occurred.%S
client tls_version tlsv1: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S
client tls_version tlsv9: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S
ciphers HIGH:!aNULL, default broker: round trip ok
ciphers HIGH:!aNULL, TLS 1.2 broker: round trip ok
ciphers ECDHE-RSA-AES256-GCM-SHA384, default broker (TLS 1.3 suites untouched): round trip ok
ciphers ECDHE-RSA-AES256-GCM-SHA384, tlsv1.2, broker with TLS 1.3: round trip ok
AES-128-only broker, client default: round trip ok
AES-128-only broker, ciphers ECDHE-RSA-AES128-GCM-SHA256: round trip ok
AES-128-only broker, ciphers ECDHE-RSA-AES256-GCM-SHA384: refused: Mosquitto\Exception: A TLS error occurred.%S
AES-128-only broker, ciphers HIGH:!aNULL:!AES128: refused: Mosquitto\Exception: A TLS error occurred.%S
ciphers TLS_AES_256_GCM_SHA384 (a TLS 1.3 suite name): refused: Mosquitto\Exception: A TLS error occurred.%S
ciphers RC4-MD5 (none OpenSSL offers): refused: Mosquitto\Exception: A TLS error occurred.%S
ciphers not-a-cipher: refused: Mosquitto\Exception: A TLS error occurred.%S
RSA-1024/SHA-1 server, default: refused: Mosquitto\Exception: A TLS error occurred.%S
RSA-1024/SHA-1 server, ciphers DEFAULT:@SECLEVEL=0: round trip ok

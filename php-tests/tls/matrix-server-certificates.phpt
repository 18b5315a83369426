--TEST--
TLS matrix: server certificates as users make them (man page recipe, CN only, SAN DNS/IP, wildcard, chain, CA directory, EC, Ed25519)
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Each row is a real round trip on a listener of a private mosquitto, or the
failure. The expected lines are what Mosquitto-PHP (libmosquitto 2.0 on the
system OpenSSL) prints; where its text is generic ("A TLS error occurred.") we
may add details after it. libmosquitto's host name rules: subjectAltName DNS
and IP entries; the CN (compared as text, also with an address) only when the
certificate has no DNS entry; "*." matches one label, even for "*.localhost".
--FILE--
<?php
require __DIR__ . '/matrix.inc';
$m = matrix_dir();
$b = base_dir();
$broker = new MatrixBroker([
    'recipe' => tls_listener("{$m}recipe-server.crt", "{$m}recipe-server.key", [], "{$m}recipe-ca.crt"),
    'san' => tls_listener("{$b}server.crt", "{$b}server.key"),
    'cn-only' => tls_listener("{$m}cn-only.crt", "{$m}server.key"),
    'san-dns' => tls_listener("{$m}san-dns.crt", "{$m}server.key"),
    'san-ip' => tls_listener("{$m}san-ip.crt", "{$m}server.key"),
    'cn-ip' => tls_listener("{$m}cn-ip.crt", "{$m}server.key"),
    'wildcard' => tls_listener("{$m}wildcard.crt", "{$m}server.key"),
    'wildcard-short' => tls_listener("{$m}wildcard-short.crt", "{$m}server.key"),
    'chain' => tls_listener("{$m}chain.crt", "{$m}server.key"),
    'ec' => tls_listener("{$m}ec.crt", "{$m}ec.key"),
    'ed25519' => tls_listener("{$m}ed25519.crt", "{$m}ed25519.key"),
]);
$p = $broker->ports;
$ca = fn (string $file) => fn (Mosquitto\Client $c) => $c->setTlsCertificates($file);

// Mosquitto-PHP: round trip (X.509 v1 server certificate, host name from the CN).
tls_row('recipe: v1 CA-signed server certificate, CN only', $p['recipe'], $ca("{$m}recipe-ca.crt"));

// Mosquitto-PHP: round trip both ways.
tls_row('SAN DNS+IP, by name', $p['san'], $ca("{$b}ca.crt"));
tls_row('SAN DNS+IP, by address', $p['san'], $ca("{$b}ca.crt"), '127.0.0.1');

// Mosquitto-PHP: the CN is used when there is no subjectAltName: round trip by
// name; by address refused ("A TLS error occurred.").
tls_row('v3, CN only, by name', $p['cn-only'], $ca("{$b}ca.crt"));
tls_row('v3, CN only, by address', $p['cn-only'], $ca("{$b}ca.crt"), '127.0.0.1');

// Mosquitto-PHP: a DNS entry wins over the CN: by name round trip, by address refused.
tls_row('SAN DNS only (CN differs), by name', $p['san-dns'], $ca("{$b}ca.crt"));
tls_row('SAN DNS only, by address', $p['san-dns'], $ca("{$b}ca.crt"), '127.0.0.1');

// Mosquitto-PHP: an IP entry matches the address; with no DNS entry the CN
// still counts, so "localhost" = CN passes too; a CN that is the address passes.
tls_row('SAN IP only, by address', $p['san-ip'], $ca("{$b}ca.crt"), '127.0.0.1');
tls_row('SAN IP only, by name = CN', $p['san-ip'], $ca("{$b}ca.crt"));
tls_row('CN is the address, no SAN, by address', $p['cn-ip'], $ca("{$b}ca.crt"), '127.0.0.1');

// Mosquitto-PHP: "*.wild.test" matches broker.wild.test, not localhost;
// libmosquitto's own rule also lets "*.localhost" match broker.localhost.
// (The child PHP sees these names on 127.0.0.1 through a private /etc/hosts.)
$caCode = 'fn ($c) => $c->setTlsCertificates(base_dir() . "ca.crt")';
tls_row_with_hostname('wildcard *.wild.test, as broker.wild.test', $p['wildcard'], $caCode, 'broker.wild.test');
tls_row('wildcard *.wild.test, as localhost', $p['wildcard'], $ca("{$b}ca.crt"));
tls_row_with_hostname('wildcard *.localhost, as broker.localhost', $p['wildcard-short'], $caCode, 'broker.localhost');

// Mosquitto-PHP: the broker sends leaf + intermediate, the root verifies it;
// trusting only the intermediate is refused (no partial chains).
tls_row('intermediate CA, chain sent by the broker', $p['chain'], $ca("{$b}ca.crt"));
tls_row('intermediate CA, the client has only the intermediate', $p['chain'], $ca("{$m}intermediate.crt"));

// Mosquitto-PHP: a CA file holding several CAs (a bundle) works.
tls_row('CA bundle: another CA, then ours', $p['san'], $ca("{$m}ca-bundle.crt"));

// Mosquitto-PHP: a directory is a capath, looked up by subject hash: with
// `openssl rehash` links round trip; without them refused.
tls_row('CA directory with hash links', $p['san'], $ca("{$m}ca-hashed"));
tls_row('CA directory without hash links', $p['san'], $ca("{$m}ca-unhashed"));

// Mosquitto-PHP: round trip with EC and Ed25519 server keys.
tls_row('EC P-256 server key', $p['ec'], $ca("{$b}ca.crt"));
tls_row('Ed25519 server key', $p['ed25519'], $ca("{$b}ca.crt"));
?>
--EXPECTF--
recipe: v1 CA-signed server certificate, CN only: round trip ok
SAN DNS+IP, by name: round trip ok
SAN DNS+IP, by address: round trip ok
v3, CN only, by name: round trip ok
v3, CN only, by address: refused: Mosquitto\Exception: A TLS error occurred.%S
SAN DNS only (CN differs), by name: round trip ok
SAN DNS only, by address: refused: Mosquitto\Exception: A TLS error occurred.%S
SAN IP only, by address: round trip ok
SAN IP only, by name = CN: round trip ok
CN is the address, no SAN, by address: round trip ok
wildcard *.wild.test, as broker.wild.test: round trip ok
wildcard *.wild.test, as localhost: refused: Mosquitto\Exception: A TLS error occurred.%S
wildcard *.localhost, as broker.localhost: round trip ok
intermediate CA, chain sent by the broker: round trip ok
intermediate CA, the client has only the intermediate: refused: Mosquitto\Exception: A TLS error occurred.%S
CA bundle: another CA, then ours: round trip ok
CA directory with hash links: round trip ok
CA directory without hash links: refused: Mosquitto\Exception: A TLS error occurred.%S
EC P-256 server key: round trip ok
Ed25519 server key: round trip ok

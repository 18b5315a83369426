--TEST--
TLS matrix: problems with the user's own files (missing, not PEM, DER, wrong password, key not matching the certificate) are exceptions at setTlsCertificates() naming the file
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Mosquitto-PHP refuses missing files and a certificate without its key at
setTlsCertificates() ("Invalid function arguments provided."), but reads the
files only at connect(): a file that is not PEM, a wrong or missing password
(OpenSSL then prompts "Enter PEM pass phrase:" on the terminal) or a key that
does not match the certificate fail there, as "A TLS error occurred.". We
deliberately report all of these at setTlsCertificates(), as "Invalid function
arguments provided." followed by details naming the file (issue 11, item 1).
The rows that differ from Mosquitto-PHP say so.
--FILE--
<?php
require __DIR__ . '/matrix.inc';
$m = matrix_dir();
$b = base_dir();
$broker = new MatrixBroker([
    'mutual' => tls_listener("{$b}server.crt", "{$b}server.key", ['require_certificate true', 'use_identity_as_username true']),
]);
$p = $broker->ports['mutual'];
$with = fn (string $ca, ?string $cert = null, ?string $key = null, ?string $password = null) =>
    fn (Mosquitto\Client $c) => $c->setTlsCertificates($ca, $cert, $key, $password);
$ca = "{$b}ca.crt";
$cert = "{$m}client.crt";

// Mosquitto-PHP: refused by setTlsCertificates(), "Invalid function arguments provided.".
tls_row('missing CA file', $p, $with('/does/not/exist.crt'));
tls_row('missing certificate file', $p, $with($ca, '/does/not/exist.crt', "{$m}client-pkcs8.key"));
tls_row('missing key file', $p, $with($ca, $cert, '/does/not/exist.key'));
tls_row('certificate without key', $p, $with($ca, $cert));
// Mosquitto-PHP: accepted by setTlsCertificates(), refused at connect() with
// "A TLS error occurred." -- ours: refused by setTlsCertificates(), naming the file.
tls_row('CA file that is not PEM', $p, $with(__FILE__));
tls_row('CA file in DER', $p, $with("{$m}ca.der"));
tls_row('key in DER', $p, $with($ca, $cert, "{$m}client-key.der"));
tls_row('certificate file that is a key', $p, $with($ca, "{$m}client-pkcs8.key", "{$m}client-pkcs8.key"));
tls_row('key file that is a certificate', $p, $with($ca, $cert, $cert));
tls_row('key that does not match the certificate', $p, $with($ca, $cert, "{$m}server.key"));
tls_row('traditional -des3 key, wrong password', $p, $with($ca, $cert, "{$m}client-des3.key", 'wrong'));
tls_row('traditional -aes256 key, wrong password', $p, $with($ca, $cert, "{$m}client-aes256.key", 'wrong'));
tls_row('PKCS#8 PBES2 key, wrong password', $p, $with($ca, $cert, "{$m}client-pbes2.key", 'wrong'));
tls_row('PKCS#8 PBES1 key, wrong password', $p, $with($ca, $cert, "{$m}client-pbes1.key", 'wrong'));
tls_row('encrypted EC key, wrong password', $p, $with($ca, "{$m}client-ec.crt", "{$m}client-ec-enc.key", 'wrong'));
// Mosquitto-PHP: OpenSSL prompts "Enter PEM pass phrase:" (twice), then
// connect() fails with "A TLS error occurred." -- ours: refused by setTlsCertificates().
tls_row('encrypted key, no password', $p, $with($ca, $cert, "{$m}client-pbes2.key"));
// Mosquitto-PHP: round trip (the password is not needed).
tls_row('plain key, a password given anyway', $p, $with($ca, $cert, "{$m}client-pkcs8.key", 'unused'));
?>
--EXPECTF--
missing CA file: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S
missing certificate file: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S
missing key file: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S
certificate without key: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided.%S
CA file that is not PEM: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%Smatrix-key-errors.php%S)
CA file in DER: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/ca.der%S)
key in DER: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-key.der%S)
certificate file that is a key: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-pkcs8.key%S)
key file that is a certificate: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client.crt%S)
key that does not match the certificate: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/%S)
traditional -des3 key, wrong password: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-des3.key%S)
traditional -aes256 key, wrong password: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-aes256.key%S)
PKCS#8 PBES2 key, wrong password: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-pbes2.key%S)
PKCS#8 PBES1 key, wrong password: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-pbes1.key%S)
encrypted EC key, wrong password: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-ec-enc.key%S)
encrypted key, no password: refused by the configuration: Mosquitto\Exception: Invalid function arguments provided. (%SMATRIX/client-pbes2.key%S)
plain key, a password given anyway: round trip ok

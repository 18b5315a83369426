#!/usr/bin/env bash
# Fixtures of the TLS matrix (php-tests/tls/matrix-*.phpt), made with openssl
# at test time, as users make theirs:
#   make-matrix-certs.sh DIR BASE
# BASE holds make-certs.sh's output (ca.crt/ca.key sign most certificates here;
# server.*, client.*, expired.*, other-server.*, wrong-name.* are used as they are).
# Written to DIR:
#   recipe-*           the mosquitto-tls(7) man page recipe, command for command
#                      (X.509 v1 server and client certificates, CN only, the
#                      client key from `genrsa -des3`), under a CA of its own
#   cn-only            v3, CN=localhost, no subjectAltName
#   san-dns            subjectAltName DNS:localhost, CN names something else
#   san-ip             subjectAltName IP:127.0.0.1 only, CN=localhost
#   cn-ip              CN=127.0.0.1, no subjectAltName
#   wildcard           DNS:*.wild.test (the test maps broker.wild.test to 127.0.0.1)
#   wildcard-short     DNS:*.localhost (one label after the star)
#   chain              leaf signed by an intermediate CA; chain.crt = leaf + intermediate
#   ca-hashed/         ca.crt with `openssl rehash` links (a capath)
#   ca-unhashed/       ca.crt alone, no hash links
#   ec, ed25519        server certificates with P-256 and Ed25519 keys
#   rsa1024-sha1       RSA-1024 key, SHA-1 signature (needs @SECLEVEL=0)
#   ca-bundle.crt      other-ca.crt then ca.crt; ca.der: ca.crt in DER
#   client-chain.crt   client certificate from the intermediate CA + intermediate
#   client-combined.pem  client.crt and its key in one file; client-key.der: the key in DER
#   client-*.key       client.key (RSA) as PKCS#1, PKCS#8, traditional -des3 and
#                      -aes256, PKCS#8 PBES2 (AES-256) and PBES1 (PBE-SHA1-3DES)
#   client-ec.*        EC client certificate, key traditional and AES-256 encrypted
#   client-ed25519.*   Ed25519 client certificate
#   psk.txt            identity:hexkey lines for the PSK listener
#   tls12.cnf          an OPENSSL_CONF for a broker that speaks TLS 1.2 at most,
#                      at @SECLEVEL=0 (the legacy broker)
#   tls11.cnf          the same for TLS 1.1 only
# Every password is "Mosquitto-PHP".
set -euo pipefail
dir=${1:?directory}; base=$(cd "${2:?directory of make-certs.sh}" && pwd)
mkdir -p "$dir"; cd "$dir"
pass=Mosquitto-PHP
q() { "$@" >/dev/null 2>&1; }
ca=$base/ca; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# --- The mosquitto-tls(7) recipe, verbatim but for the answers to the prompts
# (-subj, -passout/-passin) and <duration>. OpenSSL 3.0's `x509 -req` without
# -extfile writes X.509 v1 certificates.
q openssl req -new -x509 -days 3650 -extensions v3_ca -keyout recipe-ca.key -out recipe-ca.crt \
  -subj "/C=AU/ST=Some-State/O=Internet Widgits Pty Ltd/CN=Recipe CA" -passout "pass:$pass"
q openssl genrsa -out recipe-server.key 2048
q openssl req -out "$tmp/recipe-server.csr" -key recipe-server.key -new \
  -subj "/C=AU/ST=Some-State/O=Internet Widgits Pty Ltd/CN=localhost"
q openssl x509 -req -in "$tmp/recipe-server.csr" -CA recipe-ca.crt -CAkey recipe-ca.key -CAcreateserial \
  -out recipe-server.crt -days 3650 -passin "pass:$pass"
q openssl genrsa -des3 -out recipe-client.key -passout "pass:$pass" 2048
q openssl req -out "$tmp/recipe-client.csr" -key recipe-client.key -new -passin "pass:$pass" \
  -subj "/C=AU/ST=Some-State/O=Internet Widgits Pty Ltd/CN=recipe-client"
q openssl x509 -req -in "$tmp/recipe-client.csr" -CA recipe-ca.crt -CAkey recipe-ca.key -CAcreateserial \
  -out recipe-client.crt -days 3650 -passin "pass:$pass"

# --- v3 server certificates, all on the key of make-certs.sh's server.
sign() { # sign NAME SUBJECT EXTENSIONS KEY CA [x509 args...]
  local name=$1 subj=$2 ext=$3 key=$4 signer=$5; shift 5
  q openssl req -new -key "$key" -subj "$subj" -out "$tmp/$name.csr"
  printf '%b\n' "$ext" > "$tmp/$name.ext"
  q openssl x509 -req -in "$tmp/$name.csr" -CA "$signer.crt" -CAkey "$signer.key" -CAcreateserial \
    -extfile "$tmp/$name.ext" -days 3650 -out "$name.crt" "$@"
}
leaf='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth'
cp "$base/server.key" server.key
sign cn-only "/O=mosquitto-rs tests/CN=localhost" "$leaf" server.key "$ca"
sign san-dns "/O=mosquitto-rs tests/CN=Not The Host Name" "$leaf\nsubjectAltName=DNS:localhost" server.key "$ca"
sign san-ip "/O=mosquitto-rs tests/CN=localhost" "$leaf\nsubjectAltName=IP:127.0.0.1" server.key "$ca"
sign cn-ip "/O=mosquitto-rs tests/CN=127.0.0.1" "$leaf" server.key "$ca"
sign wildcard "/O=mosquitto-rs tests/CN=Wildcard" "$leaf\nsubjectAltName=DNS:*.wild.test" server.key "$ca"
sign wildcard-short "/O=mosquitto-rs tests/CN=Wildcard" "$leaf\nsubjectAltName=DNS:*.localhost" server.key "$ca"

# An intermediate CA; the listener sends leaf + intermediate, the client knows the root only.
q openssl genrsa -out intermediate.key 2048
sign intermediate "/O=mosquitto-rs tests/CN=Intermediate CA" \
  'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign' intermediate.key "$ca"
sign chain-leaf "/O=mosquitto-rs tests/CN=localhost" "$leaf\nsubjectAltName=DNS:localhost,IP:127.0.0.1" server.key intermediate
cat chain-leaf.crt intermediate.crt > chain.crt

# A CA bundle: another CA first, then ours.
cat "$base/other-ca.crt" "$ca.crt" > ca-bundle.crt
# The CA certificate in DER, which OpenSSL's CA file loading does not read.
q openssl x509 -in "$ca.crt" -outform DER -out ca.der

# CA directories: hashed as OpenSSL's capath lookup needs, and without the links.
mkdir -p ca-hashed ca-unhashed
cp "$ca.crt" ca-hashed/ca.crt; cp "$ca.crt" ca-unhashed/ca.crt
openssl rehash ca-hashed >/dev/null 2>&1 || c_rehash ca-hashed >/dev/null

# Other key types.
q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key
sign ec "/O=mosquitto-rs tests/CN=localhost" "$leaf\nsubjectAltName=DNS:localhost" ec.key "$ca"
q openssl genpkey -algorithm ED25519 -out ed25519.key
sign ed25519 "/O=mosquitto-rs tests/CN=localhost" \
  'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectAltName=DNS:localhost' ed25519.key "$ca"
q openssl genrsa -out rsa1024-sha1.key 1024
sign rsa1024-sha1 "/O=mosquitto-rs tests/CN=localhost" "$leaf\nsubjectAltName=DNS:localhost" rsa1024-sha1.key "$ca" -sha1

# --- Client keys: make-certs.sh's client.key (RSA, written as PKCS#8) in every form.
cp "$base/client.crt" client.crt
q openssl rsa -in "$base/client.key" -traditional -out client-pkcs1.key
q openssl pkcs8 -topk8 -nocrypt -in "$base/client.key" -out client-pkcs8.key
q openssl rsa -in "$base/client.key" -traditional -des3 -passout "pass:$pass" -out client-des3.key
q openssl rsa -in "$base/client.key" -traditional -aes256 -passout "pass:$pass" -out client-aes256.key
q openssl pkcs8 -topk8 -in "$base/client.key" -v2 aes-256-cbc -passout "pass:$pass" -out client-pbes2.key
q openssl pkcs8 -topk8 -in "$base/client.key" -v1 PBE-SHA1-3DES -passout "pass:$pass" -out client-pbes1.key
client='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth'
# The client certificate signed by the intermediate CA, sent with it as a chain;
# and certificate + key in one PEM file; and the key in DER.
sign client-leaf "/O=mosquitto-rs tests/CN=chain-client" "$client" client-pkcs8.key intermediate
cat client-leaf.crt intermediate.crt > client-chain.crt
cat client.crt client-pkcs8.key > client-combined.pem
q openssl pkey -in client-pkcs8.key -outform DER -out client-key.der
q openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/client-ec.key"
sign client-ec "/O=mosquitto-rs tests/CN=ec-client" "$client" "$tmp/client-ec.key" "$ca"
q openssl ec -in "$tmp/client-ec.key" -aes256 -passout "pass:$pass" -out client-ec-enc.key
q openssl genpkey -algorithm ED25519 -out client-ed25519.key
sign client-ed25519 "/O=mosquitto-rs tests/CN=ed25519-client" "$client" client-ed25519.key "$ca"

# --- PSK: identity:key, the key in hex.
printf 'matrix-user:0123456789abcdef0123456789abcdef\nother-user:deadbeef\n' > psk.txt

# --- A broker that speaks TLS 1.2 at most and accepts weak keys (OPENSSL_CONF of its process).
cat > tls12.cnf <<CNF
openssl_conf = init
[init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MaxProtocol = TLSv1.2
CipherString = DEFAULT:@SECLEVEL=0
CNF
# ... and one that speaks TLS 1.1 only.
sed 's/MaxProtocol = TLSv1.2/MinProtocol = TLSv1.1\nMaxProtocol = TLSv1.1/' tls12.cnf > tls11.cnf
rm -f ./*.srl "$base"/*.srl
echo "$dir"

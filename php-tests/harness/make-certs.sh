#!/usr/bin/env bash
# Generates the TLS test fixtures with openssl, at test time (nothing private
# is committed): a CA, a server certificate for localhost/127.0.0.1, a client
# certificate with a plain key, the same key encrypted (traditional -des3 form
# and PKCS#8), an expired server certificate, a server certificate naming
# another host, a self-signed one, and one from another CA; then the TLS
# matrix's fixtures (make-matrix-certs.sh) in DIR/matrix.
#   make-certs.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?directory}; mkdir -p "$dir"; cd "$dir"
pass=Mosquitto-PHP
q() { "$@" >/dev/null 2>&1; }

ca() { # ca NAME CN
  q openssl req -new -x509 -days 3650 -nodes -subj "/O=mosquitto-rs tests/CN=$2" \
    -keyout "$1.key" -out "$1.crt" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}
leaf() { # leaf NAME CN SAN CA [DAYS-ARGS...]
  local name=$1 cn=$2 san=$3 signer=$4; shift 4
  q openssl genrsa -out "$name.key" 2048
  q openssl req -new -key "$name.key" -subj "/O=mosquitto-rs tests/CN=$cn" -out "$name.csr"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$san" > "$name.ext"
  q openssl x509 -req -in "$name.csr" -CA "$signer.crt" -CAkey "$signer.key" -CAcreateserial \
    -extfile "$name.ext" -out "$name.crt" "$@"
  rm -f "$name.csr" "$name.ext"
}

ca ca "mosquitto-rs Test CA"
ca other-ca "Some Other CA"
leaf server localhost "DNS:localhost,IP:127.0.0.1" ca -days 3650
leaf wrong-name wrong.example "DNS:wrong.example" ca -days 3650
leaf other-server localhost "DNS:localhost,IP:127.0.0.1" other-ca -days 3650
leaf client test-client "DNS:test-client" ca -days 3650
# Expired: valid for one day, starting 400 days ago.
leaf expired localhost "DNS:localhost,IP:127.0.0.1" ca -days 3650
q openssl x509 -in expired.crt -out /dev/null
if openssl x509 -help 2>&1 | grep -q -- '-not_before'; then
  q openssl x509 -req -in <(openssl x509 -x509toreq -in expired.crt -signkey expired.key 2>/dev/null) \
    -CA ca.crt -CAkey ca.key -not_before 20200101000000Z -not_after 20200102000000Z -out expired.crt
else
  # OpenSSL 3.0: sign with a fake clock through `openssl ca`.
  mkdir -p expired-ca && touch expired-ca/index.txt && echo 01 > expired-ca/serial
  cat > expired-ca/ca.conf <<CONF
[ca]
default_ca = test
[test]
dir = $PWD/expired-ca
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = anything
copy_extensions = copy
[anything]
organizationName = optional
commonName = supplied
CONF
  q openssl req -new -key expired.key -subj "/O=mosquitto-rs tests/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out expired.csr
  q openssl ca -batch -config expired-ca/ca.conf -cert ca.crt -keyfile ca.key -in expired.csr \
    -startdate 20200101000000Z -enddate 20200102000000Z -out expired.crt
  rm -rf expired-ca expired.csr
fi
q openssl req -new -x509 -days 3650 -nodes -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout self-signed.key -out self-signed.crt
# The client key, protected by a password in both forms OpenSSL writes.
q openssl rsa -in client.key -des3 -traditional -passout "pass:$pass" -out client-enc.key
q openssl pkcs8 -topk8 -in client.key -v2 aes-256-cbc -passout "pass:$pass" -out client-pkcs8-enc.key
# A CA directory, as `setTlsCertificates()` accepts instead of a file: a capath,
# with the subject-hash links OpenSSL looks certificates up by.
mkdir -p ca-dir && cp ca.crt ca-dir/ca.pem
openssl rehash ca-dir >/dev/null 2>&1 || c_rehash ca-dir >/dev/null
rm -f ./*.srl
# The TLS matrix (php-tests/tls/matrix-*.phpt) has fixtures of its own.
"$here/make-matrix-certs.sh" "$PWD/matrix" "$PWD" >/dev/null
echo "$dir"

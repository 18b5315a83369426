#!/usr/bin/env bash
# Runs every .phpt under php-tests/ with PHP's own run-tests.php against a
# private mosquitto on a free loopback port, then prints "N passed, N failed".
#   run-tests.sh EXTENSION_SO [TEST_PATH...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ext=$(readlink -f "${1:?path to mosquitto.so}"); shift
paths=("$@"); [ ${#paths[@]} -gt 0 ] || paths=("$root")

state=$(mktemp -d /tmp/mosquitto-phpt.XXXXXX)
cleanup() { "$here/broker.sh" stop "$state/broker"; rm -rf "$state"; }
trap cleanup EXIT

# TLS fixtures, made now with openssl, and a TLS listener for each case.
certs="$state/certs"
"$here/make-certs.sh" "$certs" >/dev/null || { echo "could not make TLS certificates" >&2; exit 1; }
mkdir -p "$state/broker"
tls_listener() { # tls_listener VARIABLE CERT [extra lines...]
  local port; port=$("$here/broker.sh" free-port); export "$1=$port"
  printf 'listener %s 127.0.0.1\ncafile %s/ca.crt\ncertfile %s/%s.crt\nkeyfile %s/%s.key\n' \
    "$port" "$certs" "$certs" "$2" "$certs" "$2" >> "$state/broker/extra.conf"
  shift 2; for line in "$@"; do echo "$line" >> "$state/broker/extra.conf"; done
}
tls_listener TEST_MQTT_TLS_PORT server
tls_listener TEST_MQTT_TLS_CERT_PORT server "tls_version tlsv1.2" "require_certificate true" "use_identity_as_username true"
tls_listener TEST_MQTT_TLS_WRONG_NAME_PORT wrong-name
tls_listener TEST_MQTT_TLS_SELF_SIGNED_PORT self-signed
tls_listener TEST_MQTT_TLS_EXPIRED_PORT expired
tls_listener TEST_MQTT_TLS_OTHER_CA_PORT other-server
export CERTIFICATE_DIR="$certs/"

# The PHP under test: PHP_CONFIG's (as make exports it), else $PHP, else the
# php first on PATH. It is also `php` and `php-config` on the tests' PATH, so
# helper scripts that run `php` run this one.
eval "$(PHP=${TEST_PHP_EXECUTABLE:-${PHP:-php}} "$root/../packaging/php-env.sh")" || exit 1
export TEST_PHP_EXECUTABLE=$PHP NO_INTERACTION=1
mkdir -p "$state/bin"
ln -s "$PHP" "$state/bin/php"; ln -s "$PHP_CONFIG" "$state/bin/php-config"
export PATH="$state/bin:$PATH" PHP PHP_CONFIG

port=$("$here/broker.sh" start "$state/broker") || exit 1
export TEST_MQTT_HOST=127.0.0.1 TEST_MQTT_PORT=$port MOSQUITTO_EXT=$ext
# Fault tests restart brokers and wait for reconnects: give each test 5 minutes.
export TEST_TIMEOUT=${TEST_TIMEOUT:-300}

# run-tests.php of this PHP: Debian ships it in EXTENSION_DIR/build, a source
# build installs it with phpize's files (PREFIX/lib/php/build).
run_tests=
for candidate in "$EXTENSION_DIR/build/run-tests.php" "$("$PHP_CONFIG" --prefix)/lib/php/build/run-tests.php" \
  "$(sed -n 's/^phpdir="\(.*\)"$/\1/p' "$(dirname "$PHP_CONFIG")/phpize${PHP_CONFIG##*php-config}" 2>/dev/null)/run-tests.php"; do
  [ -f "$candidate" ] && { run_tests=$candidate; break; }
done
[ -n "$run_tests" ] || { echo "no run-tests.php for $PHP (install php$PHP_MM-dev)" >&2; exit 1; }

# One run of run-tests.php over the given tests, into the log $1. With
# PROTOCOL set, clients start on that MQTT version: -d for the test scripts,
# and an ini file in PHP_INI_SCAN_DIR for the php processes they start
# (workers, producers) unless those run with -n.
run_pass() {
  local log=$1; shift
  local ini=() scan=()
  if [ -n "${PROTOCOL:-}" ]; then
    mkdir -p "$state/ini-$PROTOCOL"
    echo "mosquitto.protocol_version=$PROTOCOL" > "$state/ini-$PROTOCOL/mosquitto-protocol.ini"
    ini=(-d "mosquitto.protocol_version=$PROTOCOL")
    # A leading ":" adds the directory to PHP's own scan directories.
    scan=("PHP_INI_SCAN_DIR=${PHP_INI_SCAN_DIR:-}:$state/ini-$PROTOCOL")
  fi
  env "${scan[@]}" "$PHP" "$run_tests" -q --show-diff -j2 -d "extension=$ext" "${ini[@]}" "$@" 2>&1 | tee "$log"
}

# MOSQUITTO_PROTOCOL_VERSION=5 runs the given tests on MQTT 5 only (to try
# tests for mqtt5-suite.txt); otherwise the tests listed there run twice.
log="$state/run-tests.log"
PROTOCOL=${MOSQUITTO_PROTOCOL_VERSION:-} run_pass "$log" "${paths[@]}"

# Second pass: the protocol tests of mqtt5-suite.txt that are among the given
# paths, again on MQTT 5 (their own --INI-- sections still apply).
both=()
if [ -z "${MOSQUITTO_PROTOCOL_VERSION:-}" ]; then
  while read -r listed; do
    for path in "${paths[@]}"; do
      path=$(readlink -f "$path")
      case "$root/$listed" in "$path"|"$path"/*) both+=("$root/$listed"); break ;; esac
    done
  done < <(sed 's/#.*//; /^[[:space:]]*$/d' "$here/mqtt5-suite.txt")
fi
log5="$state/run-tests-mqtt5.log"
: > "$log5"
if [ ${#both[@]} -gt 0 ]; then
  echo "Again on MQTT 5 (mosquitto.protocol_version=5): ${#both[@]} tests of mqtt5-suite.txt"
  PROTOCOL=5 run_pass "$log5" "${both[@]}"
fi

count() { sed -n "s/^Tests $1 *: *\([0-9]*\).*/\1/p" "$2" | head -n 1; }
passed=0; failed=0; skipped=0
for run in "$log" "$log5"; do
  p=$(count passed "$run"); f=$(count failed "$run"); s=$(count skipped "$run"); w=$(count warned "$run")
  borked=$(grep -c '^BORK' "$run" || true)
  passed=$(( passed + ${p:-0} )); failed=$(( failed + ${f:-0} + ${w:-0} + borked )); skipped=$(( skipped + ${s:-0} ))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "run-tests.php ran no test" >&2; failed=1
fi
[ ${#both[@]} -gt 0 ] && echo "${#both[@]} tests ran on both protocols (MQTT 3.1.1 and MQTT 5)"
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
# A skipped test proves nothing: in CI it counts against the run.
[ "$failed" -eq 0 ] && { [ "$skipped" -eq 0 ] || [ -z "${CI:-}" ]; }

#!/usr/bin/env bash
# `make test-brokers`: mosquitto, a 3-node NATS and a 3-node RabbitMQ on
# loopback (started once, stopped at the end even on failure), the interop
# checks on each, the failover runs on both clusters, then the tables.
#   run.sh EXTENSION_SO
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ext=$(readlink -f "${1:?path to mosquitto.so}")
export MOSQUITTO_EXT=$ext

missing=""
command -v nats-server >/dev/null || missing="$missing nats-server"
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing="$missing rabbitmq-server"
command -v mosquitto >/dev/null || missing="$missing mosquitto"
command -v python3 >/dev/null || missing="$missing python3"
if [ -n "$missing" ]; then
  echo "Installing:$missing"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing || exit 1
fi

state=$(mktemp -d /tmp/mqtt-brokers.XXXXXX)
cleanup() { "$here/cluster.sh" stop "$state"; rm -rf "$state"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

"$here/cluster.sh" start "$state" || exit 1
# shellcheck disable=SC1091
. "$state/env"
php_ext=(php -n -d "extension=$ext")
status=0
echo "== interop"
for b in mosquitto nats rabbitmq; do
  tls=()
  case $b in
  mosquitto) list=$MOSQUITTO; tls=("$MOSQUITTO_TLS" "$CERTS/ca.crt") ;;
  nats) list=$NATS ;;
  rabbitmq) list=$RABBITMQ; tls=("$RABBITMQ_TLS" "$CERTS/ca.crt") ;;
  esac
  timeout 300 "${php_ext[@]}" "$here/interop.php" "$b" "$list" "$state/$b.json" "${tls[@]}" || { echo "interop $b: FAILED"; status=1; }
done
for b in nats rabbitmq; do
  case $b in nats) list=$NATS ;; rabbitmq) list=$RABBITMQ ;; esac
  echo "== failover: $b (3 nodes), ${FAILOVER_TASKS:-5000} QoS 1 tasks"
  timeout 600 "${php_ext[@]}" "$here/failover.php" "$b" "$list" "$state" "$state/failover-$b.json" || { echo "failover $b: FAILED"; status=1; }
done
echo
php "$here/table.php" "$state"
echo
[ $status -eq 0 ] && echo "test-brokers: passed" || echo "test-brokers: FAILED"
exit $status

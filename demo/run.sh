#!/usr/bin/env bash
# make demo: a private mosquitto on localhost:1883, two seed workers
# (worker-fixed.php, unchanged) and a producer/collector showing tasks flow.
#   demo/run.sh EXTENSION_SO [TASKS]
set -euo pipefail
ext=$(readlink -f "${1:?path to mosquitto.so}"); tasks=${2:-10000}; workers=2
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
worker="$root/examples/worker-fixed.php"

# The seed hard-codes localhost:1883. As root, run everything in a private
# network namespace with its own broker on 1883; otherwise use 1883 on this
# machine (a private broker if the port is free, else the one running there).
if [ -z "${DEMO_IN_NETNS:-}" ] && [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; then
  exec env DEMO_IN_NETNS=1 unshare --net "$0" "$@"
fi
[ -n "${DEMO_IN_NETNS:-}" ] && ip link set lo up

state=$(mktemp -d /tmp/mosquitto-demo.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$root/php-tests/harness/broker.sh" stop "$state/broker"; rm -rf "$state"
}
trap cleanup EXIT

if (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  echo "Using the broker already running on localhost:1883"
else
  "$root/php-tests/harness/broker.sh" start "$state/broker" 1883 >/dev/null
  echo "Started a private mosquitto on localhost:1883"
fi

for i in $(seq 1 $workers); do
  php -d "extension=$ext" "$worker" >"$state/worker$i.log" 2>&1 & pids+=($!)
  echo "Started seed worker $i (pid ${pids[-1]}): php $worker"
done

status=0
php -d "extension=$ext" "$here/driver.php" localhost 1883 "$tasks" "$workers" || status=$?
for i in $(seq 1 $workers); do
  if ! kill -0 "${pids[$((i-1))]}" 2>/dev/null; then
    echo "worker $i died:"; cat "$state/worker$i.log"; status=1
  fi
done
exit $status

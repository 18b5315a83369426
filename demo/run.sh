#!/usr/bin/env bash
# make demo: a private mosquitto on localhost:1883, two workers sharing the
# queue (examples/worker.php: the seed worker grown up, on the shared
# subscription $share/workers/task-queue) and a producer/collector that kills
# the broker with kill -9 halfway and restarts it: tasks flow, progress, and a
# summary that ends with 0 lost.
#   demo/run.sh EXTENSION_SO [TASKS]
set -euo pipefail
ext=$(readlink -f "${1:?path to mosquitto.so}"); tasks=${2:-10000}; workers=2
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
worker="$root/examples/worker.php"

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

broker_dir=
if (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  echo "Using the broker already running on localhost:1883 (not ours: it will not be killed)"
else
  "$root/php-tests/harness/broker.sh" start "$state/broker" 1883 >/dev/null
  broker_dir=$state/broker
  echo "Started a private mosquitto on localhost:1883 (pid $(cat "$broker_dir/mosquitto.pid"))"
fi

for i in $(seq 1 $workers); do
  WORKER_ID=demo-$i php -d "extension=$ext" "$worker" >"$state/worker$i.log" 2>&1 & pids+=($!)
  echo "Started worker $i (pid ${pids[-1]}): WORKER_ID=demo-$i php ${worker#"$root"/}"
done

status=0
php -d "extension=$ext" "$here/driver.php" localhost 1883 "$tasks" "$workers" $broker_dir || status=$?
for i in $(seq 1 $workers); do
  if kill -0 "${pids[$((i-1))]}" 2>/dev/null; then
    printf '  %-18sstill running, the same process; its log: %s\n' "worker $i" \
      "$(grep -c '^connected' "$state/worker$i.log") connects, $(grep -c '^connection lost' "$state/worker$i.log") connection lost"
  else
    echo "worker $i died:"; cat "$state/worker$i.log"; status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Runs a seed worker, which hard-codes localhost:1883, inside a private network
# namespace with its own mosquitto on 1883, so it touches nothing outside.
#   seed.sh relay EXT WORKER N   publishes N JSON tasks to task-queue and reports
#                                what arrived on task-complete
#   seed.sh crash EXT WORKER     hands the worker one task and shows how it ends
# EXT "-" loads nothing with -d: the extension must come from php.ini files
# (PHP_INI_SCAN_DIR), as users load it. Needs root for `unshare --net`.
set -euo pipefail
mode=${1:?relay|crash}; ext=${2:?extension}; worker=${3:?worker script}; n=${4:-0}
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${SEED_IN_NETNS:-}" ]; then
  exec env SEED_IN_NETNS=1 unshare --net "$0" "$@"
fi
ip link set lo up
load="-d extension=$ext"; [ "$ext" = "-" ] && load=""
dir=$(mktemp -d /tmp/seed.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; "$here/broker.sh" stop "$dir/broker"; rm -rf "$dir"; }
trap cleanup EXIT
"$here/broker.sh" start "$dir/broker" 1883 >/dev/null

wait_for() { # wait_for SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.05; done
}

case "$mode" in
relay)
  mosquitto_sub -h localhost -p 1883 -t task-complete >"$dir/completed" & pids+=($!)
  # The collector is ready once it sees its own marker.
  wait_for 10 sh -c "mosquitto_pub -h localhost -t task-complete -m ready; grep -q ready '$dir/completed'"
  # The worker is ready once it has answered a retained probe task (id 0).
  mosquitto_pub -h localhost -t task-queue -r -m '{"id":0,"type":"probe"}'
  php $load "$worker" >"$dir/worker.out" 2>&1 & pids+=($!)
  if ! wait_for 15 grep -qx 0 "$dir/completed"; then
    echo "worker never answered the probe"; cat "$dir/worker.out"; exit 1
  fi
  mosquitto_pub -h localhost -t task-queue -r -n
  started=$(date +%s.%N)
  seq 1 "$n" | awk '{printf "{\"id\":%d,\"type\":\"email\",\"to\":\"user%d@example.com\"}\n", $1, $1}' \
    | mosquitto_pub -h localhost -t task-queue -l
  wait_for 60 sh -c "[ \$(grep -cx '[1-9][0-9]*' '$dir/completed') -ge $n ]" || true
  sleep 0.2 # let any duplicate arrive before counting
  grep -x '[1-9][0-9]*' "$dir/completed" | sort -n >"$dir/ids" || true
  got=$(wc -l <"$dir/ids"); distinct=$(uniq "$dir/ids" | wc -l)
  missing=$(seq 1 "$n" | comm -23 - <(uniq "$dir/ids") | wc -l)
  echo "sent $n, completed $got, distinct $distinct, missing $missing, duplicates $((got - distinct))"
  if kill -0 "${pids[1]}" 2>/dev/null; then echo "worker still running"; else echo "worker exited"; cat "$dir/worker.out"; fi
  ;;
crash)
  mosquitto_pub -h localhost -t task-queue -r -m '{"id":1,"type":"email"}'
  set +e
  timeout 20 php $load -d display_errors=stderr -d log_errors=0 -d html_errors=0 -d zend.exception_ignore_args=0 "$worker" 2>&1
  echo "exit code $?"
  ;;
esac

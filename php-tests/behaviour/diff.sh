#!/usr/bin/env bash
# Runs every behaviour probe on Mosquitto-PHP and on this extension, each
# against its own private broker, and prints, probe by probe, where the two
# differ. A difference the README's differences table explains is marked in
# the .phpt with a line `// differs: PROBE-NAME (README: row)`; any other one
# is a new difference to fix or to document.
#   php-tests/behaviour/diff.sh ANCHOR_SO [OUR_SO] [FILE.phpt...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
anchor=$(readlink -f "${1:?usage: diff.sh ANCHOR_SO [OUR_SO] [FILE.phpt...]}"); shift
ours=$(readlink -f "${1:-$root/modules/mosquitto.so}"); [ $# -gt 0 ] && shift
files=("$@"); [ ${#files[@]} -gt 0 ] || files=("$here"/*.phpt)

state=$(mktemp -d /tmp/mosquitto-diff.XXXXXX)
cleanup() { "$root/php-tests/harness/broker.sh" stop "$state/a" >/dev/null 2>&1; "$root/php-tests/harness/broker.sh" stop "$state/b" >/dev/null 2>&1; rm -rf "$state"; }
trap cleanup EXIT
port_a=$("$root/php-tests/harness/broker.sh" start "$state/a") || exit 1
port_b=$("$root/php-tests/harness/broker.sh" start "$state/b") || exit 1

# The --FILE-- section of a .phpt, as a script next to it (it requires probe.inc by __DIR__).
extract() { awk '/^--FILE--$/{f=1;next} /^--[A-Z_]+--$/{f=0} f' "$1"; }
run() { # run SO PORT SCRIPT
  MOSQUITTO_EXT=$1 TEST_MQTT_HOST=127.0.0.1 TEST_MQTT_PORT=$2 timeout 120 php -n -d extension=posix -d "extension=$1" "$3" 2>&1 | tr '\000' '@'
}

total=0; same=0; known=0; unknown=0
for file in "${files[@]}"; do
  script="$here/.diff-$(basename "$file" .phpt).php"
  extract "$file" > "$script"
  run "$anchor" "$port_a" "$script" > "$state/anchor.out" &
  run "$ours" "$port_b" "$script" > "$state/ours.out"
  wait
  rm -f "$script"
  names=$(cat "$state/anchor.out" "$state/ours.out" | sed -n 's/^\[\([^]]*\)\].*/\1/p' | awk '!seen[$0]++')
  for name in $names; do
    total=$((total + 1))
    a=$(awk -v n="[$name] " 'index($0, n) == 1' "$state/anchor.out"); o=$(awk -v n="[$name] " 'index($0, n) == 1' "$state/ours.out")
    if [ "$a" == "$o" ]; then same=$((same + 1)); continue; fi
    if reason=$(grep -aF "// differs: $name " "$file"); then
      known=$((known + 1)); echo "== $(basename "$file") [$name] differs, documented: ${reason#*differs: $name }"
    else
      unknown=$((unknown + 1)); echo "== $(basename "$file") [$name] DIFFERS, not in the README:"
    fi
    diff <(echo "$a") <(echo "$o") | sed -n 's/^</  Mosquitto-PHP:/p; s/^>/  ours:         /p'
  done
  # Lines outside any probe (a fatal error, a crash) are differences too.
  if ! diff -q <(grep -av '^\[' "$state/anchor.out") <(grep -av '^\[' "$state/ours.out") >/dev/null; then
    unknown=$((unknown + 1)); echo "== $(basename "$file"): output outside the probes differs:"
    diff <(grep -av '^\[' "$state/anchor.out") <(grep -av '^\[' "$state/ours.out") | head -20
  fi
done
echo "$total probes: $same the same, $known differ as the README says, $unknown differ otherwise"
[ "$unknown" -eq 0 ]

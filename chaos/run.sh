#!/usr/bin/env bash
# make test-chaos: the faults, floods and hostile brokers of issue 14, each a
# script in chaos/scenarios/ with its own mosquitto (php-tests/harness) or a
# small hostile fake (chaos/*.py). Each prints one row; this prints the table
# (scenario | result | figure | time), the total time, and exits 1 on any FAIL.
#   chaos/run.sh EXTENSION_SO [SCENARIO.php...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ext=$(readlink -f "${1:?path to mosquitto.so}"); shift
scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=("$here"/scenarios/*.php)

eval "$(PHP=${PHP:-php} "$root/packaging/php-env.sh")" || exit 1
command -v python3 >/dev/null || { echo "chaos: python3 is needed for the fake broker and the lossy proxy" >&2; exit 1; }
command -v mosquitto >/dev/null || { echo "chaos: mosquitto is needed (make deps)" >&2; exit 1; }
export MOSQUITTO_EXT=$ext PHP
logs=$(mktemp -d /tmp/mosquitto-chaos.XXXXXX)

rows=(); failed=0; suite_start=$(date +%s.%N)
for scenario in "${scenarios[@]}"; do
  name=$(basename "$scenario" .php)
  start=$(date +%s.%N)
  timeout -k 5 240 "$PHP" -d "extension=$ext" "$scenario" >"$logs/$name.log" 2>&1
  rc=$?
  took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f s", b - a }')
  row=$(grep -a '^ROW' "$logs/$name.log" | tail -n 1)
  if [ -z "$row" ]; then
    what=$([ $rc = 124 ] && echo "timed out after 240 s" || echo "no result (exit $rc)")
    row=$(printf 'ROW\t%s\tFAIL\t%s: %s' "$name" "$what" "$(tail -n 3 "$logs/$name.log" | tr '\n\t' '  ' | cut -c1-300)")
  fi
  IFS=$'\t' read -r _ scenario_name result figure <<<"$row"
  [ "$result" = pass ] || failed=$((failed + 1))
  printf '%-5s %s (%s)\n' "$result" "$scenario_name" "$took"
  rows+=("| $scenario_name | $result | $figure | $took |")
done
total=$(awk -v a="$suite_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')

echo
echo "| scenario | result | figure | time |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
printf '%d scenarios, %d passed, %d failed, in %dm%02ds\n' "${#rows[@]}" $((${#rows[@]} - failed)) "$failed" \
  $((total / 60)) $((total % 60))
if [ "$failed" -gt 0 ]; then
  echo "each scenario's output: $logs"
  exit 1
fi
rm -rf "$logs"

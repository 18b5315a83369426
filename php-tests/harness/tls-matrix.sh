#!/usr/bin/env bash
# Runs the rows of the TLS matrix (php-tests/tls/matrix-*.phpt) on one or more
# builds of the extension and prints a Markdown table: one line per row, one
# column per build (e.g. Mosquitto-PHP's mosquitto.so next to ours).
#   tls-matrix.sh EXTENSION_SO [EXTENSION_SO...]
# The .phpt files themselves are run by run-tests.sh; this only tabulates.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tls=$(cd "$here/../tls" && pwd)
[ $# -gt 0 ] || { echo "usage: $0 EXTENSION_SO [EXTENSION_SO...]" >&2; exit 2; }
state=$(mktemp -d /tmp/tls-matrix.XXXXXX)
trap 'rm -rf "$state"' EXIT
"$here/make-certs.sh" "$state/certs" >/dev/null || { echo "could not make TLS certificates" >&2; exit 1; }
export CERTIFICATE_DIR="$state/certs/"

i=0
for so in "$@"; do
  i=$((i + 1)); so=$(readlink -f "$so")
  for phpt in "$tls"/matrix-*.phpt; do
    name=$(basename "$phpt" .phpt)
    awk '/^--FILE--/{f=1;next} /^--[A-Z]+--/{f=0} f' "$phpt" \
      | sed "s|__DIR__ . '/matrix.inc'|'$tls/matrix.inc'|" > "$state/$name.php"
    # setsid: no terminal for OpenSSL's pass phrase prompt to wait on.
    MOSQUITTO_EXT=$so setsid php -d "extension=$so" "$state/$name.php" </dev/null 2>/dev/null \
      | grep -v '^Enter PEM pass phrase' | sed "s|^|$name\t|" > "$state/out-$i-$name"
  done
  cat "$state"/out-$i-* > "$state/out-$i"
done

php -r '
$n = (int) $argv[1]; $dir = $argv[2]; $names = array_slice($argv, 3);
$rows = [];
for ($i = 1; $i <= $n; $i++) {
    foreach (file("$dir/out-$i", FILE_IGNORE_NEW_LINES) as $line) {
        [$file, $rest] = explode("\t", $line, 2);
        if (!preg_match("/^(.*?): (round trip ok|refused.*|disconnected.*|no message.*|the child PHP.*)$/", $rest, $m)) {
            $m = [null, $rest, "?"];
        }
        [, $row, $result] = $m;
        $result = preg_replace("/^refused: Mosquitto\\\\Exception: /", "refused: ", $result);
        $result = preg_replace("/^refused by the configuration: Mosquitto\\\\Exception: /", "refused by setTls*(): ", $result);
        $rows["$file\t$row"][$i] = str_replace("|", "\\|", $result);
    }
}
echo "| file | row | ", implode(" | ", array_map("basename", $names)), " |\n";
echo "|", str_repeat(" --- |", 2 + $n), "\n";
foreach ($rows as $key => $results) {
    [$file, $row] = explode("\t", $key);
    $cells = [];
    for ($i = 1; $i <= $n; $i++) { $cells[] = $results[$i] ?? "(no output)"; }
    echo "| ", substr($file, 7), " | ", str_replace("|", "\\|", $row), " | ", implode(" | ", $cells), " |\n";
}
' "$#" "$state" "$@"

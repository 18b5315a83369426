#!/bin/sh
# Everything the build, install, package and test steps need to know about the
# PHP they target, derived from that PHP and its php-config, never hard-coded.
#   php-env.sh [make|sh]
# The PHP is $PHP_CONFIG's (when set), else $PHP (default: the php first on
# PATH) with the php-config that belongs to it. Prints KEY=VALUE lines (sh) or
# KEY:=VALUE words joined by ";" (make); exits 1 when no consistent pair exists.
set -eu
mode=${1:-sh}
fail() { echo "php-env.sh: $*" >&2; exit 1; }

if [ -n "${PHP_CONFIG:-}" ]; then
  config=$(command -v "$PHP_CONFIG") || fail "PHP_CONFIG=$PHP_CONFIG not found"
  php=$("$config" --php-binary) || fail "$config --php-binary failed"
else
  php=$(command -v "${PHP:-php}") || fail "no ${PHP:-php} on PATH (set PHP= or PHP_CONFIG=)"
  bindir=$("$php" -n -r 'echo PHP_BINDIR;')
  mm=$("$php" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
  config=
  # Debian names it php-config8.4; a source build installs plain php-config.
  for c in "$bindir/php-config$mm" "$bindir/php-config" "$(dirname "$php")/php-config$mm" "$(dirname "$php")/php-config"; do
    if [ -x "$c" ] && [ "$("$c" --version)" = "$("$php" -n -r 'echo PHP_VERSION;')" ]; then config=$c; break; fi
  done
  [ -n "$config" ] || fail "no php-config for $php (PHP $mm): install php$mm-dev or set PHP_CONFIG="
fi
[ -x "$php" ] || fail "$php (from $config) is not executable"

version=$("$config" --version)
[ "$("$php" -n -r 'echo PHP_VERSION;')" = "$version" ] || fail "$php is not the PHP of $config ($version)"
mm=${version%.*}
api=$("$config" --phpapi 2>/dev/null || true)
case "$api" in *[!0-9]*|'') api=$("$php" -n -i | sed -n 's/^PHP API => //p') ;; esac
ts=$("$php" -n -r 'echo PHP_ZTS ? "zts" : "nts";')
extdir=$("$config" --extension-dir)
scandir=$("$php" -n -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')

# Debian's layout: /usr/lib/php/API and /etc/php/X.Y/SAPI/conf.d, managed by
# phpenmod from /etc/php/X.Y/mods-available. Any other PHP (a source build):
# the ini goes straight into its scan directory.
case "$scandir" in
  /etc/php/"$mm"/*/conf.d) debian=yes; inidir=/etc/php/$mm/mods-available ;;
  *) debian=no; inidir=$scandir ;;
esac
[ "$extdir" = "/usr/lib/php/$api" ] || debian=no

# phpize of the same PHP: phpize8.4 beside php-config8.4, or plain phpize.
phpize=$(dirname "$config")/phpize${config##*php-config}
[ -x "$phpize" ] || phpize=

set -- PHP "$php" PHP_CONFIG "$config" PHP_VERSION "$version" PHP_MM "$mm" PHP_API "$api" \
  PHP_TS "$ts" PHP_VARIANT "php-$api-$ts" EXTENSION_DIR "$extdir" INI_DIR "$inidir" \
  PHP_DEBIAN "$debian" DEB_NAME "php$mm-mosquitto-rs" PHPIZE "$phpize"
if [ "$mode" = make ]; then
  out=; while [ $# -gt 0 ]; do out="$out${out:+;}$1:=$2"; shift 2; done; echo "$out"
else
  while [ $# -gt 0 ]; do echo "$1=$2"; shift 2; done
fi

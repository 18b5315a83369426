#!/usr/bin/env bash
# `make test-matrix`: the whole `make test` against every PHP we support, as
# root, from this clone. Prepares each variant once, cached outside the clone
# ($MATRIX_CACHE, default /var/cache/mosquitto-rs-matrix) so a second run only
# builds and tests:
#   8.2-nts  the host's PHP (Debian 12)
#   8.2-zts  PHP 8.2 built with --enable-zts from Debian's php8.2 source
#   8.4-nts  a Debian 13 (trixie) chroot with php8.4
#   8.5-nts  a Debian sid chroot with php8.5 from experimental
# A chroot runs inside `unshare -m`: its /proc, /dev, the clone and the host's
# rustup toolchain (~/.cargo, ~/.rustup; Debian's rustc is too old for our
# lock file) are mounted in a private mount namespace that vanishes with the
# command, so no mount outlives a step, even a failed or killed one.
#   test-matrix.sh [--prepare-only] [VARIANT...]   (default: all four)
# Prints one table; exits non-zero when a variant fails or cannot be prepared.
# Each step is killed after MATRIX_STEP_TIMEOUT seconds (default 2400).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${MATRIX_CACHE:-/var/cache/mosquitto-rs-matrix}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cargo_home=${CARGO_HOME:-$HOME/.cargo}
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
prepare_only=0
[ "${1:-}" = --prepare-only ] && { prepare_only=1; shift; }
variants=("$@"); [ ${#variants[@]} -gt 0 ] || variants=(8.2-nts 8.2-zts 8.4-nts 8.5-nts)

[ "$(id -u)" = 0 ] || { echo "test-matrix: run as root (debootstrap, chroot, unshare)" >&2; exit 1; }
case "$cache/" in "$root"/*) echo "test-matrix: MATRIX_CACHE must be outside the clone" >&2; exit 1 ;; esac
mkdir -p "$cache/logs"
# Every step stops by itself: timeout signals the step's whole process group.
limit=(timeout -k 30 "${MATRIX_STEP_TIMEOUT:-2400}")
log() { echo "[matrix $(date +%H:%M:%S)] $*" >&2; }

# Packages every chroot needs: PHP is added per suite. libssl-dev and
# pkg-config: the openssl crate; gcc/libc6-dev: the linker the toolchain uses.
base_packages="make gcc libc6-dev libclang-dev pkg-config libssl-dev mosquitto mosquitto-clients iproute2 openssl python3 ca-certificates dpkg-dev autoconf git"

# in_chroot DIR COMMAND...: COMMAND inside DIR with the clone at its own path.
in_chroot() {
  local dir=$1; shift
  "${limit[@]}" unshare -m --propagation private -- /bin/sh -ec '
    d=$1 src=$2 ch=$3 rh=$4; shift 4
    mount -t proc proc "$d/proc"
    mount --rbind /dev "$d/dev"
    mkdir -p "$d$src" "$d/root/.cargo" "$d/root/.rustup"
    mount --bind "$src" "$d$src"
    mount --bind "$ch" "$d/root/.cargo"
    mount --bind "$rh" "$d/root/.rustup"
    exec chroot "$d" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
      PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      CARGO_HOME=/root/.cargo RUSTUP_HOME=/root/.rustup ${CI:+CI=$CI} "$@"
  ' sh "$dir" "$root" "$cargo_home" "$rustup_home" "$@"
}

# make_chroot NAME SUITE APT-SETUP-SCRIPT PACKAGES
make_chroot() {
  local name=$1 suite=$2 setup=$3 packages=$4 dir="$cache/$1"
  local wanted="$base_packages $packages"
  [ -f "$dir/.mosquitto-rs-ready" ] && [ "$(cat "$dir/.mosquitto-rs-ready")" = "$wanted" ] && return 0
  if [ -f "$dir/.mosquitto-rs-ready" ]; then
    # A cached chroot from an older package list: add what is new.
    log "$name: installing packages added since the chroot was made"
    in_chroot "$dir" /bin/sh -ec "$setup
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $wanted
      apt-get clean" >&2 || return 1
    echo "$wanted" > "$dir/.mosquitto-rs-ready"
    return 0
  fi
  log "$name: debootstrap $suite into $dir"
  command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >&2 || return 1
  rm -rf "$dir"
  "${limit[@]}" debootstrap --variant=minbase "$suite" "$dir" "$mirror" >&2 || return 1
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' > "$dir/etc/hosts"
  # Nothing installed in the chroot may start a daemon (it shares our network).
  printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"; chmod 755 "$dir/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  in_chroot "$dir" /bin/sh -ec "$setup
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $base_packages $packages
    apt-get clean" >&2 || return 1
  echo "$wanted" > "$dir/.mosquitto-rs-ready"
}

prepare_8.4-nts() {
  make_chroot trixie trixie "" "php8.4-cli php8.4-dev php8.4-fpm libfcgi-bin"
}

prepare_8.5-nts() {
  # php8.5 is in experimental only, whose php-defaults already moved on to
  # 8.6: take php8.5-* from experimental, everything else (php-common) from sid.
  make_chroot sid sid "
    echo 'deb $mirror experimental main' > /etc/apt/sources.list.d/experimental.list
    echo 'Acquire::Check-Valid-Until \"false\";' > /etc/apt/apt.conf.d/99no-check-valid-until
    printf 'Package: php8.5*\nPin: release a=experimental\nPin-Priority: 990\n\nPackage: php-common php-defaults dh-php php-dev\nPin: release a=unstable\nPin-Priority: 1001\n' > /etc/apt/preferences.d/php8.5
  " "php8.5-cli php8.5-dev php8.5-fpm libfcgi-bin"
}

# PHP 8.2 ZTS: the upstream tarball of Debian's php8.2 source package, a CLI with
# only what the tests use, installed under $cache/php-8.2-zts.
prepare_8.2-zts() {
  local prefix="$cache/php-8.2-zts" apt="$cache/apt-src" src="$cache/src-php8.2"
  [ -x "$prefix/bin/php" ] && [ -f "$prefix/.mosquitto-rs-ready" ] && return 0
  log "8.2-zts: apt-get source php8.2, build with --enable-zts (a few minutes)"
  command -v dpkg-source >/dev/null && command -v gcc >/dev/null && command -v bison >/dev/null || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q dpkg-dev gcc make bison re2c pkg-config >&2 || return 1
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
  # A private apt directory: the host's sources.list need not carry deb-src.
  . /etc/os-release
  echo "deb-src $mirror $VERSION_CODENAME main" > "$apt/sources.list"
  local o=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
           -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")
  apt-get "${o[@]}" update -q >&2 || return 1
  rm -rf "$src"; mkdir -p "$src"
  (cd "$src" && apt-get "${o[@]}" source -q --download-only php8.2 >&2) || return 1
  # The upstream tarball inside it: Debian's patches expect debian/rules to
  # fill in placeholders (@DEBIAN_PHP_API@ in phpize and php-config).
  local orig; orig=$(ls "$src"/php8.2_*.orig.tar.* | head -n 1)
  [ -n "$orig" ] || return 1
  mkdir "$src/tree" && tar -xf "$orig" -C "$src/tree" --strip-components=1 || return 1
  local tree="$src/tree"
  (cd "$tree" && ./configure -q --prefix="$prefix" --with-config-file-scan-dir="$prefix/etc/conf.d" \
      --disable-all --enable-zts --enable-cli --disable-cgi --disable-phpdbg \
      --enable-pcntl --enable-posix --enable-tokenizer >&2 \
    && make -j"$(nproc)" >/dev/null && make install >&2) || return 1
  mkdir -p "$prefix/etc/conf.d"
  rm -rf "$src"
  touch "$prefix/.mosquitto-rs-ready"
}

prepare_8.2-nts() { command -v php8.2 >/dev/null && command -v php-config8.2 >/dev/null; }

# run_variant VARIANT: make build (timed) then make test; sets the row.
declare -A row_php row_ts row_mosq row_build row_test row_result
run_variant() {
  local v=$1 out="$cache/logs/$1.log" t0 t1 t2 runner=("${limit[@]}") env=(PHP_CONFIG=)
  case $v in
    8.2-nts) env=(PHP_CONFIG=/usr/bin/php-config8.2) ;;
    8.2-zts) env=(PHP_CONFIG="$cache/php-8.2-zts/bin/php-config" PATH="$cache/php-8.2-zts/bin:$PATH") ;;
    8.4-nts) runner=(in_chroot "$cache/trixie"); env=(PHP_CONFIG=/usr/bin/php-config8.4) ;;
    8.5-nts) runner=(in_chroot "$cache/sid"); env=(PHP_CONFIG=/usr/bin/php-config8.5) ;;
  esac
  local sh=(/bin/sh -c 'cd "$0" && exec env "$@"' "$root" "${env[@]}")
  : > "$out"
  row_php[$v]=$("${runner[@]}" "${sh[@]}" sh -c '$($PHP_CONFIG --php-binary) -n -r "echo PHP_VERSION;"' 2>>"$out")
  row_ts[$v]=$("${runner[@]}" "${sh[@]}" sh -c '$($PHP_CONFIG --php-binary) -n -r "echo PHP_ZTS ? \"ZTS\" : \"NTS\";"' 2>>"$out")
  row_mosq[$v]=$("${runner[@]}" /bin/sh -c 'mosquitto -h 2>&1 | sed -n "s/^mosquitto version //p"' 2>>"$out")
  log "$v: make build (log: $out)"
  t0=$(date +%s)
  "${runner[@]}" "${sh[@]}" make build >>"$out" 2>&1
  local built=$?
  t1=$(date +%s); row_build[$v]="$(( (t1 - t0) / 60 ))m$(( (t1 - t0) % 60 ))s"
  if [ $built != 0 ]; then row_test[$v]=-; row_result[$v]="build failed"; return 1; fi
  log "$v: make test"
  "${runner[@]}" "${sh[@]}" make test >>"$out" 2>&1
  local tested=$?
  t2=$(date +%s); row_test[$v]="$(( (t2 - t1) / 60 ))m$(( (t2 - t1) % 60 ))s"
  row_result[$v]=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  [ -n "${row_result[$v]}" ] || row_result[$v]="make test failed before the PHP tests"
  [ $tested = 0 ] || row_result[$v]="${row_result[$v]} (make test exit $tested)"
  return $tested
}

status=0
for v in "${variants[@]}"; do
  if ! declare -F "prepare_$v" >/dev/null; then echo "test-matrix: unknown variant $v" >&2; exit 2; fi
  if ! "prepare_$v" 2>>"$cache/logs/prepare-$v.log"; then
    log "$v: preparation failed, see $cache/logs/prepare-$v.log"
    row_result[$v]="not prepared (see $cache/logs/prepare-$v.log)"; status=1; continue
  fi
  [ $prepare_only = 1 ] && continue
  run_variant "$v" || status=1
done
[ $prepare_only = 1 ] && exit $status

# Nothing of ours may stay mounted: the namespaces are gone with their commands.
if grep -q " $cache/" /proc/mounts; then echo "test-matrix: mounts left under $cache:" >&2; grep " $cache/" /proc/mounts >&2; status=1; fi

printf '\n| variant | PHP | NTS/ZTS | mosquitto | build | test | result |\n|---|---|---|---|---|---|---|\n'
for v in "${variants[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$v" "${row_php[$v]:--}" "${row_ts[$v]:--}" \
    "${row_mosq[$v]:--}" "${row_build[$v]:--}" "${row_test[$v]:--}" "${row_result[$v]:--}"
done
exit $status

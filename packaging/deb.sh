#!/bin/sh
# `make deb`: a Debian package for the PHP that packaging/php-env.sh finds
# (PHP_CONFIG= or the php first on PATH), named, placed and depending the way
# Debian's own php-* extension packages are, e.g. php8.4-mosquitto-rs with the
# module in /usr/lib/php/20240924 and the ini in /etc/php/8.4/mods-available.
#   deb.sh MODULE.so OUTPUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
so=${1:?path to mosquitto.so}; out=${2:?output directory}
eval "$("$here/php-env.sh")"
if [ "$PHP_DEBIAN" != yes ]; then
  echo "deb.sh: $PHP is not Debian's PHP (extension dir $EXTENSION_DIR): a .deb is for Debian's php$PHP_MM-* packages; use make install" >&2
  exit 1
fi
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)-1
arch=$(dpkg --print-architecture)
stage=$(mktemp -d "${TMPDIR:-/tmp}/mosquitto-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
doc=usr/share/doc/$DEB_NAME

install -D -m 0644 "$so" "$stage$EXTENSION_DIR/mosquitto.so"
install -D -m 0644 "$here/mosquitto.ini" "$stage$INI_DIR/mosquitto.ini"
install -D -m 0644 "$root/stubs/mosquitto.stub.php" "$stage/usr/share/php/mosquitto-rs/mosquitto.stub.php"
install -D -m 0644 "$root/README.md" "$stage/$doc/README.md"
install -D -m 0644 "$root/LICENSE" "$stage/$doc/copyright"
mkdir -p "$stage/DEBIAN"
# The module's shared libraries (libc, libgcc, libssl...), by the packages that ship them.
libs=$(ldd "$so" | awk '$3 ~ /^\// {print $3}' | while read -r lib; do
  dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null; done | cut -d: -f1 | sort -u | tr '\n' ' ')
depends="php$PHP_MM-common"; for p in $libs; do depends="$depends, $p"; done
cat > "$stage/DEBIAN/control" <<CONTROL
Package: $DEB_NAME
Version: $version
Architecture: $arch
Maintainer: mosquitto-rs developers <dev@example.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Conflicts: php$PHP_MM-mosquitto, php-mosquitto
Provides: php$PHP_MM-mosquitto
Section: php
Priority: optional
Description: Mosquitto-PHP compatible MQTT client extension for PHP $PHP_MM, written in Rust
 A Mosquitto-PHP compatible MQTT 3.1.1 client extension for PHP $PHP_MM
 ($PHP_TS, module API $PHP_API), written in Rust on rumqttc: automatic
 reconnect, acknowledgement after the callback, keepalive during long tasks.
CONTROL
echo "$INI_DIR/mosquitto.ini" > "$stage/DEBIAN/conffiles"
for script in postinst prerm; do
  sed "s/@PHP_MM@/$PHP_MM/g" "$here/debian/$script" > "$stage/DEBIAN/$script"
  chmod 0755 "$stage/DEBIAN/$script"
done
mkdir -p "$out"
deb="$out/${DEB_NAME}_${version}_$arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"

--TEST--
make deb: the Debian package (built by cargo-deb) holds the .so, the ini, the stub and the maintainer scripts that enable it
--FILE--
<?php
$root = dirname(__DIR__, 2);
$debs = glob("$root/target/debian/php8.2-mosquitto-rs_*.deb");
if (!$debs) {
    echo "no package: run make deb (make test does)\n";
    exit;
}
$deb = end($debs);
echo preg_match('/php8\.2-mosquitto-rs_0\.4\.0-?\d*_amd64\.deb$/', $deb) ? "name follows Debian's php8.2-* convention\n" : "odd name: $deb\n";
$scratch = sys_get_temp_dir() . '/mosquitto-deb-' . getmypid();
exec('dpkg -x ' . escapeshellarg($deb) . ' ' . escapeshellarg($scratch));
foreach (['usr/lib/php/20220829/mosquitto.so', 'etc/php/8.2/mods-available/mosquitto.ini', 'usr/share/php/mosquitto-rs/mosquitto.stub.php'] as $file) {
    echo $file, ': ', is_file("$scratch/$file") ? 'present' : 'MISSING', "\n";
}
echo "packaged .so loads: ", trim(shell_exec(escapeshellarg(PHP_BINARY) . " -n -d extension=$scratch/usr/lib/php/20220829/mosquitto.so -r 'echo phpversion(\"mosquitto\");'")), "\n";
$control = shell_exec('dpkg-deb -f ' . escapeshellarg($deb) . ' Package Depends Conflicts Provides Section');
echo $control;
$postinst = shell_exec('dpkg-deb -I ' . escapeshellarg($deb) . ' postinst');
echo str_contains($postinst, 'phpenmod -v 8.2 -s ALL mosquitto') ? "postinst enables it with phpenmod\n" : "postinst missing\n";
exec('rm -rf ' . escapeshellarg($scratch));
?>
--EXPECT--
name follows Debian's php8.2-* convention
usr/lib/php/20220829/mosquitto.so: present
etc/php/8.2/mods-available/mosquitto.ini: present
usr/share/php/mosquitto-rs/mosquitto.stub.php: present
packaged .so loads: 0.4.0
Package: php8.2-mosquitto-rs
Depends: php8.2-common
Conflicts: php8.2-mosquitto, php-mosquitto
Provides: php8.2-mosquitto
Section: php
postinst enables it with phpenmod

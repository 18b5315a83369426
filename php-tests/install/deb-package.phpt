--TEST--
make deb: the Debian package for this PHP (name, Depends and paths derived from php-config) holds the .so, the ini, the stub and the maintainer scripts that enable it
--EXTENSIONS--
mosquitto
--SKIPIF--
<?php
require __DIR__ . '/php-env.inc';
// A .deb is for Debian's PHP; a source-built PHP (the matrix's 8.2 ZTS) has
// none to depend on. CI's PHPs are Debian's: this never skips there.
if (!$php['debian']) echo "skip not Debian's PHP ({$php['extension_dir']}): make deb refuses it\n";
?>
--FILE--
<?php
require __DIR__ . '/php-env.inc';
$root = dirname(__DIR__, 2);
exec('make -s -C ' . escapeshellarg($root) . ' deb 2>&1', $out, $status);
$debs = glob("$root/target/debian/{$php['deb_name']}_*.deb");
if ($status !== 0 || !$debs) {
    echo "make deb failed:\n", implode("\n", $out), "\n";
    exit;
}
$deb = end($debs);
echo preg_match('/^' . preg_quote($php['deb_name'], '/') . '_0\.4\.0-1_amd64\.deb$/', basename($deb)) ? "name follows Debian's php{X.Y}-* convention\n" : "odd name: $deb\n";
$scratch = sys_get_temp_dir() . '/mosquitto-deb-' . getmypid();
exec('dpkg -x ' . escapeshellarg($deb) . ' ' . escapeshellarg($scratch));
foreach (["usr/lib/php/{$php['api']}/mosquitto.so", "etc/php/{$php['mm']}/mods-available/mosquitto.ini", 'usr/share/php/mosquitto-rs/mosquitto.stub.php'] as $file) {
    echo php_env_names("/$file"), ': ', is_file("$scratch/$file") ? 'present' : 'MISSING', "\n";
}
echo "module directory is /usr/lib/php/{API}: ", PHP_EXTENSION_DIR === "/usr/lib/php/{$php['api']}" ? 'yes' : 'no', "\n";
echo "packaged .so loads: ", trim(shell_exec(escapeshellarg(PHP_BINARY) . " -n -d extension=$scratch/usr/lib/php/{$php['api']}/mosquitto.so -r 'echo phpversion(\"mosquitto\");'")), "\n";
$control = shell_exec('dpkg-deb -f ' . escapeshellarg($deb) . ' Package Depends Conflicts Provides Section');
// Depends: PHP's common package first, then the libraries the module links.
echo php_env_names(preg_replace('/^(Depends: [^,\n]+),.*$/m', '$1, {shared libraries}', $control));
echo preg_match('/^Depends: .*\blibc6\b/m', $control) ? "depends on libc6\n" : "libc6 missing from Depends\n";
$postinst = shell_exec('dpkg-deb -I ' . escapeshellarg($deb) . ' postinst');
echo str_contains($postinst, "phpenmod -v {$php['mm']} -s ALL mosquitto") ? "postinst enables it with phpenmod -v {X.Y}\n" : "postinst missing\n";
$prerm = shell_exec('dpkg-deb -I ' . escapeshellarg($deb) . ' prerm');
echo str_contains($prerm, "phpdismod -v {$php['mm']} -s ALL mosquitto") ? "prerm disables it with phpdismod -v {X.Y}\n" : "prerm missing\n";
exec('rm -rf ' . escapeshellarg($scratch));
?>
--EXPECT--
name follows Debian's php{X.Y}-* convention
{extension-dir}/mosquitto.so: present
{ini-dir}/mosquitto.ini: present
/usr/share/php/mosquitto-rs/mosquitto.stub.php: present
module directory is /usr/lib/php/{API}: yes
packaged .so loads: 0.4.0
Package: php{X.Y}-mosquitto-rs
Depends: php{X.Y}-common, {shared libraries}
Conflicts: php{X.Y}-mosquitto, php-mosquitto
Provides: php{X.Y}-mosquitto
Section: php
depends on libc6
postinst enables it with phpenmod -v {X.Y}
prerm disables it with phpdismod -v {X.Y}

--TEST--
make install into a staging root puts the .so in PHP's extension directory and the ini in mods-available; make uninstall removes both
--FILE--
<?php
$root = dirname(__DIR__, 2);
$dest = sys_get_temp_dir() . '/mosquitto-destdir-' . getmypid();
$run = fn (string $target) => exec('make -s -C ' . escapeshellarg($root) . " $target DESTDIR=" . escapeshellarg($dest) . ' 2>&1', $out, $status) !== false && $status === 0
    ? "$target: ok" : "$target: FAILED\n" . implode("\n", $out);
echo $run('install'), "\n";
$files = [];
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dest, FilesystemIterator::SKIP_DOTS));
foreach ($it as $file) {
    $files[] = substr($file->getPathname(), strlen($dest));
}
sort($files);
echo implode("\n", $files), "\n";
$ini = file_get_contents("$dest/etc/php/8.2/mods-available/mosquitto.ini");
echo preg_match('/^extension=mosquitto$/m', $ini) && str_contains($ini, ';mosquitto.auto_reconnect = 1') && str_contains($ini, ';mosquitto.connect_timeout = 10')
    ? "ini lists the extension and every setting\n" : "ini incomplete\n";
echo $run('uninstall'), "\n";
$left = iterator_to_array(new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dest, FilesystemIterator::SKIP_DOTS)));
echo count($left) === 0 ? "nothing left\n" : "left behind: " . implode(', ', array_keys($left)) . "\n";
exec('rm -rf ' . escapeshellarg($dest));
?>
--EXPECTF--
install: ok
/etc/php/8.2/mods-available/mosquitto.ini
%s/mosquitto.so
ini lists the extension and every setting
uninstall: ok
nothing left

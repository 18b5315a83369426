--TEST--
Loaded from a php.ini only (PHP_INI_SCAN_DIR, no -d extension=), the extension runs the seed worker
--EXTENSIONS--
mosquitto
--FILE--
<?php
$dir = sys_get_temp_dir() . '/mosquitto-ini-' . getmypid();
mkdir($dir);
// The ini as `make install` writes it, pointing at this build.
$ini = file_get_contents(__DIR__ . '/../../packaging/mosquitto.ini');
file_put_contents("$dir/20-mosquitto.ini", str_replace('extension=mosquitto', 'extension=' . getenv('MOSQUITTO_EXT'), $ini));
// A leading ":" keeps PHP's own scan directory and adds ours.
$env = 'PHP_INI_SCAN_DIR=' . escapeshellarg(':' . $dir);
echo shell_exec("$env php -r 'echo extension_loaded(\"mosquitto\") ? \"loaded \" . phpversion(\"mosquitto\") : \"not loaded\";'"), "\n";
echo shell_exec("$env php -r 'echo ini_get(\"mosquitto.auto_reconnect\"), \" \", ini_get(\"mosquitto.connect_timeout\");'"), "\n";
passthru("$env " . __DIR__ . '/../harness/seed.sh relay - ' . escapeshellarg(__DIR__ . '/../fixtures/worker-fixed.php') . ' 200');
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
loaded 0.4.0
1 10
sent 200, completed 200, distinct 200, missing 0, duplicates 0
worker still running

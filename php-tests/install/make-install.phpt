--TEST--
make install into a staging root puts the .so in this PHP's extension directory and the ini in its ini directory (derived from php-config); make uninstall removes both
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/php-env.inc';
$root = dirname(__DIR__, 2);
$dest = sys_get_temp_dir() . '/mosquitto-destdir-' . getmypid();
$run = function (string $target) use ($root, $dest): string {
    $out = [];
    exec('make -s -C ' . escapeshellarg($root) . " $target DESTDIR=" . escapeshellarg($dest) . ' 2>&1', $out, $status);
    return $status === 0 ? "$target: ok" : "$target: FAILED\n" . implode("\n", $out);
};
echo $run('install'), "\n";
echo "make derives: ", php_env_names(shell_exec('make -s -C ' . escapeshellarg($root) . ' php-env | grep -E "^(PHP_MM|PHP_API|PHP_TS|EXTENSION_DIR|INI_DIR)="') ?? ''),
    "same as this PHP: ", trim(shell_exec('make -s -C ' . escapeshellarg($root) . ' php-env | grep -E "^(PHP_MM|PHP_API|PHP_TS)="') ?? '')
    === "PHP_MM={$php['mm']}\nPHP_API={$php['api']}\nPHP_TS={$php['ts']}" ? "yes" : "NO", "\n";
$files = [];
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dest, FilesystemIterator::SKIP_DOTS));
foreach ($it as $file) {
    $files[] = php_env_names(substr($file->getPathname(), strlen($dest)));
}
sort($files);
echo implode("\n", $files), "\n";
$ini = file_get_contents("$dest{$php['ini_dir']}/mosquitto.ini");
echo preg_match('/^extension=mosquitto$/m', $ini) && str_contains($ini, ';mosquitto.auto_reconnect = 1') && str_contains($ini, ';mosquitto.connect_timeout = 10')
    ? "ini lists the extension and every setting\n" : "ini incomplete\n";
echo "installed .so loads: ", trim(shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg("$dest{$php['extension_dir']}/mosquitto.so") . ' -r \'echo phpversion("mosquitto");\' 2>&1')), "\n";
echo $run('uninstall'), "\n";
$left = iterator_to_array(new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dest, FilesystemIterator::SKIP_DOTS)));
echo count($left) === 0 ? "nothing left\n" : "left behind: " . implode(', ', array_keys($left)) . "\n";
exec('rm -rf ' . escapeshellarg($dest));
?>
--EXPECT--
install: ok
make derives: PHP_MM={X.Y}
PHP_API={API}
PHP_TS={nts|zts}
EXTENSION_DIR={extension-dir}
INI_DIR={ini-dir}
same as this PHP: yes
{extension-dir}/mosquitto.so
{ini-dir}/mosquitto.ini
ini lists the extension and every setting
installed .so loads: 0.4.0
uninstall: ok
nothing left

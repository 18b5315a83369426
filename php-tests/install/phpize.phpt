--TEST--
The PHP way (what pecl and PIE run) from a copy of the clone: phpize, ./configure --with-php-config, make, make install give a module for this PHP that loads
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/php-env.inc';
$root = dirname(__DIR__, 2);
$env = [];
foreach (explode("\n", trim(shell_exec(escapeshellarg("$root/packaging/php-env.sh")))) as $line) {
    [$key, $value] = explode('=', $line, 2);
    $env[$key] = $value;
}
$work = sys_get_temp_dir() . '/mosquitto-phpize-' . getmypid();
$src = "$work/src";
$dest = "$work/root";
mkdir($src, 0700, true);
function step(string $name, string $command): ?string
{
    exec("$command 2>&1", $out, $status);
    echo $name, ': ', $status === 0 ? 'ok' : "FAILED\n" . implode("\n", array_slice($out, -30)), "\n";
    return $status === 0 ? implode("\n", $out) : null;
}
// The files a fresh clone has (committed or not yet), nothing built; without
// git (a worktree whose repository is elsewhere), all but the build outputs.
$list = shell_exec('git -C ' . escapeshellarg($root) . ' ls-files -co --exclude-standard -z 2>/dev/null');
$listed = "$work/files";
file_put_contents($listed, $list ?: '');
step('copy', 'cd ' . escapeshellarg($root) . ' && tar -cf - ' . ($list
    ? '--null --ignore-failed-read -T ' . escapeshellarg($listed)
    : '--exclude=./target --exclude=./modules --exclude=./.git --exclude="*.out" --exclude="*.diff" .') . ' | tar -xf - -C ' . escapeshellarg($src)
    . ' && test -f ' . escapeshellarg("$src/config.m4"));
$cd = 'cd ' . escapeshellarg($src) . ' && ';
step('phpize', $cd . escapeshellarg($env['PHPIZE']));
$configure = step('configure', $cd . 'env -u CARGO_TARGET_DIR ./configure --with-php-config=' . escapeshellarg($env['PHP_CONFIG']));
preg_match('/^checking for the cargo target directory of this PHP\.\.\. (.*)$/m', $configure ?? '', $m);
echo 'cargo target directory: ', strtr($m[1] ?? 'not reported', [$src => '{src}', "php-{$php['api']}-{$php['ts']}" => 'php-{API}-{nts|zts}']), "\n";
// Cargo's dependencies come from this clone's build for the same PHP (only
// our two crates are compiled again); the copy's own target/ stays empty.
$target = ' MOSQUITTO_TARGET_DIR=' . escapeshellarg("$root/target/{$env['PHP_VARIANT']}");
step('make', $cd . 'make' . $target);
step('make install', $cd . 'make install INSTALL_ROOT=' . escapeshellarg($dest) . $target);
$so = "$dest{$env['EXTENSION_DIR']}/mosquitto.so";
echo php_env_names(substr($so, strlen($dest))), ': ', is_file($so) ? 'installed' : 'MISSING', "\n";
echo 'it loads in this PHP: ', trim(shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($so) . ' -r \'echo phpversion("mosquitto"), " ", PHP_ZTS ? "zts" : "nts";\' 2>&1')) === "0.4.0 {$php['ts']}" ? 'yes' : 'NO', "\n";
step('phpize --clean', $cd . escapeshellarg($env['PHPIZE']) . ' --clean');
echo is_file("$src/Makefile") || is_file("$src/configure") ? "phpize files left\n" : "phpize files gone\n";
exec('rm -rf ' . escapeshellarg($work));
?>
--EXPECT--
copy: ok
phpize: ok
configure: ok
cargo target directory: {src}/target/php-{API}-{nts|zts}
make: ok
make install: ok
{extension-dir}/mosquitto.so: installed
it loads in this PHP: yes
phpize --clean: ok
phpize files gone

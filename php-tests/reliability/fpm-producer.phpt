--TEST--
Producers in web requests: a real php-fpm serves 1,000 requests that each connect, publish one QoS 1 task and return; all 1,000 arrive, and the FPM workers' RSS, threads and descriptors stay flat
--EXTENSIONS--
mosquitto
--SKIPIF--
<?php
// Debian's PHP has its FPM (make test installs it, and cgi-fcgi); a PHP built
// from source for the ZTS matrix row has only the CLI.
$fpm = trim((string) shell_exec('command -v php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION));
if ($fpm === '') {
    die('skip no php-fpm for this PHP');
}
// The ZTS row's CLI finds the host's NTS FPM on the PATH, which cannot load a ZTS build.
$fpmZts = str_contains((string) shell_exec(escapeshellarg($fpm) . ' -n -i 2>/dev/null'), 'Thread Safety => enabled');
if ($fpmZts !== (bool) PHP_ZTS) {
    die('skip the php-fpm on the PATH is not this PHP\'s thread-safety build');
}
?>
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$fpm = trim((string) shell_exec('command -v php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION));
$cgi = trim((string) shell_exec('command -v cgi-fcgi'));
$dir = sys_get_temp_dir() . '/mosquitto-fpm-' . getmypid();
mkdir($dir);
$topic = unique_topic('fpm');
file_put_contents("$dir/publish.php", <<<PHP
<?php
\$c = new Mosquitto\\Client();
\$c->connect('127.0.0.1', \$_GET['port'] ?? 0);
\$c->publish('$topic', 'task ' . (\$_GET['n'] ?? '?'), 1);
echo "ok";
PHP);
file_put_contents("$dir/fpm.conf", <<<CONF
[global]
error_log = $dir/fpm.log
daemonize = no
[www]
listen = $dir/fpm.sock
pm = static
pm.max_children = 2
pm.max_requests = 0
CONF);
$cmd = [$fpm, '-n', '-R', '-y', "$dir/fpm.conf", '-d', 'extension=' . getenv('MOSQUITTO_EXT'), '-d', 'variables_order=EGPCS'];
$master = proc_open($cmd, [1 => ['file', "$dir/out", 'a'], 2 => ['file', "$dir/out", 'a']], $pipes);
for ($i = 0; $i < 100 && !file_exists("$dir/fpm.sock"); $i++) {
    usleep(50000);
}

$arrived = [];
$subscriber = connected_client();
$subscribed = false;
$subscriber->onSubscribe(function () use (&$subscribed) { $subscribed = true; });
$subscriber->onMessage(function (Mosquitto\Message $m) use (&$arrived) { $arrived[$m->payload] = true; });
$subscriber->subscribe($topic, 1);
loop_until($subscriber, function () use (&$subscribed) { return $subscribed; });

function request(string $dir, string $cgi, int $n): string
{
    $env = "SCRIPT_FILENAME=$dir/publish.php REQUEST_METHOD=GET QUERY_STRING=" . escapeshellarg('n=' . $n . '&port=' . MQTT_PORT);
    return (string) shell_exec("env $env $cgi -bind -connect $dir/fpm.sock 2>&1");
}

/** RSS (kB), threads and descriptors of each FPM worker (the master's children). */
function workers(int $master): array
{
    $seen = [];
    foreach (glob('/proc/[0-9]*/stat') as $stat) {
        $fields = explode(' ', (string) @file_get_contents($stat));
        if (($fields[3] ?? null) == $master) {
            $pid = (int) $fields[0];
            preg_match('/VmRSS:\s+(\d+)/', (string) file_get_contents("/proc/$pid/status"), $rss);
            preg_match('/Threads:\s+(\d+)/', (string) file_get_contents("/proc/$pid/status"), $threads);
            $seen[$pid] = [(int) $rss[1], (int) $threads[1], count(scandir("/proc/$pid/fd")) - 2];
        }
    }
    ksort($seen);
    return $seen;
}

$masterPid = proc_get_status($master)['pid'];
$failed = 0;
$times = [];
for ($n = 1; $n <= 1000; $n++) {
    $started = hrtime(true);
    $body = request($dir, $cgi, $n);
    $times[] = (hrtime(true) - $started) / 1e6;
    if (!str_ends_with($body, 'ok')) {
        $failed++;
        if ($failed === 1) { echo "request $n answered: $body\n"; }
    }
    if ($n === 100) { $after100 = workers($masterPid); }
    $subscriber->loop(0);
}
$after1000 = workers($masterPid);
loop_until($subscriber, function () use (&$arrived) { return count($arrived) >= 1000; }, 30);

sort($times);
$p50 = $times[499];
$baseline = [];
for ($i = 0; $i < 50; $i++) {   // cgi-fcgi's own cost: a request to an empty script
    file_put_contents("$dir/empty.php", '<?php echo "ok";');
    $started = hrtime(true);
    shell_exec("env SCRIPT_FILENAME=$dir/empty.php REQUEST_METHOD=GET $cgi -bind -connect $dir/fpm.sock 2>&1");
    $baseline[] = (hrtime(true) - $started) / 1e6;
}
sort($baseline);
// The figures for README (a benchmark, not an assertion): request time with
// and without connect + publish + the flush at the end of the request.
file_put_contents(sys_get_temp_dir() . '/mosquitto-fpm-figures.txt', sprintf(
    "request p50 %.2f ms, empty script %.2f ms, added %.2f ms\nworkers after 100: %s\nworkers after 1000: %s\n",
    $p50, $baseline[25], $p50 - $baseline[25], json_encode($after100), json_encode($after1000)
));

echo "failed requests: $failed\n";
echo "tasks arrived: ", count($arrived), "\n";
echo "same workers: ", var_export(array_keys($after100) === array_keys($after1000), true), "\n";
foreach ($after1000 as $pid => [$rss, $threads, $fds]) {
    [$rss0, $threads0, $fds0] = $after100[$pid];
    echo "worker: RSS grew under 2 MB: ", var_export($rss - $rss0 < 2048, true), $rss - $rss0 < 2048 ? '' : " ($rss0 -> $rss kB)",
        // PHP's thread and the process's one I/O thread (started by the
        // first connect, kept for the next requests).
        ", threads flat, at most 2: ", var_export($threads === $threads0 && $threads <= 2, true), $threads === $threads0 && $threads <= 2 ? '' : " ($threads0 -> $threads)",
        ", descriptors unchanged: ", var_export($fds === $fds0, true), "\n";
}
proc_terminate($master);
proc_close($master);
shell_exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECT--
failed requests: 0
tasks arrived: 1000
same workers: true
worker: RSS grew under 2 MB: true, threads flat, at most 2: true, descriptors unchanged: true
worker: RSS grew under 2 MB: true, threads flat, at most 2: true, descriptors unchanged: true

<?php
// (b) A fake broker answers CONNACK, then sends a PUBLISH header claiming
// 268,435,455 bytes. The worker runs under `ulimit -v 300000` (300 MB of
// address space): it must stay alive, say why in onLog and reconnect
// (before: "memory allocation of 268435464 bytes failed", SIGABRT).
require __DIR__ . '/../lib.inc';

$port = free_port();
$log = tempnam(sys_get_temp_dir(), 'chaos-oversize');
$fake = python_helper('fake_broker.py', [$port, 'oversize', $log], $port);
$client = <<<'PHP'
$c = new Mosquitto\Client('chaos-oversize');
$c->setReconnectDelay(1, 1, false);
$c->onLog(function (int $level, string $line) { if (str_contains($line, 'over the limit')) { echo "LOG $line\n"; } });
$c->onDisconnect(function (int $rc) { echo "DISCONNECT $rc\n"; });
$c->onConnect(function (int $rc) { echo "CONNECT $rc\n"; });
$c->connect('127.0.0.1', (int) $argv[1], 60);
$end = microtime(true) + 3.5;
while (microtime(true) < $end) { $c->loop(50); }
preg_match('/VmHWM:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
echo "ALIVE ", round($m[1] / 1024, 1), "\n";
PHP;
$cmd = 'ulimit -v 300000; exec ' . escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg(getenv('MOSQUITTO_EXT'))
    . ' -r ' . escapeshellarg($client) . ' ' . $port . ' 2>&1';
exec($cmd, $out, $status);
proc_terminate($fake);
proc_close($fake);
$out = implode("\n", $out);
$connections = count(file($log));
unlink($log);
preg_match('/^LOG (.*)$/m', $out, $line);
preg_match('/^ALIVE (\S+)$/m', $out, $alive);
$pass = $status === 0 && isset($alive[1]) && isset($line[1]) && $connections >= 2 && !str_contains($out, 'panic');
chaos_row('b. fake broker claims a 256 MB packet, worker under ulimit -v 300000', $pass,
    $pass ? sprintf('alive (exit 0, peak RSS %s MB), reconnected (%d connections), log: "%s"', $alive[1], $connections, preg_replace('/^Client \S+ /', '', $line[1]))
          : "exit $status, $connections connections, output: " . substr($out, -300));

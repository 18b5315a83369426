<?php
// (k) Hostile input to every entry point, in a child process whose stdout and
// stderr are both read: each call either works or throws a clear PHP
// exception; no "panic" text (a Rust panic surfacing as PHP's Error, or its
// backtrace on stderr), no crash, no hang. Before: a NUL byte in connect()'s
// host gave "Rust panic: thread name may not contain interior null bytes".
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$child = <<<'PHP'
$port = (int) $argv[1];
function row(string $input, callable $call): void {
    try {
        $r = $call();
        echo "ROW\t$input\taccepted\t", var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "ROW\t$input\t", get_class($e), "\t", $e->getMessage(), "\n";
    }
}
$c = new Mosquitto\Client();
$connected = new Mosquitto\Client();
$connected->connect('127.0.0.1', $port);
row('connect() host with a NUL byte', fn () => $c->connect("127.0.0.1\0evil", $port));
row('connect() host of 100,000 bytes', fn () => $c->connect(str_repeat('h', 100000), $port));
row('connect() empty host', fn () => $c->connect('', $port));
row('connect() interface with a NUL byte', fn () => $c->connect('127.0.0.1', $port, 60, "lo\0x"));
row('connect() keepalive PHP_INT_MAX', fn () => $c->connect('127.0.0.1', $port, PHP_INT_MAX));
row('connect() port PHP_INT_MIN', fn () => $c->connect('127.0.0.1', PHP_INT_MIN));
row('client id with a NUL byte', fn () => new Mosquitto\Client("id\0x"));
row('setCredentials() with NUL bytes', fn () => (new Mosquitto\Client())->setCredentials("u\0", "p\0"));
row('setWill() topic with a NUL byte', fn () => (new Mosquitto\Client())->setWill("t\0", 'p', 1, false));
row('setWill() topic with a wildcard', fn () => (new Mosquitto\Client())->setWill('t/#', 'p', 1, false));
row('setReconnectDelay(PHP_INT_MAX, ...)', fn () => (new Mosquitto\Client())->setReconnectDelay(PHP_INT_MAX, PHP_INT_MAX, true));
row('setReconnectDelay(-1, -1)', fn () => (new Mosquitto\Client())->setReconnectDelay(-1, -1, false));
row('setMaxInFlightMessages(-1)', fn () => (new Mosquitto\Client())->setMaxInFlightMessages(-1));
row('setMaxInFlightMessages(PHP_INT_MAX)', fn () => (new Mosquitto\Client())->setMaxInFlightMessages(PHP_INT_MAX));
row('setMessageRetry(PHP_INT_MIN)', fn () => (new Mosquitto\Client())->setMessageRetry(PHP_INT_MIN));
row('setProtocolVersion(99)', fn () => (new Mosquitto\Client())->setProtocolVersion(99));
row('setDeliveryLimit(-1, NUL topic)', fn () => (new Mosquitto\Client())->setDeliveryLimit(-1, "\0"));
row('setTlsCertificates() path with a NUL byte', fn () => (new Mosquitto\Client())->setTlsCertificates("/tmp/ca\0.crt"));
row('setTlsOptions(99, "tlsv9")', fn () => (new Mosquitto\Client())->setTlsOptions(99, 'tlsv9'));
row('setTlsPSK() key not hex', fn () => (new Mosquitto\Client())->setTlsPSK('zz-not-hex', 'id'));
row('loop(-5)', fn () => $connected->loop(-5));
row('loop(PHP_INT_MAX, PHP_INT_MIN)', fn () => $connected->loop(PHP_INT_MAX, PHP_INT_MIN));
row('publish() qos PHP_INT_MAX', fn () => $connected->publish('t', 'p', PHP_INT_MAX));
row('publish() topic with a NUL byte', fn () => $connected->publish("t\0", 'p', 1));
row('publish() payload of NUL bytes', fn () => is_int($connected->publish('chaos/nul', "\0\0\0", 1)));
row('subscribe() "$share/" with no group', fn () => $connected->subscribe('$share/', 1));
row('subscribe() filter with a NUL byte', fn () => $connected->subscribe("a\0#", 1));
row('unsubscribe() a NUL byte', fn () => $connected->unsubscribe("\0"));
row('getSocket() before connect()', fn () => (new Mosquitto\Client())->getSocket());
row('Message::__unserialize() garbage', fn () => (new Mosquitto\Message())->__unserialize(['topic' => [], 'payload' => new stdClass(), 'qos' => 'x']));
row('Message topic set to an array', function () { $m = new Mosquitto\Message(); $m->topic = [1]; return $m->topic; });
row('loop() on a fresh client', fn () => (new Mosquitto\Client())->loop(0));
$connected->loop(100);
echo "END\n";
PHP;
$process = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('MOSQUITTO_EXT'), '-r', $child, $broker->port],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
stream_set_blocking($pipes[1], false);
stream_set_blocking($pipes[2], false);
$out = $err = '';
$deadline = microtime(true) + 60;
while (proc_get_status($process)['running'] && microtime(true) < $deadline) {
    $out .= stream_get_contents($pipes[1]);
    $err .= stream_get_contents($pipes[2]);
    usleep(20000);
}
$out .= stream_get_contents($pipes[1]);
$err .= stream_get_contents($pipes[2]);
$running = proc_get_status($process)['running'];
if ($running) {
    proc_terminate($process, SIGKILL);
}
$status = proc_close($process);

$rows = $thrown = 0;
$unclear = [];
$nulHost = '';
foreach (explode("\n", $out) as $line) {
    $f = explode("\t", $line);
    if ($f[0] !== 'ROW' || count($f) < 4) {
        continue;
    }
    $rows++;
    if ($f[2] !== 'accepted') {
        $thrown++;
        if (!in_array($f[2], ['Mosquitto\Exception', 'TypeError', 'ValueError', 'Error'], true) || trim($f[3]) === '') {
            $unclear[] = "$f[1]: $f[2]: $f[3]";
        }
    }
    if ($f[1] === 'connect() host with a NUL byte') {
        $nulHost = "$f[2]: $f[3]";
    }
}
if (getenv('CHAOS_VERBOSE')) {
    fwrite(STDERR, $out . $err);
}
$panics = substr_count(strtolower($out . $err), 'panic');
$pass = !$running && str_contains($out, "END\n") && $panics === 0 && !$unclear && str_starts_with($nulHost, 'Mosquitto\Exception');
chaos_row('k. hostile input (NUL in connect() host, extreme numbers, garbage)', $pass,
    $running ? 'the child hung (killed after 60 s)' : sprintf('%d inputs: %d clear exceptions, %d accepted, %d "panic" in output, %s; NUL host: %s%s',
        $rows, $thrown, $rows - $thrown, $panics, str_contains($out, "END\n") ? 'no crash' : "crash (exit $status): " . substr($err, -200),
        $nulHost, $unclear ? '; unclear: ' . implode('; ', $unclear) : ''));

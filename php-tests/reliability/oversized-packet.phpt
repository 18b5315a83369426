--TEST--
A broker that claims a 256 MiB packet in a 5-byte header cannot make the worker allocate it: under an address-space limit (ulimit -v 300000) the process stays alive, logs why and reconnects
--EXTENSIONS--
mosquitto
--FILE--
<?php
// A scripted broker: only it sends such bytes on cue. It accepts the client,
// answers CONNECT with CONNACK, then sends a PUBLISH header claiming
// 268,435,455 bytes and a few bytes of it.
$server = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) explode(':', stream_socket_get_name($server, false))[1];
$client = <<<'PHP'
$c = new Mosquitto\Client('oversize');
$c->setReconnectDelay(1, 1, false);
$c->onLog(function (int $level, string $line) { if ($level !== Mosquitto\Client::LOG_DEBUG) { echo $line, "\n"; } });
$c->onDisconnect(function (int $rc) { echo "onDisconnect($rc)\n"; });
$c->onConnect(function (int $rc) { echo "onConnect($rc)\n"; });
$c->connect('127.0.0.1', (int) $argv[1], 60);
$end = microtime(true) + 3;
while (microtime(true) < $end) { $c->loop(50); }
echo "alive, peak RSS under 100 MB: ", var_export(memory_get_peak_usage(true) < 100e6 && (int) preg_replace('/\D/', '', shell_exec('grep VmHWM /proc/' . getmypid() . '/status')) < 100000, true), "\n";
PHP;
$cmd = 'ulimit -v 300000; exec ' . escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' -r ' . escapeshellarg($client) . ' ' . $port;
$process = proc_open(['sh', '-c', $cmd], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$connections = 0;
$deadline = microtime(true) + 6;
while (microtime(true) < $deadline && $connections < 2) {
    $peer = @stream_socket_accept($server, 1);
    if (!$peer) {
        continue;
    }
    $connections++;
    fread($peer, 4096);                                        // CONNECT
    fwrite($peer, "\x20\x02\x00\x00");                         // CONNACK, accepted
    fwrite($peer, "\x30\xff\xff\xff\x7f\x00\x04jobs" . str_repeat('x', 1000));
    $held[] = $peer;                                           // never closed by us
}
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
echo $out, $err, "exit ", proc_close($process), "\n";
echo "broker saw the client again after the refusal: ", var_export($connections >= 2, true), "\n";
?>
--EXPECTF--
onConnect(0)
Client oversize connection lost: the broker sent a packet of 268435455 bytes, over the limit of 67108864 (mosquitto.max_packet_size)
onDisconnect(7)
Client oversize reconnected to 127.0.0.1:%d
onConnect(0)
%Aalive, peak RSS under 100 MB: true
%Aexit 0
broker saw the client again after the refusal: true

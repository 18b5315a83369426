<?php
// (c) publish() while the broker is frozen (SIGSTOP: the TCP connection stays
// up, nothing is answered). Once the outgoing queue is full, each publish()
// waits at most mosquitto.publish_timeout, then throws; a SIGTERM handler
// (pcntl_async_signals) runs during that wait. After SIGCONT every publish
// that was accepted is acknowledged. Before: publish() blocked for the whole
// outage and the handler never ran.
require __DIR__ . '/../lib.inc';

$timeoutMs = 2000;   // the documented bound, set short to keep the scenario short
ini_set('mosquitto.publish_timeout', (string) $timeoutMs);
ini_set('mosquitto.max_queued_messages', '100');

$broker = new PrivateBroker();
$client = new Mosquitto\Client('chaos-frozen', false);
$acked = 0;
$client->onPublish(function () use (&$acked) { $acked++; });
$client->connect('127.0.0.1', $broker->port);
$client->loop(0);

pcntl_async_signals(true);
$sigterm = null;
pcntl_signal(SIGTERM, function () use (&$sigterm) { $sigterm = microtime(true); });

posix_kill(broker_pid($broker), SIGSTOP);
// A "supervisor" sends SIGTERM 1 s from now, while publish() is waiting.
exec(sprintf('(sleep 1; kill -TERM %d) >/dev/null 2>&1 &', getmypid()));
$accepted = 0;
$refused = 0;
$longest = 0.0;
$sigtermInCall = false;
$message = '';
$end = microtime(true) + 7;
while (microtime(true) < $end) {
    $started = microtime(true);
    try {
        $client->publish('chaos/frozen', str_repeat('t', 100), 1);
        $accepted++;
    } catch (Mosquitto\Exception $e) {
        $refused++;
        $message = $e->getMessage();
    }
    $ended = microtime(true);
    $longest = max($longest, $ended - $started);
    if ($sigterm !== null && $sigterm >= $started && $sigterm <= $ended && $ended - $started > 0.5) {
        $sigtermInCall = true;
    }
}
posix_kill(broker_pid($broker), SIGCONT);
$deadline = microtime(true) + 20;
while ($acked < $accepted && microtime(true) < $deadline) {
    $client->loop(50);
}
$bound = $timeoutMs / 1000;
$pass = $longest <= $bound + 0.5 && $refused > 0 && $sigtermInCall && $acked === $accepted;
chaos_row('c. publish() while the broker is frozen (SIGSTOP 7 s)', $pass,
    sprintf('longest publish() %.2f s (bound: publish_timeout %.1f s); %d accepted, %d refused ("%s"); SIGTERM handler ran inside publish(): %s; after SIGCONT %d/%d acknowledged',
        $longest, $bound, $accepted, $refused, strtok($message, ':'), $sigtermInCall ? 'yes' : 'no', $acked, $accepted));

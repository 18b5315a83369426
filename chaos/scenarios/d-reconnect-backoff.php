<?php
// (d) setReconnectDelay(1, 16, true) against a broker that accepts every
// session and drops it right after CONNACK (an ACL kick, a client-id clash, a
// broken proxy): the back-off must grow, at most 7 connections in 20 s
// (before: 20, because any CONNACK reset it).
require __DIR__ . '/../lib.inc';

$port = free_port();
$log = tempnam(sys_get_temp_dir(), 'chaos-drop');
$fake = python_helper('fake_broker.py', [$port, 'drop', $log], $port);
$client = new Mosquitto\Client('chaos-dropped');
$client->setReconnectDelay(1, 16, true);
$started = microtime(true);
$client->connect('127.0.0.1', $port, 5);
while (microtime(true) < $started + 20) {
    $client->loop(50);
}
proc_terminate($fake);
proc_close($fake);
$times = array_map('floatval', file($log));
unlink($log);
$gaps = [];
for ($i = 1; $i < count($times); $i++) {
    $gaps[] = sprintf('%.1f', $times[$i] - $times[$i - 1]);
}
chaos_row('d. back-off against a broker that drops every session after CONNACK (20 s)', count($times) >= 2 && count($times) <= 7,
    sprintf('%d connections in 20 s (<= 7); gaps %s s', count($times), implode(', ', $gaps)));

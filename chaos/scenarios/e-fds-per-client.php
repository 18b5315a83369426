<?php
// (e) File descriptors per connected client, 100 clients in one process: at
// most 3 each (libmosquitto needs 1-3; before: 8, so the default ulimit -n
// 1024 could not connect a 127th client).
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$fds = fn () => count(scandir('/proc/self/fd')) - 2;
$before = $fds();
$clients = [];
for ($i = 0; $i < 100; $i++) {
    $client = new Mosquitto\Client("chaos-fd-$i");
    $client->connect('127.0.0.1', $broker->port);
    $clients[] = $client;
}
foreach ($clients as $client) {
    $client->loop(0);
}
$after = $fds();
$per = ($after - $before) / 100;
chaos_row('e. file descriptors per client, 100 connected clients', $per <= 3,
    sprintf('%.2f fds per client (<= 3): %d fds for 100 clients', $per, $after - $before));

<?php
// (g) A lossy link: a userspace TCP proxy between the clients and the broker
// resets every connection through it every 3 s (RST, bytes in flight lost).
// 1,000 QoS 1 tasks through a worker on a persistent session: every task is
// processed (duplicates allowed and counted), none lost, and the producer
// never publishes a task again: the client's own resends carry it.
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$proxyPort = free_port();
$log = tempnam(sys_get_temp_dir(), 'chaos-lossy');
$proxy = python_helper('lossy_proxy.py', [$proxyPort, $broker->port, 3, $log], $proxyPort);
$workers = start_workers($proxyPort, 1, 'chaos-lossy-worker');
$producer = new TaskProducer('chaos-lossy-producer', $proxyPort, 'tasks', 'tasks-complete');
$tasks = 1000;
$started = microtime(true);
for ($id = 1; $id <= $tasks; $id++) {
    $producer->publish($id);
    // About 70 tasks a second: the run spans several resets.
    while (microtime(true) < $started + $id / 70) {
        $producer->client->loop(5);
    }
}
$producer->finish(1000.0, 60.0);   // wait for completions; never publish again
$elapsed = microtime(true) - $started;
$alive = stop_workers($workers);
proc_terminate($proxy);
proc_close($proxy);
$rounds = file($log);
unlink($log);
$cut = array_sum(array_map(fn ($l) => (int) explode(' ', trim($l))[1], $rounds));
[$completed, $missing, $duplicates] = task_counts($producer, $tasks);
chaos_row('g. lossy link: a proxy resets every connection every 3 s', $missing === 0 && $producer->republished === 0 && $alive,
    sprintf('%d/%d tasks processed, %d lost, %d duplicates, 0 published again; %d resets (%d connections cut) in %.0f s', $completed, $tasks, $missing, $duplicates, count($rounds), $cut, $elapsed));

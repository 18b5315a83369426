<?php
// (h) The broker frozen for 30 s (SIGSTOP), then SIGCONT, while 2,000 QoS 1
// tasks flow through two workers on a shared subscription; the producer goes
// on publishing during the freeze. 0 tasks lost, none published again.
// A probe client at keepalive 5 measures how long a broker that has gone
// silent (TCP still up) takes to be noticed: the half-open detection time.
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$workers = start_workers($broker->port, 2, 'chaos-frozen-worker');
$producer = new TaskProducer('chaos-frozen-producer', $broker->port, 'tasks', 'tasks-complete');
$probe = new Mosquitto\Client('chaos-keepalive-probe');
$lost = null;
$probe->onDisconnect(function () use (&$lost) { $lost ??= microtime(true); });
$probe->connect('127.0.0.1', $broker->port, 5);
$tasks = 2000;
$id = 0;
while ($id < 500) {
    $producer->publish(++$id);
    if ($id % 50 === 0) {
        $producer->client->loop(5);
    }
}
$started = microtime(true);
while (count($producer->done) < 400 && microtime(true) < $started + 20) {
    $producer->client->loop(10);
    $probe->loop(0);
}
// Freeze at a random point of the probe's keepalive interval.
usleep(random_int(0, 5000000));
$probe->loop(0);
posix_kill(broker_pid($broker), SIGSTOP);
$frozen = microtime(true);
$longestPublish = 0.0;
while (microtime(true) < $frozen + 30) {
    if ($id < $tasks) {
        $t = microtime(true);
        $producer->publish(++$id);
        $longestPublish = max($longestPublish, microtime(true) - $t);
    }
    $producer->client->loop(5);
    $probe->loop(5);
}
posix_kill(broker_pid($broker), SIGCONT);
while ($id < $tasks) {
    $producer->publish(++$id);
}
$producer->finish(1000.0, 90.0);   // wait for completions; never publish again
$alive = stop_workers($workers);
[$completed, $missing, $duplicates] = task_counts($producer, $tasks);
// README's bound: at most 2 x keepalive (plus the probe's own loop latency).
$noticed = $lost === null ? null : $lost - $frozen;
chaos_row('h. broker frozen 30 s (SIGSTOP, then SIGCONT) while tasks flow', $missing === 0 && $producer->republished === 0 && $alive && $noticed !== null && $noticed <= 10.5,
    sprintf('%d/%d tasks processed, %d lost, %d duplicates, 0 published again; longest publish() during the freeze %.0f ms; keepalive-5 probe noticed the silent broker after %s (bound 2 x 5 s)',
        $completed, $tasks, $missing, $duplicates, $longestPublish * 1000, $noticed === null ? 'never' : sprintf('%.1f s', $noticed)));

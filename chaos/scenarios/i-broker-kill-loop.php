<?php
// (i) The broker killed with SIGKILL and restarted 10 times while 3,000 QoS 1
// tasks flow through two workers (persistent sessions, shared subscription).
// A SIGKILLed mosquitto loses what it had accepted but not saved, so the
// producer follows README's pattern (publish again what has no completion
// after 5 s); the clients reconnect and resubscribe by themselves. 0 lost.
require __DIR__ . '/../lib.inc';

$broker = new PrivateBroker();
$workers = start_workers($broker->port, 2, 'chaos-kill-worker');
$producer = new TaskProducer('chaos-kill-producer', $broker->port, 'tasks', 'tasks-complete');
$tasks = 3000;
$kills = 10;
$started = microtime(true);
for ($id = 1; $id <= $tasks; $id++) {
    $producer->publish($id);
    if ($id % 50 === 0) {
        $producer->client->loop(5);
    }
    if ($id % ($tasks / $kills) === 0) {
        $until = microtime(true) + 2.0;   // the clients are back (about 1 s) and tasks flow, then the broker dies
        while (microtime(true) < $until) {
            $producer->client->loop(10);
        }
        $broker->kill();
        usleep(300000);
        $broker->start();
    }
}
$producer->finish(5.0, 120.0);
$elapsed = microtime(true) - $started;
$alive = stop_workers($workers);
[$completed, $missing, $duplicates] = task_counts($producer, $tasks);
chaos_row('i. broker killed (SIGKILL) and restarted 10 times while tasks flow', $missing === 0 && $alive,
    sprintf('%d/%d tasks processed, %d lost, %d duplicates, %d published again by the producer; workers never restarted; %.0f s',
        $completed, $tasks, $missing, $duplicates, $producer->republished, $elapsed));

<?php
// The demo's producer and collector in one process: enqueues N JSON tasks on
// task-queue, counts completion notices on task-complete, shows live progress
// and ends with a summary. Exit status 1 if any task is missing.
//   php driver.php HOST PORT TASKS WORKERS

[$host, $port, $tasks, $workers] = [$argv[1], (int) $argv[2], (int) $argv[3], (int) $argv[4]];

$collector = new Mosquitto\Client('demo-collector');
$completed = [];          // task id => times completed
$lastNotice = microtime(true);
$collector->onMessage(function (Mosquitto\Message $m) use (&$completed, &$lastNotice) {
    if ($m->payload === '') {
        return;  // a worker's answer to the empty message that clears the probe
    }
    $id = (int) $m->payload;
    $completed[$id] = ($completed[$id] ?? 0) + 1;
    $lastNotice = microtime(true);
});
$collector->connect($host, $port);
$collector->subscribe('task-complete', 1);

$producer = new Mosquitto\Client('demo-producer');
$producer->connect($host, $port);

// Every worker answers a retained probe task (id 0) once it has subscribed.
$producer->publish('task-queue', json_encode(['id' => 0, 'type' => 'probe']), 1, true);
$deadline = microtime(true) + 20;
while (($completed[0] ?? 0) < $workers) {
    if (microtime(true) > $deadline) {
        fwrite(STDERR, "workers did not come up\n");
        exit(1);
    }
    $collector->loop(50);
    $producer->loop(0);
}
// Clear the retained probe (workers see an empty task and answer with "").
$producer->publish('task-queue', '', 1, true);
unset($completed[0]);
printf("%d workers ready; enqueueing %d tasks\n", $workers, $tasks);

$kinds = ['send-email', 'make-thumbnail', 'build-report', 'call-webhook'];
$started = microtime(true);
$enqueued = 0;
$lastShown = 0.0;
$elapsed = null;
$show = function (bool $final = false) use (&$enqueued, &$completed, $tasks, $started, &$lastShown, &$elapsed) {
    $now = $elapsed === null ? microtime(true) : $started + $elapsed;
    if (!$final && $now - $lastShown < 0.2) {
        return;
    }
    $lastShown = $now;
    $done = count($completed);
    printf("\r  enqueued %6d/%d | completed %6d/%d | %7.0f tasks/s%s",
        $enqueued, $tasks, $done, $tasks, $done / max($now - $started, 1e-6), $final ? "\n" : '');
};
while ($enqueued < $tasks || count($completed) < $tasks) {
    for ($i = 0; $i < 200 && $enqueued < $tasks; $i++) {
        $enqueued++;
        $producer->publish('task-queue', json_encode([
            'id' => $enqueued,
            'type' => $kinds[$enqueued % count($kinds)],
            'to' => "user{$enqueued}@example.com",
        ]), 1);
    }
    $producer->loop(0);
    $collector->loop($enqueued < $tasks ? 0 : 100);
    $show();
    if ($enqueued === $tasks && microtime(true) - $lastNotice > 15) {
        break;  // nothing has arrived for a long time: report what is missing
    }
}
$elapsed = microtime(true) - $started;
unset($completed[0]);
// Other workers' notices for the same tasks are still on their way: count
// them until none has come for half a second.
while (microtime(true) - $lastNotice < 0.5) {
    $collector->loop(50);
}
unset($completed[0]);
$show(true);

$missing = 0;
for ($id = 1; $id <= $tasks; $id++) {
    $missing += isset($completed[$id]) ? 0 : 1;
}
$notices = array_sum($completed);
printf("\nSummary\n");
printf("  tasks sent        %d\n", $tasks);
printf("  tasks completed   %d (distinct ids)\n", count($completed));
printf("  completion notices %d\n", $notices);
printf("  duplicates        %d%s\n", $notices - count($completed),
    $workers > 1 ? "  (the seed subscribes to task-queue, not a shared subscription, so every worker gets every task)" : '');
printf("  missing           %d\n", $missing);
printf("  elapsed           %.2f s\n", $elapsed);
printf("  throughput        %.0f tasks/s\n", count($completed) / $elapsed);
exit($missing === 0 ? 0 : 1);

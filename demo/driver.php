<?php
// The demo's producer and collector in one process: enqueues N JSON tasks on
// task-queue at a steady pace, counts completion notices on task-complete,
// kills the broker (kill -9) in the middle of the run and starts it again,
// shows live progress and ends with a summary. Exit status 1 if a task is lost.
//   php driver.php HOST PORT TASKS WORKERS [BROKER_DIR]
// BROKER_DIR: the private broker's directory (php-tests/harness/broker.sh);
// without it the broker is not ours and is not killed.

[$host, $port, $tasks, $workers] = [$argv[1], (int) $argv[2], (int) $argv[3], (int) $argv[4]];
$brokerDir = $argv[5] ?? '';
$brokerScript = __DIR__ . '/../php-tests/harness/broker.sh';
$rate = 1000;          // tasks enqueued per second
$killAt = intdiv($tasks * 2, 5);   // kill -9 the broker once 40% are enqueued
$republishAfter = 5;   // s without a completion notice before a task is published again

// Workers announce themselves on workers/<id>/status (retained 'up', after
// they subscribed): wait for all of them.
$collector = new Mosquitto\Client('demo-collector');
$completed = [];          // task id => completion notices
$up = [];
$lastNotice = microtime(true);
$collector->onMessage(function (Mosquitto\Message $m) use (&$completed, &$lastNotice, &$up) {
    if ($m->topic !== 'task-complete') {
        $up[$m->topic] = $m->payload === 'up';
        return;
    }
    $id = (int) $m->payload;
    $completed[$id] = ($completed[$id] ?? 0) + 1;
    $lastNotice = microtime(true);
});
$collector->connect($host, $port);
$collector->subscribe('task-complete', 1);
$collector->subscribe('workers/+/status', 1);
$deadline = microtime(true) + 20;
while (count(array_filter($up)) < $workers) {
    if (microtime(true) > $deadline) {
        fwrite(STDERR, "workers did not come up\n");
        exit(1);
    }
    $collector->loop(50);
}

// The producer of README's guide: QoS 1, a persistent session, and a task with
// no completion notice after a while is published again (a broker killed with
// SIGKILL loses what it had accepted but not saved yet).
$producer = new Mosquitto\Client('demo-producer', false);
$producer->setReconnectDelay(1, 2, false);
$producer->connect($host, $port);
printf("%d workers ready (shared subscription \$share/workers/task-queue: each task goes to one of them)\n", $workers);
printf("enqueueing %d tasks at %d/s; the broker is killed (kill -9) after %d\n", $tasks, $rate, $killAt);

$kinds = ['send-email', 'make-thumbnail', 'build-report', 'call-webhook'];
$sent = [];               // task id => when last published
$republished = 0;
$enqueued = 0;
$killed = null;           // [when, completed by then]
$downFor = 0.0;
$started = microtime(true);
$lastShown = 0.0;
$publish = function (int $id) use ($producer, $kinds, &$sent) {
    $producer->publish('task-queue', json_encode([
        'id' => $id,
        'type' => $kinds[$id % count($kinds)],
        'to' => "user{$id}@example.com",
    ]), 1);
    $sent[$id] = microtime(true);
};
// On a terminal one progress line redrawn in place; into a file or pipe a
// line a second.
$tty = stream_isatty(STDOUT);
$show = function (bool $final = false) use (&$enqueued, &$completed, &$republished, $tasks, $started, &$lastShown, $tty) {
    $now = microtime(true);
    if (!$final && $now - $lastShown < ($tty ? 0.25 : 1.0)) {
        return;
    }
    $lastShown = $now;
    $done = count($completed);
    printf("%s  %5.1f s | enqueued %5d/%d | completed %5d/%d | published again %4d | %5.0f tasks/s%s",
        $tty ? "\r" : '', $now - $started, $enqueued, $tasks, $done, $tasks, $republished, $done / max($now - $started, 1e-6), $final || !$tty ? "\n" : '');
};
$loopBoth = function (int $ms) use ($producer, $collector) {
    $producer->loop(0);
    $collector->loop($ms);
};

while (count($completed) < $tasks) {
    // Enqueue at a steady pace, so tasks are flowing when the broker dies.
    while ($enqueued < $tasks && $enqueued < ($now = microtime(true) - $started) * $rate) {
        $publish(++$enqueued);
    }
    $loopBoth(5);
    $show();
    if ($killed === null && $enqueued >= $killAt && $brokerDir !== '') {
        $pid = (int) file_get_contents("$brokerDir/mosquitto.pid");
        posix_kill($pid, SIGKILL);
        $down = microtime(true);
        $killed = [$down - $started, count($completed)];
        $show(true);
        printf("  >>> kill -9 mosquitto (pid %d): everything it held in memory is gone\n", $pid);
        // The clients notice and retry by themselves; publish() keeps queueing.
        while (microtime(true) < $down + 1.0) {
            while ($enqueued < $tasks && $enqueued < (microtime(true) - $started) * $rate) {
                $publish(++$enqueued);
            }
            $loopBoth(10);
        }
        shell_exec(escapeshellarg($brokerScript) . ' start ' . escapeshellarg($brokerDir) . " $port");
        $downFor = microtime(true) - $down;
        printf("  >>> mosquitto restarted (pid %d) after %.1f s; the clients reconnect and resubscribe by themselves\n",
            (int) file_get_contents("$brokerDir/mosquitto.pid"), $downFor);
    }
    // README's producer pattern: what has had no completion for a while again.
    $now = microtime(true);
    foreach ($sent as $id => $at) {
        if (!isset($completed[$id]) && $now - $at > $republishAfter) {
            $publish($id);
            $republished++;
        }
    }
    if ($enqueued === $tasks && $now - $lastNotice > 30) {
        break;  // nothing has arrived for a long time: report what is missing
    }
}
$elapsed = microtime(true) - $started;
// Notices for tasks done twice may still be on their way: count them until
// none has come for half a second.
while (microtime(true) - $lastNotice < 0.5) {
    $loopBoth(50);
}
$show(true);

$lost = 0;
for ($id = 1; $id <= $tasks; $id++) {
    $lost += isset($completed[$id]) ? 0 : 1;
}
$notices = array_sum($completed);
printf("\nSummary\n");
printf("  tasks published   %d", $tasks);
printf($republished ? " (and %d published again: no completion %d s after they were sent)\n" : "\n", $republished, $republishAfter);
printf("  tasks completed   %d (distinct ids; %d workers on one shared subscription)\n", count($completed), $workers);
printf("  lost              %d\n", $lost);
printf("  duplicates        %d  (at-least-once: a task whose completion notice was lost in the crash runs again)\n", $notices - count($completed));
if ($killed !== null) {
    printf("  broker killed     once, with kill -9, at %.1f s (%d tasks completed by then), down %.1f s; no worker restarted by hand\n",
        $killed[0], $killed[1], $downFor);
} else {
    printf("  broker killed     no: the broker on %s:%d is not the demo's own\n", $host, $port);
}
printf("  time              %.1f s (%.0f tasks/s)\n", $elapsed, count($completed) / $elapsed);
exit($lost === 0 ? 0 : 1);

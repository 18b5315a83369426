<?php
// A production task worker, grown from the article's seed worker: a stable
// client id, a persistent session, QoS 1, a shared subscription so N copies
// split the queue, clean shutdown on SIGTERM/SIGINT, and limits after which
// it exits so the supervisor starts a fresh process.
//
//   WORKER_ID=mail-1 php worker.php        (run several: mail-1, mail-2, ...)
//
// Environment: MQTT_HOST (localhost), MQTT_PORT (1883), WORKER_ID (required,
// stable across restarts), MAX_JOBS (10000), MAX_MEMORY_MB (128).

$host = getenv('MQTT_HOST') ?: 'localhost';
$port = (int) (getenv('MQTT_PORT') ?: 1883);
$id = getenv('WORKER_ID') ?: exit("set WORKER_ID to a name that stays the same across restarts\n");
$maxJobs = (int) (getenv('MAX_JOBS') ?: 10000);
$maxMemory = (int) (getenv('MAX_MEMORY_MB') ?: 128) * 1024 * 1024;

// Stable id + cleanSession=false: tasks this worker had but did not finish
// wait in its session until it comes back (after a crash too).
$mqtt = new Mosquitto\Client("worker-$id", false);
$mqtt->setReconnectDelay(1, 30, true);
$mqtt->setWill("workers/$id/status", 'gone', 1, true);

pcntl_async_signals(true);
$stop = function (int $signal) use ($mqtt) {
    fwrite(STDERR, "signal $signal: finishing the current task, then leaving\n");
    $mqtt->exitLoop();
};
pcntl_signal(SIGTERM, $stop);
pcntl_signal(SIGINT, $stop);

$jobs = 0;
$mqtt->onConnect(function (int $rc, string $message) use ($mqtt, $id) {
    fwrite(STDERR, "connected: $message\n");
    $mqtt->publish("workers/$id/status", 'up', 1, true);
});
$mqtt->onDisconnect(function (int $rc) {
    fwrite(STDERR, $rc === 0 ? "disconnected\n" : "connection lost ($rc), reconnecting\n");
});
$mqtt->onMessage(function (Mosquitto\Message $message) use ($mqtt, &$jobs, $maxJobs, $maxMemory) {
    $task = json_decode($message->payload);
    if (!is_object($task) || !isset($task->id)) {
        fwrite(STDERR, "dropping a malformed task\n");
        return;   // returning acknowledges it: a bad task is not retried forever
    }

    // ... the real work: send the mail, make the thumbnail ...
    // A task may arrive twice (at-least-once), so make the work idempotent,
    // e.g. skip ids already done. Throwing here leaves the task unacknowledged:
    // it is handed to this callback again on the next loop, up to the delivery
    // limit (mosquitto.delivery_limit, 5), then given up (see the worker guide).

    $mqtt->publish('task-complete', $task->id, 1);
    if (++$jobs >= $maxJobs || memory_get_usage() > $maxMemory) {
        fwrite(STDERR, "limit reached after $jobs tasks: exiting for a fresh process\n");
        $mqtt->exitLoop();
    }
});

$mqtt->connect($host, $port);
// All workers in group "workers" share task-queue: each task goes to one of them.
$mqtt->subscribe('$share/workers/task-queue', 1);
$mqtt->loopForever();
$mqtt->publish("workers/$id/status", 'down', 1, true);
$mqtt->disconnect();   // a clean goodbye: the will is not published

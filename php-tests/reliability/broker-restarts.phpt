--TEST--
Broker restarted twice gracefully, then SIGKILLed twice, while 5,000 QoS 1 tasks flow through two workers: every task completes, nobody restarted by hand
--EXTENSIONS--
mosquitto
pcntl
posix
--DESCRIPTION--
Producer and workers are built on this extension, with stable ids and
cleanSession=false. Graceful restarts (SIGTERM, persistence on) lose nothing.
After a SIGKILL mosquitto may lose what it had accepted but not yet saved;
the producer then publishes again the tasks with no completion after a
timeout (the pattern in README's worker guide), so 0 are missing at the end.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
require __DIR__ . '/../fixtures/producer.inc';

$broker = new PrivateBroker();
$queue = 'tasks';
$complete = 'tasks-complete';
$prefix = 'restart-' . getmypid();
$workers = [];
foreach (['a', 'b'] as $name) {
    $cmd = [PHP_BINARY, '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/../fixtures/queue-worker.php', '127.0.0.1', $broker->port, $queue, $complete, "$prefix-$name"];
    $workers[$name] = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    stream_set_blocking($pipes[1], true);
    if (trim(fgets($pipes[1])) !== 'ready') {
        throw new RuntimeException("worker $name did not start");
    }
}

foreach (['graceful' => fn () => $broker->stop(), 'SIGKILL' => fn () => $broker->kill()] as $how => $stop) {
    $producer = new TaskProducer("$prefix-producer-$how", $broker->port, $queue, $complete);
    $tasks = 5000;
    $outages = [];
    for ($id = 1; $id <= $tasks; $id++) {
        $producer->publish($id);
        if ($id % 100 === 0) {
            $producer->client->loop(5);
        }
        if ($id === 1500 || $id === 3500) {
            $stop();
            $down = microtime(true);
            usleep(500000);
            $broker->start();
            $outages[] = $down;
        }
    }
    $producer->finish(10.0, 90.0);
    echo "$how: ", $producer->report($tasks), "\n";
    // Two outages close together may be bridged by one reconnect.
    echo "$how: producer reconnected by itself: ", $producer->reconnects >= 2 ? 'yes' : "no ({$producer->reconnects} connects)", "\n";
    $producer->client->disconnect();
}
foreach ($workers as $process) {
    $status = proc_get_status($process);
    echo "worker still running after 4 restarts: ", $status['running'] ? 'yes' : 'no', "\n";
    proc_terminate($process);
    proc_close($process);
}
?>
--EXPECTF--
graceful: completed 5000 of 5000, missing 0, duplicates %d, republished %d
graceful: producer reconnected by itself: yes
SIGKILL: completed 5000 of 5000, missing 0, duplicates %d, republished %d
SIGKILL: producer reconnected by itself: yes
worker still running after 4 restarts: yes
worker still running after 4 restarts: yes

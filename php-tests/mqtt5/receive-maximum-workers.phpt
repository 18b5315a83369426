--TEST--
MQTT 5 receive maximum 1: three worker processes on a shared subscription ($share/g/...) each hold one QoS 1 task at a time — the broker's own log shows it never sends a worker its next task before the PUBACK of the last — and share 6 tasks 2/2/2 in about 2 task durations; without setReceiveMaximum() the broker sends a worker its second task while the first is still being processed
--EXTENSIONS--
mosquitto
--DESCRIPTION--
When its PHP callback runs is no proof: callbacks of one process run one at a
time whatever the broker sends. What the broker sent, and when, is in its log
(log_type all): "Sending PUBLISH to ID" and "Received PUBACK from ID" in the
order they happened. With receive maximum 1 each worker's lines alternate; the
control run without it has two PUBLISHes to one worker in a row.
mosquitto 2.0 hands shared-subscription messages round robin to the
subscribers, so each worker gets 2 of the 6 tasks in both runs; receive maximum
decides only whether the second waits in the broker or in the worker.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

const TASKS = 6;
const WORK_MS = 500;

/** Runs 3 workers and a producer; returns [per-worker output lines, seconds from first start to last end, broker log]. */
function run(int $receiveMaximum): array
{
    $broker = new PrivateBroker(['log_type all']);
    $topic = unique_topic('v5-receive-maximum');
    $workers = [];
    foreach (['w1', 'w2', 'w3'] as $name) {
        $id = "rm$receiveMaximum-" . getmypid() . "-$name";
        $cmd = [PHP_BINARY, '-n', '-d', 'extension=' . getenv('MOSQUITTO_EXT'), __DIR__ . '/fixtures/shared-worker.php',
            '127.0.0.1', $broker->port, "\$share/g/$topic", $id, $receiveMaximum, WORK_MS];
        $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        if (trim((string) fgets($pipes[1])) !== 'ready') {
            throw new RuntimeException("worker $name did not start");
        }
        stream_set_blocking($pipes[1], false);
        $workers[$id] = ['process' => $process, 'out' => $pipes[1], 'lines' => []];
    }
    $producer = new Mosquitto\Client();
    $producer->setProtocolVersion(Mosquitto\ProtocolVersion::V5);
    $producer->connect('127.0.0.1', $broker->port);
    for ($task = 1; $task <= TASKS; $task++) {
        $producer->publish($topic, (string) $task, 1);
    }
    $ends = 0;
    $deadline = microtime(true) + 8;
    while ($ends < TASKS && microtime(true) < $deadline) {
        $producer->loop(20);
        foreach ($workers as &$worker) {
            while (($line = fgets($worker['out'])) !== false) {
                $worker['lines'][] = trim($line);
                $ends += str_starts_with($line, 'end ') ? 1 : 0;
            }
        }
        unset($worker);
    }
    $producer->disconnect();
    $times = [];
    $lines = [];
    foreach ($workers as $id => $worker) {
        proc_terminate($worker['process'], SIGKILL);
        proc_close($worker['process']);
        $lines[$id] = $worker['lines'];
        foreach ($worker['lines'] as $line) {
            $times[] = (int) explode(' ', $line)[2];
        }
    }
    return [$lines, (max($times) - min($times)) / 1000, $broker->log()];
}

/** The most QoS 1 messages the broker had sent to $id and not yet got a PUBACK for. */
function most_unacknowledged(string $log, string $id): int
{
    $outstanding = $most = 0;
    foreach (explode("\n", $log) as $line) {
        if (preg_match('/Sending PUBLISH to ' . preg_quote($id, '/') . ' \(d\d, q1,/', $line)) {
            $most = max($most, ++$outstanding);
        } elseif (str_contains($line, "Received PUBACK from $id ")) {
            $outstanding--;
        }
    }
    return $most;
}

foreach ([1, 0] as $receiveMaximum) {
    echo $receiveMaximum ? "-- setReceiveMaximum(1)\n" : "-- control: no setReceiveMaximum()\n";
    [$lines, $seconds, $log] = run($receiveMaximum);
    $counts = $overlaps = $unacknowledged = [];
    foreach ($lines as $id => $workerLines) {
        $counts[] = count(preg_grep('/^end /', $workerLines));
        // A worker's tasks run one after another: start, end, start, end, each
        // start no earlier than the end before it.
        $overlapped = 'no';
        $previous = ['end', 0];
        foreach ($workerLines as $line) {
            [$event, , $time] = explode(' ', $line);
            if ($event === $previous[0] || $time < $previous[1]) {
                $overlapped = 'yes';
            }
            $previous = [$event, (int) $time];
        }
        $overlaps[] = $overlapped;
        $unacknowledged[] = most_unacknowledged($log, $id);
    }
    $overlaps = array_unique($overlaps);
    echo "tasks per worker: ", implode('/', $counts), "\n";
    echo "a worker's tasks overlapped: ", implode(',', $overlaps), "\n";
    echo "most tasks sent to a worker and not yet acknowledged, per worker: ", implode('/', $unacknowledged), "\n";
    if ($receiveMaximum) {
        echo "all tasks done in about 2 task durations (1.0 to 2.0 s; 3.0 s on one worker): ", var_export($seconds >= 1.0 && $seconds < 2.0, true), $seconds >= 1.0 && $seconds < 2.0 ? '' : " ($seconds s)", "\n";
    }
}
?>
--EXPECT--
-- setReceiveMaximum(1)
tasks per worker: 2/2/2
a worker's tasks overlapped: no
most tasks sent to a worker and not yet acknowledged, per worker: 1/1/1
all tasks done in about 2 task durations (1.0 to 2.0 s; 3.0 s on one worker): true
-- control: no setReceiveMaximum()
tasks per worker: 2/2/2
a worker's tasks overlapped: no
most tasks sent to a worker and not yet acknowledged, per worker: 2/2/2

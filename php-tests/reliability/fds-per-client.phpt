--TEST--
100 connected clients in one process cost at most 3 file descriptors each (one I/O thread per process), all work, and disconnecting gives every descriptor back (3 rounds)
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

function open_fds(): int
{
    // scandir() holds one descriptor of its own while it reads: the same in every count.
    return count(scandir('/proc/self/fd')) - 2;
}

$broker = new PrivateBroker();
$topic = unique_topic('fds');
$baseline = open_fds();
$settled = null;
for ($round = 1; $round <= 3; $round++) {
    $before = open_fds();
    $clients = [];
    for ($i = 0; $i < 100; $i++) {
        $client = new Mosquitto\Client("fds-$round-$i");
        $client->connect('127.0.0.1', $broker->port);
        $clients[] = $client;
    }
    $after = open_fds();
    $perClient = ($after - $before) / 100;
    echo "round $round: fds per client <= 3: ", $perClient <= 3 ? 'yes' : "no ($perClient: $before before, $after after)", "\n";
    if ($round === 1) {
        // PHP's own and the process's one I/O thread, however many clients.
        preg_match('/Threads:\s+(\d+)/', (string) file_get_contents('/proc/self/status'), $threads);
        echo "round $round: threads: $threads[1]\n";
    }

    if ($round === 1) {
        // Every client is served: each gets the one message published.
        $got = 0;
        $subscribed = 0;
        foreach ($clients as $client) {
            $client->onSubscribe(function () use (&$subscribed) { $subscribed++; });
            $client->onMessage(function () use (&$got) { $got++; });
            $client->subscribe($topic, 1);
        }
        $deadline = microtime(true) + 10;
        while ($subscribed < 100 && microtime(true) < $deadline) {
            foreach ($clients as $client) {
                $client->loop(1);
            }
        }
        $clients[0]->publish($topic, 'to all', 1);
        $deadline = microtime(true) + 10;
        while ($got < 100 && microtime(true) < $deadline) {
            foreach ($clients as $client) {
                $client->loop(1);
            }
        }
        echo "round $round: messages received: $got\n";
    }

    foreach ($clients as $client) {
        $client->disconnect();
    }
    $clients = [];
    $client = null;
    gc_collect_cycles();
    $left = open_fds();
    // The first round starts the process's I/O runtime, which stays (a few
    // descriptors, whatever the number of clients); later rounds end where
    // the first ended.
    if ($settled === null) {
        $settled = $left;
        echo "round $round: the I/O runtime costs at most 4 fds: ", $left - $baseline <= 4 ? 'yes' : 'no (' . ($left - $baseline) . ')', "\n";
    } else {
        echo "round $round: all fds given back: ", $left === $settled ? 'yes' : "no ($settled after round 1, $left now)", "\n";
    }
}
?>
--EXPECT--
round 1: fds per client <= 3: yes
round 1: threads: 2
round 1: messages received: 100
round 1: the I/O runtime costs at most 4 fds: yes
round 2: fds per client <= 3: yes
round 2: all fds given back: yes
round 3: fds per client <= 3: yes
round 3: all fds given back: yes

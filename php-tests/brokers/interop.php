<?php
// Interop checks against one broker: php interop.php NAME ADDRESS_LIST OUT.json [TLS_LIST CA_FILE]
// NAME is mosquitto, nats or rabbitmq; ADDRESS_LIST the node addresses
// ("127.0.0.1:1,127.0.0.1:2,..."). Each check measures what the broker does,
// compares it with what this broker is known to do (EXPECTED below) and
// prints PASS/FAIL; OUT.json gets the measured outcome per feature for the
// table. Exits 1 when any check failed. No check may hang: each has a deadline.
require __DIR__ . '/../harness/common.inc';

[$self, $broker, $list, $out, $tlsList, $caFile] = $argv + array_fill(0, 6, null);
$nodes = explode(',', $list);
[$host, $port] = explode(':', $nodes[0]);
$port = (int) $port;
$tag = $broker . '-' . getmypid();

/** What each broker does, as measured (README "Scaling out" shows this table). */
const EXPECTED = [
    'seed worker' => ['mosquitto' => 'yes', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'QoS 0 round trip' => ['mosquitto' => 'yes', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'QoS 1 round trip' => ['mosquitto' => 'yes', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'QoS 2 subscription' => ['mosquitto' => 'granted 2', 'nats' => 'granted 1', 'rabbitmq' => 'granted 1'],
    'QoS 2 publish' => [
        'mosquitto' => 'yes (PUBREC, PUBCOMP)',
        'nats' => 'connection closed; given up after 3 tries (LOG_ERR), client goes on',
        'rabbitmq' => 'delivered, answered PUBACK: completed as QoS 1 (LOG_WARNING)',
    ],
    'persistent session' => ['mosquitto' => 'yes', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'retained, same node' => ['mosquitto' => 'yes', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'retained, other node' => ['mosquitto' => 'n/a', 'nats' => 'yes', 'rabbitmq' => 'no'],
    'will on a killed worker' => ['mosquitto' => 'yes', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'client id takeover, other node' => ['mosquitto' => 'n/a', 'nats' => 'yes', 'rabbitmq' => 'yes'],
    'TLS (CA verified), address list' => ['mosquitto' => 'yes', 'nats' => 'n/a (not set up)', 'rabbitmq' => 'yes'],
    '$share/ shared subscription' => [
        'mosquitto' => 'yes',
        'nats' => 'no: a plain topic named $share/...',
        'rabbitmq' => 'no: a plain topic named $share/...',
    ],
];

$results = [];
$failed = 0;
function check(string $feature, callable $measure): void
{
    global $broker, $results, $failed;
    $started = microtime(true);
    try {
        $got = $measure();
    } catch (Throwable $e) {
        $got = 'error: ' . get_class($e) . ': ' . $e->getMessage();
    }
    $expected = EXPECTED[$feature][$broker];
    $ok = $got === $expected;
    $failed += $ok ? 0 : 1;
    $results[$feature] = $got;
    printf("%s %-9s %-31s %s (%.1f s)%s\n", $ok ? 'PASS' : 'FAIL', $broker, $feature, $got, microtime(true) - $started,
        $ok ? '' : "\n     expected: $expected");
}

/** A connected client (onConnect dispatched), with a quick reconnect. */
function client(string $address, ?string $id = null, bool $clean = true, ?callable $setup = null): Mosquitto\Client
{
    // One "host:port", or a list given whole as connect()'s host.
    [$h, $p] = str_contains($address, ',') ? [$address, 1883] : explode(':', $address);
    $c = new Mosquitto\Client($id, $clean);
    $c->setReconnectDelay(1, 1, false);
    $connected = false;
    $c->onConnect(function () use (&$connected) { $connected = true; });
    if ($setup) {
        $setup($c);
    }
    $c->connect($h, (int) $p);
    loop_until($c, function () use (&$connected) { return $connected; }, 15);
    return $c;
}

/** Subscribes and waits for the SUBACK; returns the granted QoS. */
function subscribe(Mosquitto\Client $c, string $topic, int $qos): int
{
    $granted = null;
    $c->onSubscribe(function ($mid, $count, $qos) use (&$granted) { $granted = $qos; });
    $c->subscribe($topic, $qos);
    loop_until($c, function () use (&$granted) { return $granted !== null; }, 15);
    return $granted;
}

/** Loops both clients until $done() or $seconds passed. */
function pump(array $clients, callable $done, float $seconds): bool
{
    $deadline = microtime(true) + $seconds;
    while (!$done()) {
        if (microtime(true) > $deadline) {
            return false;
        }
        foreach ($clients as $c) {
            $c->loop(10);
        }
    }
    return true;
}

// The first MQTT CONNECT on a NATS node creates its JetStream streams (> 0.7 s).
foreach ($nodes as $node) {
    client($node)->disconnect();
}

check('seed worker', function () use ($host, $port, $tag, $nodes) {
    // examples/worker-fixed.php, with only its connect() line pointed here.
    $source = file_get_contents(__DIR__ . '/../../examples/worker-fixed.php');
    $script = sys_get_temp_dir() . "/seed-$tag.php";
    file_put_contents($script, str_replace("connect('localhost', 1883)", "connect('$host', $port)", $source));
    $ext = getenv('MOSQUITTO_EXT');
    $worker = proc_open([PHP_BINARY, '-n', '-d', "extension=$ext", $script], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    $done = [];
    $c = client($nodes[0]);
    $c->onMessage(function ($m) use (&$done) { $done[$m->payload] = true; });
    subscribe($c, 'task-complete', 0);
    // Probe until the worker answers, then 20 tasks.
    $ready = pump([$c], function () use ($c, &$done) { $c->publish('task-queue', '{"id":0}'); usleep(100000); return isset($done['0']); }, 20);
    for ($i = 1; $i <= 20; $i++) {
        $c->publish('task-queue', json_encode(['id' => $i, 'type' => 'mail']));
    }
    pump([$c], function () use (&$done) { return count($done) >= 21; }, 10);
    proc_terminate($worker, 9);
    proc_close($worker);
    unlink($script);
    return $ready && count($done) === 21 ? 'yes' : sprintf('no: %d of 20 completed', count($done) - 1);
});

foreach ([0, 1] as $qos) {
    check("QoS $qos round trip", function () use ($nodes, $qos, $tag) {
        $topic = "interop/$tag/q$qos";
        $got = [];
        $published = 0;
        $c = client($nodes[0]);
        $c->onMessage(function ($m) use (&$got) { $got[] = $m->qos . ':' . $m->payload; });
        $c->onPublish(function () use (&$published) { $published++; });
        $granted = subscribe($c, $topic, $qos);
        for ($i = 0; $i < 10; $i++) {
            $c->publish($topic, "m$i", $qos);
        }
        pump([$c], function () use (&$got, &$published) { return count($got) >= 10 && $published >= 10; }, 10);
        $c->disconnect();
        $want = array_map(fn ($i) => "$qos:m$i", range(0, 9));
        return $granted === $qos && $got === $want && $published === 10 ? 'yes'
            : "no: granted $granted, got " . count($got) . ", onPublish $published";
    });
}

check('QoS 2 subscription', function () use ($nodes, $tag) {
    $c = client($nodes[0]);
    $granted = subscribe($c, "interop/$tag/q2sub", 2);
    $c->disconnect();
    return "granted $granted";
});

check('QoS 2 publish', function () use ($nodes, $tag) {
    $topic = "interop/$tag/q2";
    $got = [];
    $published = [];
    $lost = 0;
    $log = [];
    $sub = client($nodes[0]);
    $sub->onMessage(function ($m) use (&$got) { $got[] = $m->payload; });
    subscribe($sub, $topic, 1);
    $c = client($nodes[0], null, true, function ($c) use (&$published, &$lost, &$log) {
        $c->onPublish(function ($mid) use (&$published) { $published[] = $mid; });
        $c->onDisconnect(function ($rc) use (&$lost) { $lost += $rc ? 1 : 0; });
        $c->onLog(function ($level, $line) use (&$log) {
            if ($level === Mosquitto\Client::LOG_ERR || $level === Mosquitto\Client::LOG_WARNING) {
                $log[] = $level . ' ' . $line;
            }
        });
    });
    $mid = $c->publish($topic, 'exactly once?', 2);
    // Done when completed, or given up; never more than 20 s.
    $gaveUp = function () use (&$log) { return (bool) preg_grep('/gave up PUBLISH/', $log); };
    pump([$c, $sub], function () use (&$gaveUp, &$got, &$mid, &$published) { return (in_array($mid, $published, true) && count($got) >= 1) || $gaveUp(); }, 20);
    if ($gaveUp()) {
        // The client goes on: a QoS 1 publish after it is delivered.
        $mid1 = $c->publish($topic, 'after', 1);
        $after = pump([$c, $sub], function () use (&$got, &$mid1, &$published) { return in_array($mid1, $published, true) && in_array('after', $got, true); }, 20);
        $c->disconnect();
        return sprintf('connection closed; given up after %d tries (LOG_ERR), client %s', $lost, $after ? 'goes on' : 'stuck');
    }
    $c->disconnect();
    if (!in_array($mid, $published, true)) {
        return 'no: neither completed nor given up; ' . implode(' | ', $log);
    }
    if (preg_grep('/received PUBACK for QoS 2/', $log)) {
        return sprintf('%s, answered PUBACK: completed as QoS 1 (LOG_WARNING)', $got ? 'delivered' : 'not delivered');
    }
    return $got === ['exactly once?'] && $lost === 0 ? 'yes (PUBREC, PUBCOMP)' : 'odd: ' . json_encode([$got, $lost, $log]);
});

check('persistent session', function () use ($nodes, $tag) {
    $topic = "interop/$tag/tasks";
    $id = "worker-$tag";
    $w = client($nodes[0], $id, false);
    subscribe($w, $topic, 1);
    $w->disconnect();
    $p = client($nodes[0]);
    $acked = 0;
    $p->onPublish(function () use (&$acked) { $acked++; });
    for ($i = 0; $i < 10; $i++) {
        $p->publish($topic, "task $i", 1);
    }
    pump([$p], function () use (&$acked) { return $acked >= 10; }, 10);
    $p->disconnect();
    $got = [];
    $w = client($nodes[0], $id, false, function ($c) use (&$got) {
        $c->onMessage(function ($m) use (&$got) { $got[] = $m->payload; });
    });
    pump([$w], function () use (&$got) { return count($got) >= 10; }, 10);
    $w->disconnect();
    // Leave nothing behind: the same id with a clean session ends it.
    client($nodes[0], $id, true)->disconnect();
    return count($got) === 10 ? 'yes' : 'no: ' . count($got) . ' of 10 delivered after reconnecting';
});

$retained = function (string $publishOn, string $subscribeOn) use ($tag): string {
    $topic = "interop/$tag/retained/" . md5($publishOn . $subscribeOn);
    $p = client($publishOn);
    $acked = false;
    $p->onPublish(function () use (&$acked) { $acked = true; });
    $p->publish($topic, 'status: up', 1, true);
    pump([$p], function () use (&$acked) { return $acked; }, 10);
    $p->disconnect();
    usleep(300000);
    $got = null;
    $s = client($subscribeOn);
    $s->onMessage(function ($m) use (&$got) { $got = $m; });
    subscribe($s, $topic, 1);
    pump([$s], function () use (&$got) { return $got !== null; }, 3);
    $result = $got !== null && $got->retain && $got->payload === 'status: up' ? 'yes' : 'no';
    $s->unsubscribe($topic);
    $s->publish($topic, '', 1, true);
    $s->loop(100);
    $s->disconnect();
    return $result;
};
check('retained, same node', function () use (&$nodes, &$retained) { return $retained($nodes[0], $nodes[0]); });
check('retained, other node', function () use (&$nodes, &$retained) { return count($nodes) > 1 ? $retained($nodes[0], $nodes[1]) : 'n/a'; });

check('will on a killed worker', function () use ($nodes, $tag) {
    $topic = "interop/$tag/will";
    [$h, $p] = explode(':', $nodes[0]);
    $ext = getenv('MOSQUITTO_EXT');
    $code = sprintf('$c = new Mosquitto\Client("dying-%s", true); $c->setWill(%s, "worker died", 1, false);'
        . ' $c->connect(%s, %d, 5); $c->loop(100); echo "up\n"; while (true) { $c->loop(100); }',
        $tag, var_export($topic, true), var_export($h, true), $p);
    $observer = client($nodes[count($nodes) - 1]);
    $got = null;
    $observer->onMessage(function ($m) use (&$got) { $got = $m->payload; });
    subscribe($observer, $topic, 1);
    $worker = proc_open([PHP_BINARY, '-n', '-d', "extension=$ext", '-r', $code], [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    $up = fgets($pipes[1]);
    proc_terminate($worker, 9);
    proc_close($worker);
    pump([$observer], function () use (&$got) { return $got !== null; }, 15);
    $observer->disconnect();
    return $up === "up\n" && $got === 'worker died' ? 'yes' : 'no';
});

check('client id takeover, other node', function () use ($nodes, $tag) {
    if (count($nodes) < 2) {
        return 'n/a';
    }
    $id = "twin-$tag";
    $lostRc = null;
    $first = client($nodes[0], $id, true, function ($c) use (&$lostRc) {
        $c->onDisconnect(function ($rc) use (&$lostRc) { $lostRc = $rc; });
    });
    // The first one must not come back and steal the id again.
    $second = client($nodes[1], $id, true);
    $ok = pump([$first, $second], function () use (&$lostRc) { return $lostRc !== null; }, 10);
    unset($first);
    $second->disconnect();
    return $ok ? 'yes' : 'no';
});

check('$share/ shared subscription', function () use ($nodes, $tag) {
    $topic = "interop/$tag/shared";
    $lost = false;
    $got = [];
    $c = client($nodes[0], null, true, function ($c) use (&$lost, &$got) {
        $c->onDisconnect(function () use (&$lost) { $lost = true; });
        $c->onMessage(function ($m) use (&$got) { $got[] = $m->topic; });
    });
    $granted = null;
    $c->onSubscribe(function ($mid, $n, $qos) use (&$granted) { $granted = $qos; });
    $c->subscribe("\$share/workers/$topic", 1);
    pump([$c], function () use (&$granted, &$lost) { return $granted !== null || $lost; }, 10);
    if ($lost) {
        return 'no: the broker closed the connection';
    }
    if ($granted === 128) {
        return 'no: SUBACK refused (0x80)';
    }
    $p = client($nodes[0]);
    $p->publish($topic, 'task', 1);
    $p->publish("\$share/workers/$topic", 'literal', 1);
    pump([$c, $p], function () use (&$got) { return count($got) >= 1; }, 3);
    $c->disconnect();
    $p->disconnect();
    if ($got === [$topic]) {
        return 'yes';
    }
    return $got === ["\$share/workers/$topic"] ? 'no: a plain topic named $share/...' : 'no: ' . json_encode($got);
});

check('TLS (CA verified), address list', function () use ($tlsList, $caFile, $tag) {
    if (!$tlsList) {
        return 'n/a (not set up)';
    }
    // A dead first entry, then the TLS listeners by name (localhost: ::1
    // is refused, 127.0.0.1 answers); the certificate is checked against
    // the entry's name.
    $dead = (int) trim(shell_exec(HARNESS_DIR . '/broker.sh free-port'));
    $topic = "interop/$tag/tls";
    $node = null;
    $got = null;
    $c = client("127.0.0.1:$dead,$tlsList", null, true, function ($c) use ($caFile, &$node, &$got) {
        $c->setTlsCertificates($caFile);
        $c->onLog(function ($level, $line) use (&$node) {
            if (preg_match('/connected to (\S+)/', $line, $m)) {
                $node = $m[1];
            }
        });
        $c->onMessage(function ($m) use (&$got) { $got = $m->payload; });
    });
    subscribe($c, $topic, 1);
    $c->publish($topic, 'over TLS', 1);
    pump([$c], function () use (&$got) { return $got !== null; }, 10);
    $c->disconnect();
    return $got === 'over TLS' && str_starts_with((string) $node, 'localhost:') ? 'yes' : "no: node $node, got " . var_export($got, true);
});

file_put_contents($out, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
exit($failed ? 1 : 0);

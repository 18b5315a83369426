--TEST--
MQTT 5 session taken over: a second client with the same id connects; the first gets onDisconnect(7, 142, null, []) where mosquitto sends DISCONNECT 0x8E (2.0.15 and later), onDisconnect(7, 128, "the broker closed the connection (did another client connect with client id '...'?)", []) where it only closes the connection (before 2.0.15); the second stays connected until its own disconnect() (reason 0 on MQTT 5), and a 3.1.1 pair behaves as in Mosquitto-PHP
--EXTENSIONS--
mosquitto
--INI--
mosquitto.auto_reconnect=0
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

preg_match('/mosquitto version (\d+\.\d+\.\d+)/', (string) shell_exec('mosquitto -h 2>&1'), $m);
$sendsTakeover = version_compare($m[1], '2.0.15', '>=');

foreach ([Mosquitto\ProtocolVersion::V5 => 'MQTT 5', Mosquitto\ProtocolVersion::V311 => 'MQTT 3.1.1'] as $version => $name) {
    echo "-- $name\n";
    $id = "taken-over-$version-" . getmypid();
    $events = new ArrayObject();
    $clients = [];
    foreach (['first', 'second'] as $which) {
        $client = new Mosquitto\Client($id);
        $client->setProtocolVersion($version);
        $client->onConnect(function (int $rc) use ($events, $which) { $events[] = "$which: onConnect($rc)"; });
        $client->onDisconnect(function (...$args) use ($events, $which) {
            $events[] = "$which: onDisconnect(" . implode(', ', array_map('json_encode', $args)) . ')';
        });
        $client->connect(MQTT_HOST, MQTT_PORT);
        loop_until($client, fn () => count($events) === count($clients) + 1);
        $clients[$which] = $client;
    }
    $lost = 'no';
    $end = microtime(true) + 1;
    while (microtime(true) < $end) {
        try {
            $clients['first']->loop(20);
        } catch (Mosquitto\Exception $e) {
            $lost = $e->getMessage();
            break;
        }
        $clients['second']->loop(0);
    }
    for ($i = 0; $i < 5; $i++) {
        $clients['second']->loop(20);
    }
    // Still connected: its own disconnect() is the next event.
    $clients['second']->disconnect();
    // Without a DISCONNECT an MQTT 5 client reports 128 (unspecified error)
    // and what it saw; 3.1.1 keeps Mosquitto-PHP's one argument.
    $expected = match (true) {
        $version === Mosquitto\ProtocolVersion::V311 => 'first: onDisconnect(7)',
        $sendsTakeover => 'first: onDisconnect(7, 142, null, [])',
        default => "first: onDisconnect(7, 128, \"the broker closed the connection (did another client connect with client id '$id'?)\", [])",
    };
    foreach ($events as $event) {
        echo $event === $expected ? "first: onDisconnect as mosquitto {$m[1]} makes it" : $event, "\n";
    }
    echo "first's loop() then: $lost\n";
}
?>
--EXPECTF--
-- MQTT 5
first: onConnect(0)
second: onConnect(0)
first: onDisconnect as mosquitto %d.%d.%d makes it
second: onDisconnect(0, 0, null, [])
first's loop() then: The connection was lost.
-- MQTT 3.1.1
first: onConnect(0)
second: onConnect(0)
first: onDisconnect as mosquitto %d.%d.%d makes it
second: onDisconnect(0)
first's loop() then: The connection was lost.

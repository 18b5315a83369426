--TEST--
Seed: worker-fixed.php, unchanged, relays 1,000 JSON tasks from task-queue to task-complete
--EXTENSIONS--
mosquitto
--DESCRIPTION--
The seed worker hard-codes localhost:1883, so it runs in a private network
namespace with its own mosquitto. Every task id must come back exactly once.
--FILE--
<?php
$fixture = __DIR__ . '/../fixtures/worker-fixed.php';
// The fixture is shared/seed/worker-fixed.php byte for byte (its MD5 recorded here).
echo md5_file($fixture) === '3a3ae8fe1cb8e34ecd6a96c2258177c9' ? "fixture unchanged\n" : "fixture differs from shared/seed\n";
passthru(__DIR__ . '/../harness/seed.sh relay ' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' ' . escapeshellarg($fixture) . ' 1000');
?>
--EXPECT--
fixture unchanged
sent 1000, completed 1000, distinct 1000, missing 0, duplicates 0
worker still running

--TEST--
Seed: the article's worker.php as printed fails only with PHP's own "Undefined variable $mqtt"
--EXTENSIONS--
mosquitto
--DESCRIPTION--
Its closure lacks `use ($mqtt)`. PHP must report that, with our loop() in the
trace, and exit 255; the extension itself must not crash.
--FILE--
<?php
// The fixture is shared/seed/worker.php byte for byte (its MD5 recorded here).
echo md5_file(__DIR__ . '/../fixtures/worker.php') === '5eee23772e6902ac6646a29ea3f44ece' ? "fixture unchanged\n" : "fixture differs\n";
passthru(__DIR__ . '/../harness/seed.sh crash ' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' ' . escapeshellarg(__DIR__ . '/../fixtures/worker.php'));
?>
--EXPECTF--
fixture unchanged
Warning: Undefined variable $mqtt in %sworker.php on line 20
Fatal error: Uncaught Error: Call to a member function publish() on null in %sworker.php:20
Stack trace:
#0 [internal function]: {closure%S}(Object(Mosquitto\Message))
#1 %sworker.php(%d): Mosquitto\Client->loop()
#2 {main}
  thrown in %sworker.php on line 20
exit code 255

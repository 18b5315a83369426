--TEST--
Seed: the article's worker.php as printed fails only with PHP's own "Undefined variable $mqtt"
--DESCRIPTION--
Its closure lacks `use ($mqtt)`. PHP must report that, with our loop() in the
trace, and exit 255; the extension itself must not crash.
--FILE--
<?php
passthru(__DIR__ . '/../harness/seed.sh crash ' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' ' . escapeshellarg(__DIR__ . '/../fixtures/worker.php'));
?>
--EXPECTF--
Warning: Undefined variable $mqtt in %sworker.php on line 20
Fatal error: Uncaught Error: Call to a member function publish() on null in %sworker.php:20
Stack trace:
#0 [internal function]: {closure}(Object(Mosquitto\Message))
#1 %sworker.php(%d): Mosquitto\Client->loop()
#2 {main}
  thrown in %sworker.php on line 20
exit code 255

--TEST--
behaviour: argument juggling under strict_types=1
--EXTENSIONS--
mosquitto
--FILE--
<?php
declare(strict_types=1);
require __DIR__ . '/probe.inc';

probe('strict-null-int', function () {
    $c = new Mosquitto\Client();
    try { $c->setMaxInFlightMessages(null); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('strict-null-defaulted-int', function () {
    $c = new Mosquitto\Client();
    try { $c->loop(null); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('strict-null-bool', function () {
    try { new Mosquitto\Client('x', null); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('strict-numeric-string', function () {
    $c = new Mosquitto\Client();
    try { $c->setMessageRetry('5'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('strict-int-to-string', function () {
    $c = new Mosquitto\Client();
    try { $c->setCredentials(1, 'x'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('strict-int-to-bool', function () {
    $c = new Mosquitto\Client();
    try { $c->setTlsInsecure(1); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('strict-null-nullable-string', function () {
    $c = new Mosquitto\Client(null);
    echo "constructed\n";
});
--EXPECT--
[strict-null-int] TypeError(0): Mosquitto\Client::setMaxInFlightMessages(): Argument #1 ($max) must be of type int, null given
[strict-null-defaulted-int] TypeError(0): Mosquitto\Client::loop(): Argument #1 ($timeout) must be of type int, null given
[strict-null-bool] TypeError(0): Mosquitto\Client::__construct(): Argument #2 ($cleanSession) must be of type bool, null given
[strict-numeric-string] TypeError(0): Mosquitto\Client::setMessageRetry(): Argument #1 ($messageRetry) must be of type int, string given
[strict-int-to-string] TypeError(0): Mosquitto\Client::setCredentials(): Argument #1 ($username) must be of type string, int given
[strict-int-to-bool] TypeError(0): Mosquitto\Client::setTlsInsecure(): Argument #1 ($value) must be of type bool, int given
[strict-null-nullable-string] constructed

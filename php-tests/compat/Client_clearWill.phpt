--TEST--
compat Client/clearWill: works without a will; an extra argument is the engine's ArgumentCountError on PHP 8
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
$client->clearWill();
$client->setWill('topic', 'payload', 1, false);
$client->clearWill();
echo "cleared\n";
try {
    $client->clearWill(true);
} catch (Throwable $e) {
    writeException($e);
}
?>
--EXPECT--
cleared
Caught ArgumentCountError with code 0 and message: Mosquitto\Client::clearWill() expects exactly 0 arguments, 1 given

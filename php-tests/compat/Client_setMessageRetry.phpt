--TEST--
compat Client/setMessageRetry: 10, 0 and "100" accepted; "foo" and an object are TypeErrors
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
foreach ([10, 0, "100", "foo", new stdClass] as $value) {
    try {
        $client->setMessageRetry($value);
        var_dump($client);
    } catch (TypeError $e) {
        var_dump($e->getMessage());
    }
}
?>
--EXPECTF--
object(Mosquitto\Client)#%d (0) {
}
object(Mosquitto\Client)#%d (0) {
}
object(Mosquitto\Client)#%d (0) {
}
string(%d) "Mosquitto\Client::setMessageRetry(): Argument #1 ($messageRetry) must be of type int, string given"
string(%d) "Mosquitto\Client::setMessageRetry(): Argument #1 ($messageRetry) must be of type int, stdClass given"

--TEST--
compat Client/setTlsInsecure: true and false accepted, an object is a TypeError
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
foreach ([true, false, new stdClass] as $value) {
    try {
        $client->setTlsInsecure($value);
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
string(%d) "Mosquitto\Client::setTlsInsecure(): Argument #1 ($value) must be of type bool, stdClass given"

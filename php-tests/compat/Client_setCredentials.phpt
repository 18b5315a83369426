--TEST--
compat Client/setCredentials: strings accepted, null gives PHP 8.1's deprecation, an object is a TypeError
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$client = new Mosquitto\Client();
foreach ([['foo', 'bar'], [null, null], ['foo', null], [null, 'foo'], [new stdClass, 'foo'], ['foo', new stdClass]] as [$user, $password]) {
    try {
        $client->setCredentials($user, $password);
        var_dump($client);
    } catch (TypeError $e) {
        var_dump($e->getMessage());
    }
}
?>
--EXPECTF--
object(Mosquitto\Client)#%d (0) {
}
Caught error 8192 (Mosquitto\Client::setCredentials(): Passing null to parameter #1 ($username) of type string is deprecated)
Caught error 8192 (Mosquitto\Client::setCredentials(): Passing null to parameter #2 ($password) of type string is deprecated)
object(Mosquitto\Client)#%d (0) {
}
Caught error 8192 (Mosquitto\Client::setCredentials(): Passing null to parameter #2 ($password) of type string is deprecated)
object(Mosquitto\Client)#%d (0) {
}
Caught error 8192 (Mosquitto\Client::setCredentials(): Passing null to parameter #1 ($username) of type string is deprecated)
object(Mosquitto\Client)#%d (0) {
}
string(%d) "Mosquitto\Client::setCredentials(): Argument #1 ($username) must be of type string, stdClass given"
string(%d) "Mosquitto\Client::setCredentials(): Argument #2 ($password) must be of type string, stdClass given"

--TEST--
compat Client/__construct: no id, an id, clean session on and off; a null id without clean session throws
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
var_dump(new Mosquitto\Client());
var_dump(new Mosquitto\Client('test-client'));
var_dump(new Mosquitto\Client('test-client', true));
var_dump(new Mosquitto\Client('test-client', false));
var_dump(new Mosquitto\Client(null, true));
foreach ([[null, false], ['', false]] as [$id, $clean]) {
    try {
        new Mosquitto\Client($id, $clean);
    } catch (Mosquitto\Exception $e) {
        writeException($e);
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
object(Mosquitto\Client)#%d (0) {
}
object(Mosquitto\Client)#%d (0) {
}
Caught Mosquitto\Exception with code 1 and message: Invalid function arguments provided.
Caught Mosquitto\Exception with code 1 and message: Invalid function arguments provided.

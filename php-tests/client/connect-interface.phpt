--TEST--
Client::connect() binds the local address given as $interface, as libmosquitto does
--EXTENSIONS--
mosquitto
posix
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$broker = new PrivateBroker(['log_type all']);
foreach (['127.0.0.2', '127.0.0.3'] as $i => $interface) {
    $client = new Mosquitto\Client("bound-$i");
    $client->connect('127.0.0.1', $broker->port, 60, $interface);
    $client->loop(0);
    $client->disconnect();
}
usleep(200000);
preg_match_all('/New client connected from (127\.0\.0\.\d+):\d+ as (bound-\d)/', $broker->log(), $seen, PREG_SET_ORDER);
foreach ($seen as [, $address, $id]) {
    echo "$id from $address\n";
}
try {
    (new Mosquitto\Client())->connect('127.0.0.1', $broker->port, 60, 'not-an-address');
} catch (Mosquitto\Exception $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
bound-0 from 127.0.0.2
bound-1 from 127.0.0.3
Lookup error.

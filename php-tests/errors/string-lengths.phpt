--TEST--
Every length-prefixed field fits its 16-bit length: 65,535 bytes work, 65,536 are refused as libmosquitto refuses them, never written with a wrapped length
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
$port = MQTT_PORT;
function t($what, $f) { try { $r = $f(); echo "$what: ", var_export($r, true), "\n"; } catch (Throwable $e) { echo "$what: ", get_class($e), ": ", $e->getMessage(), "\n"; } }
$c = new Mosquitto\Client(); $c->connect(MQTT_HOST, $port);
foreach ([65535, 65536] as $n) {
  t("publish topic $n", fn() => is_int($c->publish(str_repeat('t', $n), 'x', 0)));
  t("subscribe filter $n", fn() => is_int($c->subscribe(str_repeat('f', $n), 0)));
  t("unsubscribe filter $n", fn() => is_int($c->unsubscribe(str_repeat('f', $n))));
  t("client id $n", function() use ($n, $port) { $x = new Mosquitto\Client(str_repeat('i', $n)); return $x->connect(MQTT_HOST, $port); });
  t("username $n", function() use ($n, $port) { $x = new Mosquitto\Client(); $x->setCredentials(str_repeat('u', $n), 'p'); return $x->connect(MQTT_HOST, $port); });
  t("password $n", function() use ($n, $port) { $x = new Mosquitto\Client(); $x->setCredentials('u', str_repeat('p', $n)); return $x->connect(MQTT_HOST, $port); });
  t("will topic $n", function() use ($n, $port) { $x = new Mosquitto\Client(); $x->setWill(str_repeat('w', $n), 'p', 0, false); return $x->connect(MQTT_HOST, $port); });
  t("will payload $n", function() use ($n, $port) { $x = new Mosquitto\Client(); $x->setWill('w', str_repeat('p', $n), 0, false); return $x->connect(MQTT_HOST, $port); });
}
?>
--EXPECT--
publish topic 65535: true
subscribe filter 65535: true
unsubscribe filter 65535: true
client id 65535: 0
username 65535: 0
password 65535: 0
will topic 65535: 0
will payload 65535: 0
publish topic 65536: Mosquitto\Exception: Invalid function arguments provided.
subscribe filter 65536: Mosquitto\Exception: Invalid function arguments provided.
unsubscribe filter 65536: Mosquitto\Exception: Invalid function arguments provided.
client id 65536: Mosquitto\Exception: Invalid function arguments provided.
username 65536: Mosquitto\Exception: Invalid function arguments provided.
password 65536: Mosquitto\Exception: Invalid function arguments provided.
will topic 65536: Mosquitto\Exception: Invalid function arguments provided.
will payload 65536: Mosquitto\Exception: Invalid function arguments provided.

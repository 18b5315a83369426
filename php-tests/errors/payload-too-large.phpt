--TEST--
A payload over MQTT's 268,435,455 bytes is refused ("Payload too large.", as libmosquitto) before it is copied: the peak RSS grows by the PHP string alone, not twice
--EXTENSIONS--
mosquitto
--INI--
memory_limit=-1
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';
function peak_mb(): float { preg_match('/VmHWM:\s+(\d+)/', file_get_contents('/proc/self/status'), $m); return $m[1] / 1024; }
$c = new Mosquitto\Client();
$c->connect(MQTT_HOST, MQTT_PORT);
$payload = str_repeat('x', 268435456);
$before = peak_mb();
try { $c->publish('big', $payload, 1); echo "accepted\n"; } catch (Mosquitto\Exception $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
$grown = peak_mb() - $before;
echo $grown < 64 ? "no copy of the payload\n" : "peak grew by $grown MB\n";
$c->disconnect();
?>
--EXPECT--
Mosquitto\Exception: Payload too large.
no copy of the payload

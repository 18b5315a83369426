--TEST--
compat Message/__construct: an empty message; topic and payload writes are converted, an object without __toString is an Error
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
$message = new Mosquitto\Message();
var_dump($message);
$message->topic = 'Hello';
$message->payload = 'Hello world';
var_dump($message->topic, $message->payload);
$message->topic = false;
var_dump($message->topic);
try {
    $message->topic = new stdClass();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$message->payload = false;
var_dump($message->payload);
try {
    $message->payload = new stdClass();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$message->mid = '2';
$message->qos = 7.9;
$message->retain = 'yes';
var_dump($message->mid, $message->qos, $message->retain, isset($message->topic), property_exists($message, 'topic'));
$message->colour = 'blue';
?>
--EXPECTF--
object(Mosquitto\Message)#%d (5) {
  ["mid"]=>
  int(0)
  ["topic"]=>
  NULL
  ["payload"]=>
  string(0) ""
  ["qos"]=>
  int(0)
  ["retain"]=>
  bool(false)
}
string(5) "Hello"
string(11) "Hello world"
string(0) ""
Error: Object of class stdClass could not be converted to string
string(0) ""
Error: Object of class stdClass could not be converted to string
int(2)
int(7)
bool(true)
bool(true)
bool(true)
Caught error 8192 (Creation of dynamic property Mosquitto\Message::$colour is deprecated)

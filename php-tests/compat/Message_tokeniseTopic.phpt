--TEST--
compat Message/tokeniseTopic: splits on "/", empty levels are null, wildcards stay literal
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
foreach (['foo/bar/baz', '/foo/bar', 'a//b/', '', '#', 'a/+/#'] as $topic) {
    echo json_encode($topic), ' => ', json_encode(Mosquitto\Message::tokeniseTopic($topic)), "\n";
}
?>
--EXPECT--
"foo\/bar\/baz" => ["foo","bar","baz"]
"\/foo\/bar" => [null,"foo","bar"]
"a\/\/b\/" => ["a",null,"b",null]
"" => [null]
"#" => ["#"]
"a\/+\/#" => ["a","+","#"]

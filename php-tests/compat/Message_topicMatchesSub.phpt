--TEST--
compat Message/topicMatchesSub: topic first, then subscription; wildcards, invalid filters, and $-topics against #
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/setup.inc';
foreach ([
    ['foo/bar', 'foo/bar'], ['foo/bar', 'foo/+'], ['foo/bar/baz', 'foo/+'], ['foo/bar/baz', 'foo/#'],
    ['foo', 'foo/#'], ['foo/bar', '#'], ['$SYS/broker', '#'], ['$SYS/broker', '$SYS/#'],
    ['foo/bar', 'foo/#/bar'], ['', 'foo'], ['foo/bar', 'bar/+'],
] as [$topic, $sub]) {
    printf("%-12s %-10s %s\n", $topic, $sub, var_export(Mosquitto\Message::topicMatchesSub($topic, $sub), true));
}
?>
--EXPECT--
foo/bar      foo/bar    true
foo/bar      foo/+      true
foo/bar/baz  foo/+      false
foo/bar/baz  foo/#      true
foo          foo/#      true
foo/bar      #          true
$SYS/broker  #          false
$SYS/broker  $SYS/#     true
foo/bar      foo/#/bar  false
             foo        false
foo/bar      bar/+      false

--TEST--
behaviour: Message::tokeniseTopic() and topicMatchesSub() edge cases
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';

foreach ([
    'plain' => 'a/b/c', 'leading-slash' => '/a/b', 'trailing-slash' => 'a/b/', 'double-slash' => 'a//b',
    'single-slash' => '/', 'empty' => '', 'dollar' => '$SYS/broker/uptime', 'wildcards' => 'a/+/#',
    'unicode' => "caf\u{e9}/\u{1f600}",
] as $what => $topic) {
    probe("tokeniseTopic-$what", function () use ($topic) {
        echo json_encode(Mosquitto\Message::tokeniseTopic($topic)), "\n";
    });
}

foreach ([
    'exact' => ['a/b', 'a/b'], 'plus' => ['a/b', 'a/+'], 'plus-empty-level' => ['a/', 'a/+'],
    'hash-parent' => ['a', 'a/#'], 'hash-all' => ['a/b/c', '#'], 'hash-not-dollar' => ['$SYS/x', '#'],
    'plus-not-dollar' => ['$SYS/x', '+/x'], 'dollar-explicit' => ['$SYS/x', '$SYS/#'],
    'longer-topic' => ['a/b/c', 'a/b'], 'shorter-topic' => ['a', 'a/b'], 'invalid-filter' => ['a/b', 'a/#/b'],
    'wildcard-topic' => ['a/+', 'a/+'], 'leading-slash' => ['/a', '+/a'], 'empty-both' => ['', ''],
    'case' => ['A/b', 'a/b'],
] as $what => [$topic, $sub]) {
    probe("topicMatchesSub-$what", function () use ($topic, $sub) {
        var_dump(Mosquitto\Message::topicMatchesSub($topic, $sub));
    });
}

probe('topic-functions-argument-errors', function () {
    foreach ([fn () => Mosquitto\Message::tokeniseTopic(), fn () => Mosquitto\Message::topicMatchesSub('a'), fn () => Mosquitto\Message::tokeniseTopic([])] as $call) {
        try { $call(); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    }
});
--EXPECT--
[tokeniseTopic-plain] ["a","b","c"]
[tokeniseTopic-leading-slash] [null,"a","b"]
[tokeniseTopic-trailing-slash] ["a","b",null]
[tokeniseTopic-double-slash] ["a",null,"b"]
[tokeniseTopic-single-slash] [null,null]
[tokeniseTopic-empty] [null]
[tokeniseTopic-dollar] ["$SYS","broker","uptime"]
[tokeniseTopic-wildcards] ["a","+","#"]
[tokeniseTopic-unicode] ["caf\u00e9","\ud83d\ude00"]
[topicMatchesSub-exact] bool(true)
[topicMatchesSub-plus] bool(true)
[topicMatchesSub-plus-empty-level] bool(true)
[topicMatchesSub-hash-parent] bool(true)
[topicMatchesSub-hash-all] bool(true)
[topicMatchesSub-hash-not-dollar] bool(false)
[topicMatchesSub-plus-not-dollar] bool(false)
[topicMatchesSub-dollar-explicit] bool(true)
[topicMatchesSub-longer-topic] bool(false)
[topicMatchesSub-shorter-topic] bool(false)
[topicMatchesSub-invalid-filter] bool(false)
[topicMatchesSub-wildcard-topic] bool(false)
[topicMatchesSub-leading-slash] bool(true)
[topicMatchesSub-empty-both] bool(false)
[topicMatchesSub-case] bool(false)
[topic-functions-argument-errors] ArgumentCountError(0): Mosquitto\Message::tokeniseTopic() expects exactly 1 argument, 0 given
[topic-functions-argument-errors] ArgumentCountError(0): Mosquitto\Message::topicMatchesSub() expects exactly 2 arguments, 1 given
[topic-functions-argument-errors] TypeError(0): Mosquitto\Message::tokeniseTopic(): Argument #1 ($topic) must be of type string, array given

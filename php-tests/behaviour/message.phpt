--TEST--
behaviour: Mosquitto\Message: properties, writes, subclassing, clone, serialize, comparison
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';
// differs: value-clone (README: Message is a PHP value object)
// differs: value-serialize (README: Message is a PHP value object)
// differs: value-compare (README: Message is a PHP value object)
// differs: write-payload-binary (README: Message is a PHP value object)
// differs: value-isset (README: Message is a PHP value object)
// differs: subclass-property-defaults (README: Message is a PHP value object)

probe('new-message-defaults', function () {
    $m = new Mosquitto\Message();
    var_dump($m->mid, $m->topic, $m->payload, $m->qos, $m->retain);
});

probe('var-dump', function () {
    var_dump(new Mosquitto\Message());
});

probe('array-cast-and-json', function () {
    $m = new Mosquitto\Message();
    $m->topic = 'a/b';
    echo json_encode($m), "\n", json_encode((array) $m), "\n";
});

probe('write-mid', function () {
    $m = new Mosquitto\Message();
    foreach (['7', 2.9, true, null, '12abc'] as $v) {
        $m->mid = $v;
        echo show($v), ' -> ', show($m->mid), "\n";
    }
});

probe('write-topic', function () {
    $m = new Mosquitto\Message();
    foreach ([42, 1.5, false, true] as $v) {
        $m->topic = $v;
        echo show($v), ' -> ', show($m->topic), "\n";
    }
});

probe('write-array', function () {
    $m = new Mosquitto\Message();
    $m->topic = [1];
    $m->payload = ['a', 'b'];
    echo show($m->topic), ' ', show($m->payload), "\n";
});

probe('write-payload-binary', function () {
    $m = new Mosquitto\Message();
    $m->payload = "a\0b\xff";
    echo bin2hex($m->payload), "\n";
    $m->payload = 12;
    var_dump($m->payload);
});

probe('write-qos-retain', function () {
    $m = new Mosquitto\Message();
    $m->qos = '2';
    $m->retain = 1;
    var_dump($m->qos, $m->retain);
    $m->retain = '';
    var_dump($m->retain);
});

probe('dynamic-property', function () {
    $m = new Mosquitto\Message();
    $m->extra = 1;
    var_dump($m->extra);
});

class Job extends Mosquitto\Message
{
    public $attempts = 3;
    public function __construct(public string $name = 'job')
    {
        parent::__construct();
        $this->topic = 'jobs/' . $name;
    }
    public function describe(): string { return "{$this->name} on {$this->topic}"; }
}

probe('subclass-new', function () {
    $j = new Job('mail');
    var_dump(get_class($j), $j instanceof Mosquitto\Message, $j instanceof Job);
    echo $j->describe(), "\n";
});

probe('subclass-property-defaults', function () {
    $j = new Job();
    var_dump($j->attempts);
});

probe('value-clone', function () {
    $j = new Job('a');
    $j->payload = 'p';
    $k = clone $j;
    $k->payload = 'q';
    var_dump(get_class($k), $j->payload, $k->payload, $k->topic, $k->attempts);
});

probe('value-serialize', function () {
    $m = new Mosquitto\Message();
    $m->topic = 't';
    $m->payload = "x\0y";
    $m->qos = 1;
    $s = serialize($m);
    echo $s === 'O:17:"Mosquitto\Message":5:{s:3:"mid";i:0;s:5:"topic";s:1:"t";s:7:"payload";s:3:"x' . "\0" . 'y";s:3:"qos";i:1;s:6:"retain";b:0;}' ? "format as Mosquitto-PHP\n" : "other format: $s\n";
    $u = unserialize($s);
    var_dump(get_class($u), $u->topic, bin2hex($u->payload), $u->qos);
});

probe('value-compare', function () {
    $a = new Mosquitto\Message();
    $b = new Mosquitto\Message();
    var_dump($a == $b);
    $b->qos = 1;
    var_dump($a == $b);
});

probe('value-isset', function () {
    $m = new Mosquitto\Message();
    var_dump(isset($m->mid), isset($m->topic), isset($m->payload), isset($m->nope));
});

probe('tokeniseTopic-override-untyped', function () {
    // A subclass written for Mosquitto-PHP: no return type on the override.
    eval('class LegacyMessage extends Mosquitto\Message {
        public static function tokeniseTopic($topic) { return explode("/", $topic); }
        public static function topicMatchesSub($topic, $subscription): bool { return true; }
    }');
    var_dump(LegacyMessage::tokeniseTopic('a/b'));
});

probe('constructor-arguments', function () {
    try { new Mosquitto\Message('x'); echo "accepted\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});
--EXPECT--
[new-message-defaults] int(0)
[new-message-defaults] NULL
[new-message-defaults] string(0) ""
[new-message-defaults] int(0)
[new-message-defaults] bool(false)
[var-dump] object(Mosquitto\Message)#3 (5) {
[var-dump]   ["mid"]=>
[var-dump]   int(0)
[var-dump]   ["topic"]=>
[var-dump]   NULL
[var-dump]   ["payload"]=>
[var-dump]   string(0) ""
[var-dump]   ["qos"]=>
[var-dump]   int(0)
[var-dump]   ["retain"]=>
[var-dump]   bool(false)
[var-dump] }
[array-cast-and-json] {"mid":0,"topic":"a\/b","payload":"","qos":0,"retain":false}
[array-cast-and-json] {"mid":0,"topic":"a\/b","payload":"","qos":0,"retain":false}
[write-mid] '7' -> 7
[write-mid] 2.9 -> 2
[write-mid] true -> 1
[write-mid] NULL -> 0
[write-mid] '12abc' -> 12
[write-topic] 42 -> '42'
[write-topic] 1.5 -> '1.5'
[write-topic] false -> ''
[write-topic] true -> '1'
[write-array] Warning: Array to string conversion
[write-array] Warning: Array to string conversion
[write-array] 'Array' 'Array'
[write-payload-binary] 610062ff
[write-payload-binary] string(2) "12"
[write-qos-retain] int(2)
[write-qos-retain] bool(true)
[write-qos-retain] bool(false)
[dynamic-property] Deprecated: Creation of dynamic property Mosquitto\Message::$extra is deprecated
[dynamic-property] int(1)
[subclass-new] string(3) "Job"
[subclass-new] bool(true)
[subclass-new] bool(true)
[subclass-new] mail on jobs/mail
[subclass-property-defaults] int(3)
[value-clone] string(3) "Job"
[value-clone] string(1) "p"
[value-clone] string(1) "q"
[value-clone] string(6) "jobs/a"
[value-clone] int(3)
[value-serialize] format as Mosquitto-PHP
[value-serialize] string(17) "Mosquitto\Message"
[value-serialize] string(1) "t"
[value-serialize] string(6) "780079"
[value-serialize] int(1)
[value-compare] bool(true)
[value-compare] bool(false)
[value-isset] bool(true)
[value-isset] bool(false)
[value-isset] bool(true)
[value-isset] bool(false)
[tokeniseTopic-override-untyped] array(2) {
[tokeniseTopic-override-untyped]   [0]=>
[tokeniseTopic-override-untyped]   string(1) "a"
[tokeniseTopic-override-untyped]   [1]=>
[tokeniseTopic-override-untyped]   string(1) "b"
[tokeniseTopic-override-untyped] }
[constructor-arguments] ArgumentCountError(0): Mosquitto\Message::__construct() expects exactly 0 arguments, 1 given

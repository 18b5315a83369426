--TEST--
behaviour: callbacks: private/protected methods called from loop() anywhere, callable kinds, non-callables, arguments
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/probe.inc';

final class Worker
{
    public Mosquitto\Client $client;
    public array $seen = [];
    public function __construct(string $topic)
    {
        $this->client = new Mosquitto\Client();
        $this->client->onConnect([$this, 'connected']);
        $this->client->onMessage([$this, 'handle']);
        $this->client->onSubscribe([$this, 'subscribed']);
        $this->client->onPublish('self::published');
        $this->client->connect(MQTT_HOST, MQTT_PORT);
        $this->client->subscribe($topic, 1);
    }
    private function connected(int $rc, string $text): void { echo "private onConnect($rc, $text)\n"; }
    protected function subscribed(int $mid, int $n, int $qos): void { echo "protected onSubscribe(n=$n, qos=$qos)\n"; }
    private static function published(int $mid): void { echo "private static onPublish\n"; }
    private function handle(Mosquitto\Message $m): void { $this->seen[] = $m->payload; echo "private onMessage({$m->payload})\n"; }
}

probe('private-methods-called-from-outside', function () {
    $topic = unique_topic('scope');
    $w = new Worker($topic);
    pump($w->client, 200);
    $w->client->publish($topic, 'task', 0);
    pump($w->client, 300);
    echo 'handled: ', implode(',', $w->seen), "\n";
});

probe('callable-kinds', function () {
    $topic = unique_topic('kinds');
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 0);
    pump($c, 100);
    $kinds = [
        'closure' => function ($m) { echo "closure {$m->payload}\n"; },
        'arrow' => fn ($m) => print("arrow {$m->payload}\n"),
        'invokable' => new class { public function __invoke($m) { echo "invokable {$m->payload}\n"; } },
        'first-class' => (new class { public function h($m) { echo "first-class {$m->payload}\n"; } })->h(...),
        'string' => 'printf',
        'static-string' => 'ReflectionClass::export',
        'magic-call' => [new class { public function __call($n, $a) { echo "__call $n {$a[0]->payload}\n"; } }, 'anything'],
    ];
    foreach ($kinds as $name => $cb) {
        try {
            $c->onMessage($cb);
        } catch (Throwable $e) { echo "$name: ", throwable_line($e), "\n"; continue; }
        if ($name === 'string') { $c->onMessage(function ($m) { printf("string %s\n", $m->payload); }); }
        $c->publish($topic, $name, 0);
        pump($c, 150);
    }
});

foreach (['null' => null, 'unknown-function' => 'no_such_function', 'unknown-method' => [new stdClass(), 'x'], 'int' => 42] as $what => $value) {
    probe("non-callable-$what", function () use ($value) {
        $c = new Mosquitto\Client();
        try { $c->onMessage($value); echo "accepted\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    });
}

probe('non-callable-every-setter', function () {
    $c = new Mosquitto\Client();
    foreach (['onConnect', 'onDisconnect', 'onLog', 'onSubscribe', 'onUnsubscribe', 'onMessage', 'onPublish'] as $m) {
        try { $c->$m('nope'); } catch (Throwable $e) { echo throwable_line($e), "\n"; }
    }
});

probe('private-from-outside-registration', function () {
    $o = new class { private function p() {} };
    $c = new Mosquitto\Client();
    try { $c->onMessage([$o, 'p']); echo "accepted\n"; } catch (Throwable $e) { echo throwable_line($e), "\n"; }
});

probe('callback-arguments', function () {
    $topic = unique_topic('args');
    $c = new Mosquitto\Client();
    $seen = [];
    $c->onConnect(function (...$a) use (&$seen) { $seen[] = 'onConnect ' . json_encode($a); });
    $c->onSubscribe(function (...$a) use (&$seen) { $seen[] = 'onSubscribe ' . count($a) . ' args: ' . json_encode(array_slice($a, 1)); });
    $c->onUnsubscribe(function (...$a) use (&$seen) { $seen[] = 'onUnsubscribe ' . count($a) . ' args'; });
    $c->onPublish(function (...$a) use (&$seen) { $seen[] = 'onPublish ' . count($a) . ' args'; });
    $c->onDisconnect(function (...$a) use (&$seen) { $seen[] = 'onDisconnect ' . json_encode($a); });
    $c->onMessage(function (...$a) use (&$seen) { $seen[] = 'onMessage ' . count($a) . ' args: ' . get_class($a[0]); });
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 2);
    pump($c, 150);
    $c->publish($topic, 'x', 1);
    pump($c, 200);
    $c->unsubscribe($topic);
    pump($c, 150);
    $c->disconnect();
    sort($seen);
    echo implode("\n", $seen), "\n";
});

probe('callback-return-value-ignored', function () {
    $topic = unique_topic('ret');
    $c = new Mosquitto\Client();
    $c->connect(MQTT_HOST, MQTT_PORT);
    $c->subscribe($topic, 1);
    pump($c, 100);
    $n = 0;
    $c->onMessage(function ($m) use (&$n) { $n++; return false; });
    $c->publish($topic, 'x', 1);
    pump($c, 300);
    echo "delivered $n time(s)\n";
});
--EXPECT--
[private-methods-called-from-outside] Deprecated: Use of "self" in callables is deprecated
[private-methods-called-from-outside] private onConnect(0, Connection Accepted.)
[private-methods-called-from-outside] protected onSubscribe(n=1, qos=1)
[private-methods-called-from-outside] private static onPublish
[private-methods-called-from-outside] private onMessage(task)
[private-methods-called-from-outside] handled: task
[callable-kinds] closure closure
[callable-kinds] arrow arrow
[callable-kinds] invokable invokable
[callable-kinds] first-class first-class
[callable-kinds] string string
[callable-kinds] static-string: TypeError(0): Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, class ReflectionClass does not have a method "export"
[callable-kinds] __call anything magic-call
[non-callable-null] Mosquitto\Exception(0): Need a valid callback
[non-callable-unknown-function] TypeError(0): Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, function "no_such_function" not found or invalid function name
[non-callable-unknown-method] TypeError(0): Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, class stdClass does not have a method "x"
[non-callable-int] TypeError(0): Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, no array or string given
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onConnect(): Argument #1 ($onConnect) must be a valid callback or null, function "nope" not found or invalid function name
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onDisconnect(): Argument #1 ($onDisconnect) must be a valid callback or null, function "nope" not found or invalid function name
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onLog(): Argument #1 ($onLog) must be a valid callback or null, function "nope" not found or invalid function name
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onSubscribe(): Argument #1 ($onSubscribe) must be a valid callback or null, function "nope" not found or invalid function name
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onUnsubscribe(): Argument #1 ($onUnsubscribe) must be a valid callback or null, function "nope" not found or invalid function name
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, function "nope" not found or invalid function name
[non-callable-every-setter] TypeError(0): Mosquitto\Client::onPublish(): Argument #1 ($onPublish) must be a valid callback or null, function "nope" not found or invalid function name
[private-from-outside-registration] TypeError(0): Mosquitto\Client::onMessage(): Argument #1 ($onMessage) must be a valid callback or null, cannot access private method class@anonymous::p()
[callback-arguments] onConnect [0,"Connection Accepted."]
[callback-arguments] onDisconnect [0]
[callback-arguments] onMessage 1 args: Mosquitto\Message
[callback-arguments] onPublish 1 args
[callback-arguments] onSubscribe 3 args: [1,2]
[callback-arguments] onUnsubscribe 1 args
[callback-return-value-ignored] delivered 1 time(s)

--TEST--
A worker class with private callbacks, driven from outside the class, processes 1,000 QoS 1 tasks with none lost; a poison task among them delays none and ends in the dead-letter topic after N deliveries
--EXTENSIONS--
mosquitto
--DESCRIPTION--
The callbacks are private methods registered inside the class ([$this, 'handle']);
the main script calls $worker->client->loop(). They are resolved at registration,
as PHP's own functions that take a callable do, so they run from any scope.
The poison task throws every time: after 3 deliveries it is acknowledged and
published to the dead-letter topic; the 999 others are all processed once each.
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

final class Worker
{
    public Mosquitto\Client $client;
    public array $done = [];
    public int $poisonDeliveries = 0;
    public array $warnings = [];

    public function __construct(string $topic, string $deadLetters)
    {
        $this->client = new Mosquitto\Client('private-worker-' . getmypid(), false);
        $this->client->onMessage([$this, 'handle']);
        $this->client->onLog([$this, 'log']);
        $this->client->setDeliveryLimit(3, $deadLetters);
        $this->client->connect(MQTT_HOST, MQTT_PORT);
        $this->client->subscribe($topic, 1);
    }

    private function handle(Mosquitto\Message $message): void
    {
        if ($message->payload === 'poison') {
            $this->poisonDeliveries++;
            throw new RuntimeException('poison task');
        }
        $this->done[] = (int) $message->payload;
    }

    protected function log(int $level, string $line): void
    {
        if ($level === Mosquitto\Client::LOG_WARNING) {
            $this->warnings[] = preg_replace(['/\d+/', "/'[^']*'/"], ['N', "'T'"], $line);
        }
    }
}

$topic = unique_topic('private-worker');
$deadLetters = unique_topic('dead-letters');
$worker = new Worker($topic, $deadLetters);
$dead = [];
$watcher = connected_client();
$watcher->onMessage(function (Mosquitto\Message $m) use (&$dead) { $dead[] = json_decode($m->payload, true); });
$watcher->subscribe($deadLetters, 1);
$watcher->loop(200);
$worker->client->loop(200);

$producer = connected_client();
for ($i = 1; $i <= 1000; $i++) {
    $producer->publish($topic, $i === 500 ? 'poison' : (string) $i, 1);
    if ($i % 100 === 0) {
        $producer->loop(0);
    }
}

$failures = 0;
$deadline = microtime(true) + 60;
while ((count($worker->done) < 999 || count($dead) < 1) && microtime(true) < $deadline) {
    try {
        $worker->client->loop(50);
    } catch (RuntimeException $e) {
        $failures++;
    }
    $producer->loop(0);
    $watcher->loop(0);
}
$expected = array_values(array_diff(range(1, 1000), [500]));
$done = $worker->done;
sort($done);
echo 'processed: ', count($worker->done), ', distinct: ', count(array_unique($worker->done)), ', lost: ', count(array_diff($expected, $done)), "\n";
echo 'in publish order: ', $worker->done === $expected ? 'yes' : 'no', "\n";
echo "poison delivered {$worker->poisonDeliveries} times, loop() threw $failures times\n";
echo 'warnings: ', implode(' | ', $worker->warnings), "\n";
echo 'dead letters: ', count($dead), ', ', $dead[0]['payload'] ?? '-', ' from the task topic: ', ($dead[0]['topic'] ?? '') === $topic ? 'yes' : 'no', ', error: ', $dead[0]['error'] ?? '-', "\n";

// Nothing is redelivered to the same persistent session later: all were acknowledged.
$worker->client->disconnect();
$again = new Mosquitto\Client('private-worker-' . getmypid(), false);
$redelivered = 0;
$again->onMessage(function () use (&$redelivered) { $redelivered++; });
$again->connect(MQTT_HOST, MQTT_PORT);
$end = microtime(true) + 1;
while (microtime(true) < $end) {
    $again->loop(50);
}
echo "redelivered after reconnecting: $redelivered\n";
$again->unsubscribe($topic);
$again->loop(100);
$again->disconnect();
(new Mosquitto\Client('private-worker-' . getmypid(), true))->connect(MQTT_HOST, MQTT_PORT);
?>
--EXPECT--
processed: 999, distinct: 999, lost: 0
in publish order: yes
poison delivered 3 times, loop() threw 3 times
warnings: Client private-worker-N gave up on message (Mid: N, topic 'T') after N failed deliveries: poison task; published to 'T' (Mid: N)
dead letters: 1, poison from the task topic: yes, error: poison task
redelivered after reconnecting: 0

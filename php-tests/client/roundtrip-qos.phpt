--TEST--
Round trips at QoS 0, 1 and 2: mids from publish() match onPublish, onSubscribe gets three arguments
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('qos');
$client = connected_client();
$events = new ArrayObject();
$client->onSubscribe(function (int $mid, int $count, int $granted) use ($events) { $events[] = "subscribe mid=$mid count=$count granted=$granted"; });
$client->onPublish(function (int $mid) use ($events) { $events[] = "published mid=$mid"; });
$messages = new ArrayObject();
$client->onMessage(function (Mosquitto\Message $m) use ($messages) { $messages[] = $m; });

$mid = $client->subscribe("$topic/#", 2);
echo "subscribe returned $mid\n";
loop_until($client, fn () => count($events) === 1);
foreach ([0, 1, 2] as $qos) {
    $mid = $client->publish("$topic/q$qos", "payload at qos $qos", $qos);
    echo "publish qos $qos returned $mid\n";
}
loop_until($client, fn () => count($events) === 4 && count($messages) === 3);
$events = $events->getArrayCopy();
sort($events);
echo implode("\n", $events), "\n";
$messages = $messages->getArrayCopy();
usort($messages, fn ($a, $b) => $a->qos <=> $b->qos);
foreach ($messages as $m) {
    printf("%s qos=%d retain=%s mid>0=%s payload=%s\n", substr($m->topic, -2), $m->qos, var_export($m->retain, true), var_export($m->mid > 0, true), $m->payload);
}
$unsubscribed = new ArrayObject();
$client->onUnsubscribe(function (int $mid) use ($unsubscribed) { $unsubscribed[] = $mid; });
$mid = $client->unsubscribe("$topic/#");
loop_until($client, fn () => count($unsubscribed) === 1);
echo "unsubscribe mid $mid acknowledged as $unsubscribed[0]\n";
?>
--EXPECT--
subscribe returned 1
publish qos 0 returned 2
publish qos 1 returned 3
publish qos 2 returned 4
published mid=2
published mid=3
published mid=4
subscribe mid=1 count=1 granted=2
q0 qos=0 retain=false mid>0=false payload=payload at qos 0
q1 qos=1 retain=false mid>0=true payload=payload at qos 1
q2 qos=2 retain=false mid>0=true payload=payload at qos 2
unsubscribe mid 5 acknowledged as 5

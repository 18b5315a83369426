--TEST--
fork(): the parent's client in the child gets a clear Mosquitto\Exception; a new client in the child works; the parent is unaffected
--EXTENSIONS--
mosquitto
pcntl
posix
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$topic = unique_topic('fork');
$parent = connected_client();
$parent->subscribe($topic, 1);
$got = new ArrayObject();
$parent->onMessage(function (Mosquitto\Message $m) use ($got) { $got[] = $m->payload; });
$parent->loop(100);

$pid = pcntl_fork();
if ($pid === 0) {
    try {
        $parent->publish($topic, 'from the inherited client');
        echo "child: inherited client worked?!\n";
    } catch (Mosquitto\Exception $e) {
        echo "child: ", $e->getMessage(), "\n";
    }
    try {
        $parent->loop(10);
    } catch (Mosquitto\Exception $e) {
        echo "child loop: ", $e->getMessage(), "\n";
    }
    $own = new Mosquitto\Client();
    $own->connect(MQTT_HOST, MQTT_PORT);
    $own->publish($topic, 'from the child', 1);
    $own->loop(100);
    $own->disconnect();
    // Leave without running the parent's destructors in this process.
    posix_kill(getmypid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
loop_until($parent, fn () => count($got) >= 1);
echo "parent received: ", implode(', ', $got->getArrayCopy()), "\n";
$parent->publish($topic, 'parent still works', 1);
loop_until($parent, fn () => count($got) >= 2);
echo "parent received: ", implode(', ', $got->getArrayCopy()), "\n";
?>
--EXPECT--
child: This client was connected in another process; create a new client after fork().
child loop: This client was connected in another process; create a new client after fork().
parent received: from the child
parent received: from the child, parent still works

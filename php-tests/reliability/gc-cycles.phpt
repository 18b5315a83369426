--TEST--
Clients whose callbacks capture the client itself (use ($client)) are collected by gc_collect_cycles()
--EXTENSIONS--
mosquitto
--FILE--
<?php
$make = function () {
    $client = new Mosquitto\Client();
    $client->onMessage(function (Mosquitto\Message $m) use ($client) { $client->publish('t', 'x'); });
    $client->onConnect(function () use ($client) {});
};
$make();
gc_collect_cycles();
$before = memory_get_usage();
for ($i = 0; $i < 20000; $i++) {
    $make();
}
$collected = gc_collect_cycles();
$growth = memory_get_usage() - $before;
echo "collected cycles: ", $collected > 0 || gc_status()['collected'] >= 20000 ? 'yes' : 'no', "\n";
echo "memory growth under 1 MB: ", $growth < 1024 * 1024 ? 'yes' : "no ($growth bytes)", "\n";
?>
--EXPECT--
collected cycles: yes
memory growth under 1 MB: yes

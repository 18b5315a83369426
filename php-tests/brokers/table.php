<?php
// Prints the measured results as Markdown tables: php table.php STATE_DIR
$dir = $argv[1];
$brokers = ['mosquitto' => 'mosquitto 2.0', 'nats' => 'NATS 2.9 (3 nodes)', 'rabbitmq' => 'RabbitMQ 3.10 (3 nodes)'];
$interop = [];
foreach ($brokers as $b => $label) {
    $interop[$b] = json_decode((string) @file_get_contents("$dir/$b.json"), true) ?: [];
}
$features = array_keys(array_merge(...array_values($interop)));
echo "| feature (MQTT 3.1.1) | ", implode(' | ', $brokers), " |\n|---|", str_repeat('---|', count($brokers)), "\n";
foreach ($features as $f) {
    echo "| $f | ", implode(' | ', array_map(fn ($b) => str_replace('|', '\|', $interop[$b][$f] ?? 'not run'), array_keys($brokers))), " |\n";
}
$failover = [];
foreach (['nats', 'rabbitmq'] as $b) {
    $failover[$b] = json_decode((string) @file_get_contents("$dir/failover-$b.json"), true) ?: [];
}
$rows = array_keys(array_merge($failover['nats'], $failover['rabbitmq']));
if ($rows) {
    echo "\n| failover, 5,000 QoS 1 tasks | NATS 2.9 (3 nodes) | RabbitMQ 3.10 (3 nodes) |\n|---|---|---|\n";
    foreach ($rows as $r) {
        echo "| $r | ", $failover['nats'][$r] ?? '', " | ", $failover['rabbitmq'][$r] ?? '', " |\n";
    }
}

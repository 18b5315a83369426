--TEST--
php --ri mosquitto: extension version, rumqttc version, TLS backend, MQTT protocol versions and the INI table
--EXTENSIONS--
mosquitto
--FILE--
<?php
passthru(escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg(getenv('MOSQUITTO_EXT')) . ' -d mosquitto.connect_timeout=5 --ri mosquitto');
?>
--EXPECTF--

mosquitto

Mosquitto support => enabled
Extension version => 0.4.0
MQTT library => rumqttc 0.25.1 (Rust)
MQTT protocol versions => 3.1.1, 5
TLS backend => OpenSSL %s

Directive => Local Value => Master Value
mosquitto.auto_reconnect => 1 => 1
mosquitto.connect_timeout => 5 => 5
mosquitto.delivery_limit => 5 => 5
mosquitto.dead_letter_topic => no value => no value
mosquitto.flush_timeout => 1000 => 1000
mosquitto.publish_timeout => 10000 => 10000
mosquitto.max_queued_messages => 4096 => 4096
mosquitto.max_queued_bytes => 67108864 => 67108864
mosquitto.max_buffered_messages => 1000 => 1000
mosquitto.max_buffered_bytes => 16777216 => 16777216
mosquitto.max_packet_size => 67108864 => 67108864
mosquitto.protocol_version => 4 => 4

--TEST--
MQTT 5 refused connections: connect() throws Mosquitto\Exception naming the CONNACK's reason, its reason code as the exception code (a wrong password or no credentials: 135 not authorized, as mosquitto 2.0 answers both; an empty client id where none is allowed: 128); on 3.1.1 the same refusals keep Mosquitto-PHP's texts and CONNACK return codes
--EXTENSIONS--
mosquitto
--FILE--
<?php
require __DIR__ . '/../harness/common.inc';

$passwords = tempnam(sys_get_temp_dir(), 'mosquitto-passwords-');
exec('mosquitto_passwd -b -c ' . escapeshellarg($passwords) . ' alice s3cret 2>&1', $output, $status);
echo "password file: ", $status === 0 ? 'made' : implode(' ', $output), "\n";
$broker = new PrivateBroker(["password_file $passwords", 'allow_anonymous false', 'allow_zero_length_clientid false']);

$cases = [
    'wrong password' => ['worker-1', 'alice', 'wrong'],
    'no credentials' => ['worker-1', null, null],
    'empty client id' => [null, 'alice', 's3cret'],
    'right password' => ['worker-1', 'alice', 's3cret'],
];
foreach ([Mosquitto\ProtocolVersion::V5 => 'MQTT 5', Mosquitto\ProtocolVersion::V311 => 'MQTT 3.1.1'] as $version => $name) {
    echo "-- $name\n";
    foreach ($cases as $case => [$id, $user, $password]) {
        $client = new Mosquitto\Client($id);
        $client->setProtocolVersion($version);
        if ($user !== null) {
            $client->setCredentials($user, $password);
        }
        $client->onConnect(function (int $rc, string $message, ...$v5) use ($case) {
            echo "$case: onConnect($rc, $message) with ", count($v5), " more arguments\n";
        });
        try {
            $client->connect('127.0.0.1', $broker->port);
            $client->loop(100);
            $client->disconnect();
        } catch (Mosquitto\Exception $e) {
            echo "$case: ", $e->getMessage(), " (code {$e->getCode()})\n";
        }
    }
}
unlink($passwords);
?>
--EXPECT--
password file: made
-- MQTT 5
wrong password: Connection Refused: not authorized (reason code 135). (code 135)
no credentials: Connection Refused: not authorized (reason code 135). (code 135)
empty client id: Connection Refused: unspecified error (reason code 128). (code 128)
right password: onConnect(0, Connection Accepted.) with 3 more arguments
-- MQTT 3.1.1
wrong password: Connection Refused: not authorised. (code 5)
no credentials: Connection Refused: not authorised. (code 5)
empty client id: Connection Refused: identifier rejected. (code 2)
right password: onConnect(0, Connection Accepted.) with 0 more arguments

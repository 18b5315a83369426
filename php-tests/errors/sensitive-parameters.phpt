--TEST--
Secrets are #[\SensitiveParameter]: setCredentials()'s password, setTlsPSK()'s psk and setTlsCertificates()'s key_pw never appear in a stack trace (Mosquitto\Client and the MosquittoClient alias)
--EXTENSIONS--
mosquitto
--INI--
zend.exception_ignore_args=0
--FILE--
<?php
$secrets = ['hunter2-password', 'c0ffee-psk', 'key-passphrase'];

function show(Throwable $e, array $secrets): void
{
    $frame = $e->getTrace()[0];
    $args = array_map(fn ($a) => match (true) {
        is_object($a) => get_class($a),
        is_string($a) => "'" . addcslashes($a, "\0..\37\177..\377") . "'",
        default => json_encode($a),
    }, $frame['args']);
    echo get_class($e), ' from ', $frame['class'], '::', $frame['function'], '(', implode(', ', $args), ")\n";
    $trace = $e->getTraceAsString() . print_r($e->getTrace(), true) . var_export($e->getTrace(), true);
    foreach ($secrets as $secret) {
        if (str_contains($trace, $secret)) {
            echo "  LEAKED $secret\n";
        }
    }
    foreach ($frame['args'] as $i => $arg) {
        if ($arg instanceof SensitiveParameterValue) {
            echo "  argument $i still holds its value for the code that catches: ", str_contains(json_encode($arg->getValue()), $secrets[0]) || in_array($arg->getValue(), $secrets, true) ? 'yes' : 'no', "\n";
        }
    }
}

foreach (['Mosquitto\Client', 'MosquittoClient'] as $class) {
    echo "== $class\n";
    $c = new $class('sensitive-parameters');
    // A TypeError thrown by the call itself (the password is not a string) ...
    try {
        $c->setCredentials('user', [$secrets[0]]);
    } catch (Throwable $e) {
        show($e, [$secrets[0]]);
    }
    // ... and errors raised while the secret is a valid argument.
    try {
        $c->setCredentials("\xff-user", $secrets[0]);
    } catch (Throwable $e) {
        show($e, $secrets);
    }
    try {
        $c->setTlsPSK($secrets[1], 'identity');
    } catch (Throwable $e) {
        show($e, $secrets);
    }
    try {
        $c->setTlsCertificates('/nonexistent/ca.crt', null, null, $secrets[2]);
    } catch (Throwable $e) {
        show($e, $secrets);
    }
    try {
        $c->setTlsCertificates(['not a path'], null, null, $secrets[2]);
    } catch (Throwable $e) {
        show($e, $secrets);
    }
    foreach (['setCredentials', 'setTlsPSK', 'setTlsCertificates'] as $method) {
        foreach ((new ReflectionMethod($class, $method))->getParameters() as $p) {
            $attributes = array_map(fn ($a) => $a->getName(), $p->getAttributes());
            if ($attributes) {
                echo "  $method(\${$p->getName()}): #[", implode(', ', $attributes), "]\n";
            }
        }
    }
}
// Other parameters are not hidden.
try {
    (new Mosquitto\Client())->publish("\xff", 'visible payload');
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getTrace()[0]['args'][1], "\n";
}
?>
--EXPECT--
== Mosquitto\Client
TypeError from Mosquitto\Client::setCredentials('user', SensitiveParameterValue)
  argument 1 still holds its value for the code that catches: yes
ValueError from Mosquitto\Client::setCredentials('\377-user', SensitiveParameterValue)
  argument 1 still holds its value for the code that catches: yes
Mosquitto\Exception from Mosquitto\Client::setTlsPSK(SensitiveParameterValue, 'identity')
  argument 0 still holds its value for the code that catches: yes
Mosquitto\Exception from Mosquitto\Client::setTlsCertificates('/nonexistent/ca.crt', null, null, SensitiveParameterValue)
  argument 3 still holds its value for the code that catches: yes
TypeError from Mosquitto\Client::setTlsCertificates(["not a path"], null, null, SensitiveParameterValue)
  argument 3 still holds its value for the code that catches: yes
  setCredentials($password): #[SensitiveParameter]
  setTlsPSK($psk): #[SensitiveParameter]
  setTlsCertificates($key_pw): #[SensitiveParameter]
== MosquittoClient
TypeError from Mosquitto\Client::setCredentials('user', SensitiveParameterValue)
  argument 1 still holds its value for the code that catches: yes
ValueError from Mosquitto\Client::setCredentials('\377-user', SensitiveParameterValue)
  argument 1 still holds its value for the code that catches: yes
Mosquitto\Exception from Mosquitto\Client::setTlsPSK(SensitiveParameterValue, 'identity')
  argument 0 still holds its value for the code that catches: yes
Mosquitto\Exception from Mosquitto\Client::setTlsCertificates('/nonexistent/ca.crt', null, null, SensitiveParameterValue)
  argument 3 still holds its value for the code that catches: yes
TypeError from Mosquitto\Client::setTlsCertificates(["not a path"], null, null, SensitiveParameterValue)
  argument 3 still holds its value for the code that catches: yes
  setCredentials($password): #[SensitiveParameter]
  setTlsPSK($psk): #[SensitiveParameter]
  setTlsCertificates($key_pw): #[SensitiveParameter]
Mosquitto\Exception: visible payload

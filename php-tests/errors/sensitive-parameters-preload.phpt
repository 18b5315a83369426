--TEST--
The class patches are made before opcache preloading: a preloaded subclass of Mosquitto\Client inherits #[\SensitiveParameter] (the secret stays out of its traces), and a preloaded Message subclass clones as itself
--EXTENSIONS--
mosquitto
opcache
--INI--
opcache.enable=1
opcache.enable_cli=1
opcache.preload={PWD}/../fixtures/preloaded-subclasses.php
opcache.preload_user=root
zend.exception_ignore_args=0
--FILE--
<?php
echo 'preloaded: ', class_exists('PreloadedClient', false) && (opcache_get_status(false)['preload_statistics'] ?? null) ? 'yes' : 'no', "\n";
$c = new PreloadedClient('preloaded');
try {
    $c->setCredentials("\xff-user", 'hunter2-password');
} catch (ValueError $e) {
    echo get_class($e->getTrace()[0]['args'][1]), "\n";
    echo str_contains($e->getTraceAsString(), 'hunter2') ? "LEAKED\n" : "not in the trace\n";
}
foreach (['setCredentials' => 1, 'setTlsPSK' => 0, 'setTlsCertificates' => 3] as $method => $position) {
    $p = (new ReflectionMethod('PreloadedClient', $method))->getParameters()[$position];
    echo "$method(\${$p->getName()}): ", implode(', ', array_map(fn ($a) => $a->getName(), $p->getAttributes())), "\n";
}
$m = new PreloadedMessage();
$m->topic = 'a/b';
$copy = clone $m;
echo get_class($copy), ' ', $copy->topic, "\n";
?>
--EXPECT--
preloaded: yes
SensitiveParameterValue
not in the trace
setCredentials($password): SensitiveParameter
setTlsPSK($psk): SensitiveParameter
setTlsCertificates($key_pw): SensitiveParameter
PreloadedMessage a/b

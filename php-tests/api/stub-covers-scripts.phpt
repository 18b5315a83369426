--TEST--
Static check of scripts against the stub: the seed worker, the examples, the demo and README's PHP blocks lint and call only what the stub declares, with fitting argument counts
--EXTENSIONS--
mosquitto
--DESCRIPTION--
PHPStan and Psalm cannot be installed from the registries this project
reaches, so this is the fallback the install issue names: `php -l`, then every
method call on a Mosquitto client or message, and every `new`/static call, is
looked up in the stub (loaded under another namespace) by Reflection.
--FILE--
<?php
$root = dirname(__DIR__, 2);
$stub = file_get_contents("$root/stubs/mosquitto.stub.php");
$code = preg_replace('/namespace \{.*?\n\}/s', '', $stub, 1);
eval(str_replace(['namespace Mosquitto {', '<?php'], ['namespace StubCheck {', ''], $code));

$scripts = [
    'shared seed worker-fixed.php' => "$root/php-tests/fixtures/worker-fixed.php",
    'examples/worker-fixed.php' => "$root/examples/worker-fixed.php",
    'examples/worker.php' => "$root/examples/worker.php",
    'examples/producer.php' => "$root/examples/producer.php",
    'demo/driver.php' => "$root/demo/driver.php",
    'bench/workers/seed.php' => "$root/bench/workers/seed.php",
    'bench/workers/tight.php' => "$root/bench/workers/tight.php",
];
preg_match_all('/```php\n(.*?)```/s', file_get_contents("$root/README.md"), $blocks);
foreach ($blocks[1] as $i => $block) {
    $file = sys_get_temp_dir() . "/readme-block-$i-" . getmypid() . '.php';
    file_put_contents($file, "<?php\n$block");
    $scripts["README.md block " . ($i + 1)] = $file;
}

/** Methods a script may call: every stub method, by lower-case name. */
$methods = [];
foreach (['Client', 'Message'] as $class) {
    foreach ((new ReflectionClass("StubCheck\\$class"))->getMethods() as $m) {
        $methods[strtolower($m->getName())][] = $m;
    }
}

foreach ($scripts as $name => $file) {
    exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg($file), $lint, $status);
    $problems = $status === 0 ? [] : ['php -l failed'];
    $tokens = token_get_all(file_get_contents($file));
    $calls = 0;
    foreach ($tokens as $i => $token) {
        $isCall = is_array($token) && $token[0] === T_STRING
            && in_array($tokens[$i - 1][0] ?? null, [T_OBJECT_OPERATOR, T_DOUBLE_COLON], true)
            && ($tokens[$i + 1] ?? null) === '(';
        if (!$isCall || !isset($methods[strtolower($token[1])])) {
            if ($isCall && in_array(strtolower($token[1]), ['connect', 'subscribe', 'publish', 'loop', 'onmessage'], true)) {
                $problems[] = "unknown method {$token[1]}";
            }
            continue;
        }
        // Count the arguments at the top level of the parentheses.
        [$depth, $args, $empty] = [0, 0, true];
        for ($j = $i + 1; $j < count($tokens); $j++) {
            $t = $tokens[$j];
            if (in_array($t, ['(', '[', '{'], true) || (is_array($t) && $t[0] === T_CURLY_OPEN)) {
                $depth++;
                if ($depth === 1) { continue; }
            } elseif (in_array($t, [')', ']', '}'], true)) {
                $depth--;
                if ($depth === 0) { break; }
            } elseif ($t === ',' && $depth === 1) {
                $args++;
            }
            if ($depth >= 1 && !(is_array($t) && $t[0] === T_WHITESPACE)) {
                $empty = false;
            }
        }
        $args = $empty ? 0 : $args + 1;
        $fits = array_filter($methods[strtolower($token[1])],
            fn (ReflectionMethod $m) => $args >= $m->getNumberOfRequiredParameters() && $args <= $m->getNumberOfParameters());
        if (!$fits) {
            $problems[] = "{$token[1]}() with $args arguments";
        }
        $calls++;
    }
    if (preg_match_all('/new\s+(\\\\?[\w\\\\]+)/', file_get_contents($file), $news)) {
        foreach ($news[1] as $class) {
            $short = ltrim(str_replace(['Mosquitto\\', 'MosquittoClient'], ['', 'Client'], $class), '\\');
            if ((str_contains($class, 'Mosquitto')) && !class_exists("StubCheck\\$short")) {
                $problems[] = "unknown class $class";
            }
        }
    }
    printf("%s: %s\n", $name, $problems ? implode('; ', $problems) : "ok ($calls calls checked)");
}
foreach (glob(sys_get_temp_dir() . '/readme-block-*-' . getmypid() . '.php') as $file) {
    unlink($file);
}
?>
--EXPECTF--
shared seed worker-fixed.php: ok (%d calls checked)
examples/worker-fixed.php: ok (%d calls checked)
examples/worker.php: ok (%d calls checked)
examples/producer.php: ok (%d calls checked)
demo/driver.php: ok (%d calls checked)
bench/workers/seed.php: ok (%d calls checked)
bench/workers/tight.php: ok (%d calls checked)
README.md block 1: ok (%d calls checked)
README.md block 2: ok (%d calls checked)
README.md block 3: ok (%d calls checked)
README.md block 4: ok (%d calls checked)

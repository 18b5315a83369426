--TEST--
stubs/mosquitto.stub.php matches the loaded extension exactly (classes, constants, methods, parameters, defaults, types, parameter attributes)
--EXTENSIONS--
mosquitto
--DESCRIPTION--
The stub is loaded under another namespace and both are described through
Reflection in one canonical text; any difference fails the test with a diff.
MQTT 5's trailing arrays of publish(), subscribe() and setWill() are read by the
extension but not declared to the engine (a subclass written for Mosquitto-PHP
overrides these methods with its signatures, which PHP refuses when the parent
declares a parameter more); the stub declares them. So the extension's side is
completed by calling each method with a wrong value there: PHP's own
ValueError/TypeError texts name the parameter's position, name and type.
--FILE--
<?php
$stub = file_get_contents(__DIR__ . '/../../stubs/mosquitto.stub.php');

// Global constants and the alias, from the stub's global block.
preg_match('/namespace \{(.*?)\n\}/s', $stub, $global);
preg_match_all('/const (MOSQ_\w+) = (\d+);/', $global[1], $constants, PREG_SET_ORDER);
$stubConstants = array_map(fn ($c) => "$c[1]=$c[2]", $constants);
$extConstants = array_map(fn ($k, $v) => "$k=$v", array_keys(get_defined_constants(true)['mosquitto']), get_defined_constants(true)['mosquitto']);
echo "global constants: ", $stubConstants === $extConstants ? 'same' : "DIFFER\n" . print_r([$stubConstants, $extConstants], true), "\n";
preg_match("/class_alias\\(\\\\Mosquitto\\\\(\\w+)::class, '(\\w+)'\\)/", $global[1], $alias);
echo "alias {$alias[2]} -> Mosquitto\\{$alias[1]}: ", (new ReflectionClass($alias[2]))->getName() === "Mosquitto\\$alias[1]" ? 'same class' : 'DIFFERS', "\n";

// The classes, mirrored into namespace StubMirror.
$code = preg_replace('/namespace \{.*?\n\}/s', '', $stub, 1);
$code = str_replace(['namespace Mosquitto {', '<?php'], ['namespace StubMirror {', ''], $code);
eval($code);

/**
 * The parameter Client::$method() reads after its $declared declared ones, as
 * the text describe() gives a declared one ("array $properties = array (\n)"),
 * from the errors of two calls that pass a wrong value there (on a 3.1.1 client
 * that is not connected: arguments are checked first); null when they show none.
 */
function undeclared_parameter(string $method, int $declared): ?string
{
    $valid = ['publish' => ['t', 'x', 0, false], 'subscribe' => ['t', 0], 'setWill' => ['t', 'x', 0, false]][$method];
    if (count($valid) !== $declared) {
        return null;
    }
    $position = $declared + 1;
    $args = fn ($last) => [...$valid, $last];
    $object = new Mosquitto\Client();
    try {
        $object->$method(...$args(['no such key' => 1]));
        return null;
    } catch (ValueError $e) {
        if (!preg_match("/^Mosquitto\\\\Client::$method\(\): Argument #$position \(\\$(\w+)\) has an unknown key/", $e->getMessage(), $named)) {
            return null;
        }
    } catch (Throwable $e) {
        return null;
    }
    try {
        $object->$method(...$args(0));
        return null;
    } catch (TypeError $e) {
        if (!preg_match("/Argument #$position \(\\$$named[1]\) must be of type (\w+), int given/", $e->getMessage(), $typed)) {
            return null;
        }
    } catch (Throwable $e) {
        return null;
    }
    return "$typed[1] \$$named[1] = " . var_export([], true);
}

function describe(ReflectionClass $class, string $ns, array $undeclared = []): string
{
    $name = fn (string $n) => str_replace($ns . '\\', 'NS\\', $n);
    $lines = [($class->isFinal() ? 'final ' : '') . 'class ' . $name($class->getName())
        . ($class->getParentClass() ? ' extends ' . $name($class->getParentClass()->getName()) : '')];
    foreach ($class->getReflectionConstants() as $constant) {
        $lines[] = "  const {$constant->getName()} = " . var_export($constant->getValue(), true);
    }
    foreach ($class->getProperties() as $property) {
        if ($property->getDeclaringClass()->getName() === $class->getName()) {
            $lines[] = '  property ' . ($property->getType() ?? 'untyped') . " \${$property->getName()}";
        }
    }
    $methods = array_filter($class->getMethods(), fn ($m) => $m->getDeclaringClass()->getName() === $class->getName());
    usort($methods, fn ($a, $b) => strcmp($a->getName(), $b->getName()));
    foreach ($methods as $method) {
        $params = array_map(function (ReflectionParameter $p) use ($name) {
            $attributes = array_map(fn ($a) => '#[' . $a->getName() . '] ', $p->getAttributes());
            $text = implode('', $attributes) . ($p->getType() ? $name((string) $p->getType()) . ' ' : '') . '$' . $p->getName();
            if ($p->isOptional()) {
                $text .= ' = ' . ($p->isDefaultValueAvailable() ? var_export($p->getDefaultValue(), true) : '?');
            }
            return $text;
        }, $method->getParameters());
        if (isset($undeclared[$method->getName()])) {
            $params[] = $undeclared[$method->getName()];
        }
        $lines[] = '  ' . ($method->isStatic() ? 'static ' : '') . ($method->isFinal() ? 'final ' : '')
            . "function {$method->getName()}(" . implode(', ', $params) . ')'
            . ($method->hasReturnType() ? ': ' . $name((string) $method->getReturnType()) : '')
            . ' [required ' . $method->getNumberOfRequiredParameters() . ']';
    }
    return implode("\n", $lines);
}

$extension = array_filter((new ReflectionExtension('mosquitto'))->getClassNames(), fn ($c) => $c === (new ReflectionClass($c))->getName());
$mirrored = array_filter(get_declared_classes(), fn ($c) => str_starts_with($c, 'StubMirror\\'));
$classes = array_map(fn ($c) => substr($c, strlen('Mosquitto\\')), $extension);
sort($classes);
$stubClasses = array_map(fn ($c) => substr($c, strlen('StubMirror\\')), $mirrored);
sort($stubClasses);
echo "classes: ", $classes === $stubClasses ? implode(', ', $classes) : "DIFFER: ext " . implode(',', $classes) . " stub " . implode(',', $stubClasses), "\n";
// What the stub declares beyond the extension's declared parameters, the
// extension must read there (only MQTT 5's trailing arrays may be such).
$undeclared = [];
foreach (['publish', 'subscribe', 'setWill'] as $method) {
    $declared = (new ReflectionMethod(Mosquitto\Client::class, $method))->getNumberOfParameters();
    if ((new ReflectionMethod(StubMirror\Client::class, $method))->getNumberOfParameters() > $declared) {
        $undeclared[$method] = undeclared_parameter($method, $declared) ?? 'a parameter the extension does not read';
    }
}
echo 'read but not declared: ', implode(', ', array_map(fn ($m, $p) => "$m(" . strstr($p . ' =', ' =', true) . ')', array_keys($undeclared), $undeclared)) ?: 'none', "\n";
$differences = 0;
foreach ($classes as $short) {
    $real = describe(new ReflectionClass("Mosquitto\\$short"), 'Mosquitto', $short === 'Client' ? $undeclared : []);
    $written = describe(new ReflectionClass("StubMirror\\$short"), 'StubMirror');
    if ($real !== $written) {
        $differences++;
        echo "--- $short: extension\n$real\n+++ $short: stub\n$written\n";
    }
}
echo $differences === 0 ? "every class matches\n" : "$differences classes differ\n";
// Every method in the stub carries a one-line doc comment.
$undocumented = [];
foreach ($stubClasses as $short) {
    foreach ((new ReflectionClass("StubMirror\\$short"))->getMethods() as $method) {
        if ($method->getDeclaringClass()->getName() === "StubMirror\\$short" && !$method->getDocComment()) {
            $undocumented[] = "$short::{$method->getName()}";
        }
    }
}
echo $undocumented ? 'undocumented: ' . implode(', ', $undocumented) : 'every method documented', "\n";
?>
--EXPECT--
global constants: same
alias MosquittoClient -> Mosquitto\Client: same class
classes: Client, Exception, LogLevel, Message, ProtocolVersion, SslVerify
read but not declared: publish(array $properties), subscribe(array $options), setWill(array $properties)
every class matches
every method documented

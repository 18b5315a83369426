# The two commands: `make demo` and `make test`. Each installs what is missing
# and builds the extension first.

EXT        ?= $(CURDIR)/modules/mosquitto.so
PHP        ?= php
APT_PACKAGES = php8.2-dev php8.2-cli libclang-dev mosquitto mosquitto-clients iproute2 openssl

.PHONY: all build deps bench-deps test demo bench bench-long install clean

all: build

# System packages, installed only when something is missing (CI runs as root).
deps:
	@missing=0; \
	for c in php-config php mosquitto mosquitto_pub mosquitto_sub ip openssl; do command -v $$c >/dev/null || missing=1; done; \
	ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || missing=1; \
	if [ $$missing = 1 ]; then \
	  echo "Installing: $(APT_PACKAGES)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES); \
	fi

build: deps
	cargo build --release --locked -p mosquitto
	@mkdir -p modules
	cp target/release/libmosquitto.so modules/mosquitto.so
	@$(PHP) -d extension=$(CURDIR)/modules/mosquitto.so -r 'exit(extension_loaded("mosquitto") ? 0 : 1);' \
	  && echo "built modules/mosquitto.so (mosquitto $$($(PHP) -d extension=$(CURDIR)/modules/mosquitto.so -r 'echo phpversion("mosquitto");'))"

test: build
	cargo test --release --locked -p mosquitto-core
	php-tests/harness/run-tests.sh $(EXT)

demo: build
	demo/run.sh $(EXT)

# Benchmarks, never timed tests: against a C libmosquitto worker, a plain-Rust
# relay on our core and the broker-only pipeline. EXT= measures any
# Mosquitto-PHP-compatible build the same way.
bench-deps: deps
	@command -v gcc >/dev/null && command -v python3 >/dev/null && [ -f /usr/include/mosquitto.h ] || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc python3 libmosquitto-dev)

bench: build bench-deps
	python3 bench/run.py --ext $(EXT)

bench-long: build bench-deps
	python3 bench/run.py --ext $(EXT) --long

clean:
	cargo clean
	rm -rf modules

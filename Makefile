# The two commands: `make demo` and `make test`. Each installs what is missing
# and builds the extension first.

EXT        ?= $(CURDIR)/modules/mosquitto.so
PHP        ?= php
APT_PACKAGES = php8.2-dev php8.2-cli libclang-dev mosquitto mosquitto-clients iproute2 openssl

.PHONY: all build deps bench-deps test test-brokers demo bench bench-long install uninstall deb clean

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
	@# Replace by rename: running PHP processes keep the copy they mapped.
	cp target/release/libmosquitto.so modules/.mosquitto.so.new && mv -f modules/.mosquitto.so.new modules/mosquitto.so
	@$(PHP) -d extension=$(CURDIR)/modules/mosquitto.so -r 'exit(extension_loaded("mosquitto") ? 0 : 1);' \
	  && echo "built modules/mosquitto.so (mosquitto $$($(PHP) -d extension=$(CURDIR)/modules/mosquitto.so -r 'echo phpversion("mosquitto");'))"

test: build deb
	cargo test --release --locked -p mosquitto-core
	php-tests/harness/run-tests.sh $(EXT)

# Not part of `make test`: mosquitto, a 3-node NATS (JetStream) and a 3-node
# RabbitMQ (quorum queues) on loopback, installed with apt when missing
# (about 0.45 GB of RAM while it runs, a few minutes): the interop checks, the
# failover runs, and the tables README's "Scaling out" shows.
test-brokers: build
	php-tests/brokers/run.sh $(EXT)

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

# Install the way `pecl install` and Debian's php-* packages do: the .so in
# PHP's extension directory, an ini in mods-available, enabled with phpenmod.
EXTENSION_DIR = $(shell php-config --extension-dir 2>/dev/null)
MODS_AVAILABLE = /etc/php/8.2/mods-available

install: build
	install -D -m 0644 modules/mosquitto.so $(DESTDIR)$(EXTENSION_DIR)/.mosquitto.so.new
	mv -f $(DESTDIR)$(EXTENSION_DIR)/.mosquitto.so.new $(DESTDIR)$(EXTENSION_DIR)/mosquitto.so
	install -D -m 0644 packaging/mosquitto.ini $(DESTDIR)$(MODS_AVAILABLE)/mosquitto.ini
	@if [ -z "$(DESTDIR)" ] && command -v phpenmod >/dev/null; then phpenmod -v 8.2 -s cli mosquitto && echo "enabled for the PHP 8.2 CLI"; fi

uninstall:
	@if [ -z "$(DESTDIR)" ] && command -v phpdismod >/dev/null; then phpdismod -v 8.2 -s ALL mosquitto || true; fi
	rm -f $(DESTDIR)$(EXTENSION_DIR)/mosquitto.so $(DESTDIR)$(MODS_AVAILABLE)/mosquitto.ini
	rm -f $(DESTDIR)/etc/php/8.2/*/conf.d/20-mosquitto.ini
	@# phpenmod/phpdismod keep per-module state; ours goes too, as a purge would.
	rm -f $(DESTDIR)/var/lib/php/modules/8.2/registry/mosquitto $(DESTDIR)/var/lib/php/modules/8.2/*/*_by_*/mosquitto

# A Debian package, built by cargo-deb from [package.metadata.deb] in Cargo.toml.
deb: build
	@command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
	cargo deb --no-build --no-strip -p mosquitto
	@ls target/debian/*.deb

clean:
	cargo clean
	rm -rf modules

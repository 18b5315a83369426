# Appended to the Makefile phpize's configure writes (config.m4): cargo builds
# the module for the PHP configure was given; phpize's install-modules copies it.
$(phplibdir)/mosquitto.so: mosquitto-cargo-build

mosquitto-cargo-build:
	cd $(srcdir) && PHP_CONFIG=$(MOSQUITTO_PHP_CONFIG) PHP=$(PHP_EXECUTABLE) CARGO_TARGET_DIR=$(MOSQUITTO_TARGET_DIR) $(CARGO) build --release --locked -p mosquitto
	@mkdir -p $(phplibdir)
	cp $(MOSQUITTO_TARGET_DIR)/release/libmosquitto.so $(phplibdir)/.mosquitto.so.new && mv -f $(phplibdir)/.mosquitto.so.new $(phplibdir)/mosquitto.so

.PHONY: mosquitto-cargo-build

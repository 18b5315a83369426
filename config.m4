dnl The phpize build (and PIE's, which runs the same steps):
dnl   phpize && ./configure --with-php-config=/usr/bin/php-config8.4 && make && make install
dnl The module is Rust: `make` runs cargo for the PHP whose php-config configure
dnl was given, in that PHP's own cargo target directory
dnl (target/php-API-nts|zts), and puts mosquitto.so in modules/ where phpize's
dnl `make install` takes it from. Needs cargo (https://rustup.rs), libclang and
dnl libssl-dev with pkg-config.

PHP_ARG_ENABLE([mosquitto],
  [whether to enable the mosquitto MQTT client extension (Rust)],
  [AS_HELP_STRING([--enable-mosquitto], [Enable the mosquitto extension (default: yes)])],
  [yes])

if test "$PHP_MOSQUITTO" != "no"; then
  AC_PATH_PROG([CARGO], [cargo], [no], [$PATH:$HOME/.cargo/bin])
  if test "$CARGO" = "no"; then
    AC_MSG_ERROR([cargo not found: install Rust with rustup (https://rustup.rs)])
  fi
  dnl ext-php-rs's build script reads PHP_CONFIG and PHP: both absolute, the same PHP.
  MOSQUITTO_PHP_CONFIG=`command -v "$PHP_CONFIG"`
  dnl Debian's php-config has --phpapi, upstream's has not: ask the PHP itself.
  MOSQUITTO_PHP_API=`$PHP_EXECUTABLE -n -i | sed -n 's/^PHP API => //p'`
  if test "$PHP_THREAD_SAFETY" = "yes"; then MOSQUITTO_PHP_TS=zts; else MOSQUITTO_PHP_TS=nts; fi
  AC_MSG_CHECKING([for the cargo target directory of this PHP])
  MOSQUITTO_TARGET_DIR="${CARGO_TARGET_DIR:-$abs_srcdir/target/php-$MOSQUITTO_PHP_API-$MOSQUITTO_PHP_TS}"
  AC_MSG_RESULT([$MOSQUITTO_TARGET_DIR])
  PHP_MODULES='$(phplibdir)/mosquitto.so'
  dnl A build directory, so that configure has one to create (no C sources here).
  PHP_ADD_BUILD_DIR([modules])
  PHP_SUBST(CARGO)
  PHP_SUBST(MOSQUITTO_PHP_CONFIG)
  PHP_SUBST(MOSQUITTO_TARGET_DIR)
  PHP_ADD_MAKEFILE_FRAGMENT([$abs_srcdir/packaging/phpize/Makefile.frag], [$abs_srcdir], [$abs_builddir])
fi

#!/usr/bin/env bash
# The brokers of `make test-brokers`, on free loopback ports, in DIR:
#   cluster.sh start DIR               mosquitto, 3-node NATS, 3-node RabbitMQ
#   cluster.sh kill DIR BROKER N       SIGKILL node N (1-3) of nats|rabbitmq
#   cluster.sh restart DIR BROKER N    start node N again (it rejoins)
#   cluster.sh stop DIR                stop everything started, by PID
# DIR/env gets the MQTT address lists (MOSQUITTO, NATS, RABBITMQ; MQTT over
# TLS: MOSQUITTO_TLS, RABBITMQ_TLS, certificates in CERTS) and DIR/nodes
# one line per node: "broker n mqtt_port pid".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?start|kill|restart|stop DIR}; dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fill() { # fill TEMPLATE OUT KEY=VALUE...
  local template=$1 out=$2; shift 2; cp "$template" "$out"
  for kv in "$@"; do sed -i "s|@${kv%%=*}@|${kv#*=}|g" "$out"; done
}
wait_tcp() { for _ in $(seq 1 ${2:-400}); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
port_of() { cat "$dir/$1/port.$2"; }
record() { echo "$1 $2 $3 $4" >> "$dir/nodes"; }

# ---- NATS -----------------------------------------------------------------
nats_start_node() { # n
  local n=$1 d="$dir/nats$1"
  nats-server -c "$d/nats.conf" >>"$d/nats.log" 2>&1 &
  echo $! > "$d/pid"
}
nats_start() {
  local n routes=""
  for n in 1 2 3; do
    mkdir -p "$dir/nats$n"
    for p in client http cluster mqtt; do free_port > "$dir/nats$n/port.$p"; done
  done
  for n in 1 2 3; do routes="$routes${routes:+, }nats-route://127.0.0.1:$(port_of nats$n cluster)"; done
  for n in 1 2 3; do
    fill "$here/nats.conf" "$dir/nats$n/nats.conf" NAME=n$n DIR="$dir/nats$n" \
      CLIENT_PORT="$(port_of nats$n client)" HTTP_PORT="$(port_of nats$n http)" \
      CLUSTER_PORT="$(port_of nats$n cluster)" MQTT_PORT="$(port_of nats$n mqtt)" ROUTES="$routes"
    nats_start_node $n
  done
  for n in 1 2 3; do
    nats_ready $n || { echo "NATS node $n did not become healthy" >&2; tail -20 "$dir/nats$n/nats.log" >&2; return 1; }
    record nats $n "$(port_of nats$n mqtt)" "$(cat "$dir/nats$n/pid")"
  done
}
nats_ready() {
  local h; h=$(port_of nats$1 http)
  for _ in $(seq 1 300); do
    php -r 'exit(@file_get_contents("http://127.0.0.1:'"$h"'/healthz?js-enabled-only=true") === false ? 1 : 0);' && wait_tcp "$(port_of nats$1 mqtt)" 20 && return 0
    sleep 0.1
  done
  return 1
}

# ---- RabbitMQ ---------------------------------------------------------------
# The /usr/sbin wrappers switch user and cookie: run the real scripts with a
# private HOME (cookie), a private epmd on loopback and per-node directories.
rabbit_env() { # n: exports the environment node n's scripts and rabbitmqctl need
  local d="$dir/rabbit$1"
  export HOME="$dir/rabbit-home" ERL_EPMD_PORT=$(cat "$dir/epmd.port") ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_NODENAME=rabbit$1@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$(port_of rabbit$1 amqp) RABBITMQ_DIST_PORT=$(port_of rabbit$1 dist)
  export RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log" RABBITMQ_CONFIG_FILE="$d/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$here/enabled_plugins" RABBITMQ_PID_FILE="$d/rabbit.pid"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$d/advanced.config" RABBITMQ_PLUGINS_EXPAND_DIR="$d/plugins-expand"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
ctl() { # ctl n ARGS...: rabbitmqctl against node n, in its environment
  local n=$1; shift
  ( rabbit_env "$n"; /usr/lib/rabbitmq/bin/rabbitmqctl -n "rabbit$n@localhost" "$@" )
}
rabbit_start_node() {
  local n=$1 d="$dir/rabbit$1"
  ( rabbit_env "$n"; exec /usr/lib/rabbitmq/bin/rabbitmq-server >>"$d/server.log" 2>&1 ) &
  echo $! > "$d/pid"
}
rabbit_await() { # n: loops (await_startup fails until the node registered with epmd)
  for _ in $(seq 1 120); do
    ctl "$1" await_startup --timeout 5 >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$dir/rabbit$1/pid")" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
rabbit_start() {
  local n
  mkdir -p "$dir/rabbit-home"
  [ -f "$dir/rabbit-home/.erlang.cookie" ] || { head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/rabbit-home/.erlang.cookie"; chmod 400 "$dir/rabbit-home/.erlang.cookie"; }
  free_port > "$dir/epmd.port"
  ERL_EPMD_ADDRESS=127.0.0.1 epmd -port "$(cat "$dir/epmd.port")" -address 127.0.0.1 >"$dir/epmd.log" 2>&1 &
  echo $! > "$dir/epmd.pid"
  wait_tcp "$(cat "$dir/epmd.port")" || { echo "epmd did not start" >&2; return 1; }
  for n in 1 2 3; do
    mkdir -p "$dir/rabbit$n"
    for p in amqp dist mqtt mqtts; do free_port > "$dir/rabbit$n/port.$p"; done
    fill "$here/rabbitmq.conf" "$dir/rabbit$n/rabbitmq.conf" AMQP_PORT="$(port_of rabbit$n amqp)" MQTT_PORT="$(port_of rabbit$n mqtt)" \
      MQTT_TLS_PORT="$(port_of rabbit$n mqtts)" CERTS="$dir/certs"
    echo '[].' > "$dir/rabbit$n/advanced.config"
    rabbit_start_node $n
  done
  for n in 1 2 3; do
    rabbit_await $n || { echo "RabbitMQ node $n did not start" >&2; tail -20 "$dir/rabbit$n/server.log" "$dir/rabbit$n"/log/*.log >&2; return 1; }
  done
  for n in 2 3; do
    { ctl $n stop_app && ctl $n reset && ctl $n join_cluster rabbit1@localhost && ctl $n start_app; } >>"$dir/rabbit$n/cluster.log" 2>&1 \
      || { echo "RabbitMQ node $n did not join" >&2; cat "$dir/rabbit$n/cluster.log" >&2; return 1; }
  done
  for n in 1 2 3; do
    wait_tcp "$(port_of rabbit$n mqtt)" 200 && wait_tcp "$(port_of rabbit$n mqtts)" 200 || { echo "RabbitMQ node $n: no MQTT listener" >&2; return 1; }
    record rabbitmq $n "$(port_of rabbit$n mqtt)" "$(cat "$dir/rabbit$n/rabbit.pid")"
  done
}

# ---- mosquitto ---------------------------------------------------------------
mosquitto_start() {
  mkdir -p "$dir/mosquitto"; free_port > "$dir/mosquitto/port.mqtt"; free_port > "$dir/mosquitto/port.mqtts"
  fill "$here/mosquitto.conf" "$dir/mosquitto/mosquitto.conf" MQTT_PORT="$(port_of mosquitto mqtt)" DIR="$dir/mosquitto" USER="$(id -un)" \
    MQTT_TLS_PORT="$(port_of mosquitto mqtts)" CERTS="$dir/certs"
  mosquitto -c "$dir/mosquitto/mosquitto.conf" >"$dir/mosquitto/mosquitto.log" 2>&1 &
  echo $! > "$dir/mosquitto/pid"
  wait_tcp "$(port_of mosquitto mqtt)" || { echo "mosquitto did not start" >&2; return 1; }
  record mosquitto 1 "$(port_of mosquitto mqtt)" "$(cat "$dir/mosquitto/pid")"
}

list() { # list BROKER [LISTENER [HOST]]: the node addresses, comma-separated
  local b=$1 l=${2:-mqtt} h=${3:-127.0.0.1} n out=""
  for n in 1 2 3; do out="$out${out:+,}$h:$(port_of $b$n $l)"; done; echo "$out"
}

kill_pid_file() { # SIGKILL (or $2) the process in file $1 and wait for it
  local pid; pid=$(cat "$1" 2>/dev/null) || return 0
  [ -n "$pid" ] && kill -"${2:-KILL}" "$pid" 2>/dev/null && for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  rm -f "$1"
}

case "$cmd" in
start)
  : > "$dir/nodes"
  t0=$(date +%s.%N)
  "$here/../harness/make-certs.sh" "$dir/certs" >/dev/null || { echo "could not make TLS certificates" >&2; exit 1; }
  mosquitto_start || exit 1
  rabbit_start & rabbit=$!
  nats_start || exit 1
  wait $rabbit || exit 1
  printf 'MOSQUITTO=127.0.0.1:%s\nNATS=%s\nRABBITMQ=%s\n' "$(port_of mosquitto mqtt)" "$(list nats)" "$(list rabbit)" > "$dir/env"
  printf 'MOSQUITTO_TLS=localhost:%s\nRABBITMQ_TLS=%s\nCERTS=%s\n' "$(port_of mosquitto mqtts)" "$(list rabbit mqtts localhost)" "$dir/certs" >> "$dir/env"
  printf 'brokers up in %.1f s\n' "$(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo 0)" >&2
  ;;
kill)
  # RabbitMQ: the Erlang VM itself (its wrapper script then ends).
  case $3 in nats) kill_pid_file "$dir/nats$4/pid" ;; rabbitmq) kill_pid_file "$dir/rabbit$4/rabbit.pid" ;; esac ;;
restart)
  case $3 in
  nats) nats_start_node "$4"; nats_ready "$4" ;;
  rabbitmq) rabbit_start_node "$4"; rabbit_await "$4" && wait_tcp "$(port_of rabbit$4 mqtt)" 200 ;;
  esac ;;
stop)
  for n in 1 2 3; do
    kill_pid_file "$dir/nats$n/pid" TERM
    # The rabbitmq-server script stops its node on SIGTERM; the VM goes
    # for good after that, by its own PID.
    kill_pid_file "$dir/rabbit$n/pid" TERM
    kill_pid_file "$dir/rabbit$n/rabbit.pid" KILL
  done
  kill_pid_file "$dir/mosquitto/pid" TERM
  kill_pid_file "$dir/epmd.pid" TERM
  ;;
*) echo "usage: $0 start|kill|restart|stop DIR [BROKER N]" >&2; exit 2 ;;
esac

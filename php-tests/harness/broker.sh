#!/usr/bin/env bash
# Starts a private mosquitto on loopback and prints its port.
#   broker.sh start DIR [PORT]   -> prints the port; pid in DIR/mosquitto.pid
#   broker.sh stop DIR
#   broker.sh free-port
# With no PORT, a free loopback port is chosen. Lines in DIR/extra.conf are
# added to the configuration (TLS listeners, authentication).
set -euo pipefail
cmd=${1:?start|stop|free-port}; dir=${2:-}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || php -r '$s=stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s,false))[1];'
}

case "$cmd" in
free-port) free_port ;;
start)
  mkdir -p "$dir"
  port=${3:-$(free_port)}
  cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
# Keep our own user: test files live in private temporary directories.
user $(id -un)
persistence true
persistence_location $dir/
# Never drop what a slow test client has not read yet.
max_queued_messages 0
set_tcp_nodelay true
CONF
  # A test may add lines of its own (authentication, TLS listeners, ...).
  [ -f "$dir/extra.conf" ] && cat "$dir/extra.conf" >> "$dir/mosquitto.conf"
  mosquitto -c "$dir/mosquitto.conf" >"$dir/mosquitto.log" 2>&1 &
  echo $! > "$dir/mosquitto.pid"
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; exit 0; fi
    sleep 0.05
  done
  echo "mosquitto did not start on port $port:" >&2; cat "$dir/mosquitto.log" >&2; exit 1
  ;;
stop)
  if [ -f "$dir/mosquitto.pid" ]; then
    kill "$(cat "$dir/mosquitto.pid")" 2>/dev/null || true
    rm -f "$dir/mosquitto.pid"
  fi
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac

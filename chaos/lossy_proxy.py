#!/usr/bin/env python3
"""A lossy link in user space (tc netem is not available): a TCP proxy that
resets every connection through it every PERIOD seconds.

    lossy_proxy.py LISTEN_PORT TARGET_PORT PERIOD [LOG]

Both sides of each connection are closed with SO_LINGER 0, so the peers see
an RST, as after a NAT timeout or a failing link, with bytes in flight lost.
LOG, if given, gets one line per reset round: how many connections it cut.
Loopback (127.0.0.1) only.
"""
import select
import socket
import struct
import sys
import threading
import time

listen_port, target_port, period = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
log = open(sys.argv[4], "a", buffering=1) if len(sys.argv) > 4 else None
lock = threading.Lock()
pairs = []


def reset(sock):
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


def pump(a, b):
    try:
        while True:
            ready, _, _ = select.select([a, b], [], [], 1.0)
            for s in ready:
                data = s.recv(65536)
                if not data:
                    raise OSError("closed")
                (b if s is a else a).sendall(data)
    except (OSError, ValueError):
        reset(a)
        reset(b)
        with lock:
            if (a, b) in pairs:
                pairs.remove((a, b))


def accept_loop():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(64)
    while True:
        client, _ = server.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port))
        except OSError:
            reset(client)
            continue
        with lock:
            pairs.append((client, upstream))
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()


threading.Thread(target=accept_loop, daemon=True).start()
while True:
    time.sleep(period)
    with lock:
        cut = list(pairs)
        pairs.clear()
    for a, b in cut:
        reset(a)
        reset(b)
    if log and cut:
        log.write("%.3f %d\n" % (time.time(), len(cut)))

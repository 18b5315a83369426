#!/usr/bin/env python3
"""A hostile MQTT "broker" for the chaos scenarios, for bytes no real broker sends.

    fake_broker.py PORT MODE [LOG]

Each accepted connection: read the CONNECT, answer CONNACK (accepted), then
  oversize  send a PUBLISH header claiming 268,435,455 bytes and 1,000 bytes of it,
            then keep the connection open (a 5-byte header against the client's memory)
  drop      close the connection at once (an ACL kick, a client-id clash, a broken proxy)
LOG, if given, gets one line per accepted connection: its time (seconds since the epoch).
Listens on 127.0.0.1 only.
"""
import socket
import sys
import threading
import time

port, mode = int(sys.argv[1]), sys.argv[2]
log = open(sys.argv[3], "a", buffering=1) if len(sys.argv) > 3 else None
held = []


def read_packet(conn):
    """One MQTT packet (fixed header, remaining length, body) or None at EOF."""
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    first = exactly(1)
    if first is None:
        return None
    length, shift = 0, 0
    while True:
        byte = exactly(1)
        if byte is None:
            return None
        length |= (byte[0] & 0x7F) << shift
        shift += 7
        if not byte[0] & 0x80:
            break
    return first + (exactly(length) or b"")


def serve(conn):
    try:
        if read_packet(conn) is None:
            conn.close()
            return
        if log:
            log.write("%.3f\n" % time.time())
        conn.sendall(b"\x20\x02\x00\x00")  # CONNACK, session not present, accepted
        if mode == "drop":
            conn.close()
        elif mode == "oversize":
            conn.sendall(b"\x30\xff\xff\xff\x7f\x00\x04jobs" + b"x" * 1000)
            held.append(conn)  # never closed by us
    except OSError:
        conn.close()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(64)
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()

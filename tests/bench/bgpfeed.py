#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A BGP participant that announces a pre-encoded table as fast as TCP
takes it: the feeder of bird_bench.py.

    bgpfeed.py RS_IP RS_AS LOCAL_IP:ASN:UPDATES [LOCAL_IP:ASN:UPDATES ...]

One session per LOCAL_IP (an address of this network namespace on the
route server's LAN), each opened to RS_IP port 179 (the route server is
passive). UPDATES is a file of complete BGP UPDATE messages (made by
bird_bench.py from the table dump); after the OPEN exchange it is sent
as it is, then End-of-RIB. The session then stays up (KEEPALIVE every
30 s) and everything the route server sends is read and dropped, until
SIGTERM (KEEPALIVEs only once the table is sent: the UPDATEs keep the
session alive till then, and a KEEPALIVE may not cut into them). One
line per event on stdout; a NOTIFICATION or a closed session ends the
program with status 1.
"""
import os
import signal
import socket
import struct
import sys
import threading
import time

MARKER = b"\xff" * 16
HOLD_TIME = 240


def message(kind, body=b""):
    return MARKER + struct.pack("!HB", 19 + len(body), kind) + body


def open_message(asn, router_id):
    caps = b""
    caps += bytes([1, 4]) + struct.pack("!HBB", 1, 0, 1)  # MP IPv4 unicast
    caps += bytes([2, 0])  # route refresh
    caps += bytes([65, 4]) + struct.pack("!I", asn)  # 4-octet AS
    params = bytes([2, len(caps)]) + caps
    my_as = asn if asn < 65536 else 23456
    body = struct.pack("!BHH", 4, my_as, HOLD_TIME)
    body += socket.inet_aton(router_id) + bytes([len(params)]) + params
    return message(1, body)


KEEPALIVE = message(4)
END_OF_RIB = message(2, struct.pack("!HH", 0, 0))


def say(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


class Session(threading.Thread):
    def __init__(self, rs_ip, local, asn, updates, failed):
        super().__init__(daemon=True)
        self.rs_ip, self.local, self.asn = rs_ip, local, asn
        self.updates, self.failed = updates, failed

    def send(self, data):
        self.sock.sendall(data)

    def read_message(self, buf):
        """One message from the socket: (type, body), buf the rest."""
        while True:
            if len(buf) >= 19:
                length, kind = struct.unpack("!HB", buf[16:19])
                if len(buf) >= length:
                    return kind, buf[19:length], buf[length:]
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed by the route server")
            buf += chunk

    def run(self):
        try:
            self.session()
        except Exception as e:  # the bench reads the log
            say(self.local, "failed:", e)
            self.failed.set()

    def session(self):
        deadline = time.time() + 60
        while True:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.bind((self.local, 0))
            try:
                self.sock.connect((self.rs_ip, 179))
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.send(open_message(self.asn, self.local))
        buf = b""
        kind, body, buf = self.read_message(buf)
        if kind != 1:
            raise ConnectionError("expected OPEN, got type %d %s" % (
                kind, body.hex()))
        self.send(KEEPALIVE)
        while True:
            kind, body, buf = self.read_message(buf)
            if kind == 4:
                break
            if kind == 3:
                raise ConnectionError("NOTIFICATION %s" % body.hex())
        say(self.local, "established")
        threading.Thread(target=self.announce, daemon=True).start()
        # drop what the route server announces; stop at a NOTIFICATION
        while True:
            kind, body, buf = self.read_message(buf)
            if kind == 3:
                raise ConnectionError("NOTIFICATION %s" % body.hex())

    def announce(self):
        sent = 0
        try:
            with open(self.updates, "rb") as f:
                while True:
                    chunk = f.read(1 << 20)
                    if not chunk:
                        break
                    self.send(chunk)
                    sent += len(chunk)
            self.send(END_OF_RIB)
            say(self.local, "sent", sent, "bytes and End-of-RIB")
            # the UPDATEs kept the session alive; now KEEPALIVEs do
            while True:
                time.sleep(30)
                self.send(KEEPALIVE)
        except OSError as e:
            say(self.local, "send failed:", e)
            self.failed.set()


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    rs_ip = sys.argv[1]
    failed = threading.Event()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    for spec in sys.argv[3:]:
        local, asn, updates = spec.split(":", 2)
        Session(rs_ip, local, int(asn), updates, failed).start()
    while not stop.is_set() and not failed.is_set():
        stop.wait(0.2)
    # leave without closing the sessions politely: the bench is done
    sys.stdout.flush()
    os._exit(1 if failed.is_set() else 0)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The rsguard authors
"""A small IRRd-protocol whois server for rsguard's tests.

Serves RPSL files the way IRRd 4 answers the "IRRd style" whois queries
that bgpq4 and route-server tooling send, over TCP on 127.0.0.1:

  !!             multiple command mode (no reply at all, as IRRd)
  !n<name>       client name                       -> C
  !t<seconds>    idle timeout 1..1000 (default 30) -> C
  !v             version                           -> A
  !s<a,b>        source order (unknown source -> F), !s-lc lists it, !s-* no-op
  !i<set>        direct members of an as-set or route-set
  !i<set>,1      recursive: an as-set gives ASNs, a route-set gives prefixes
                 (its ASN and as-set members become their route prefixes)
  !gAS<n>        IPv4 prefixes of route objects with that origin
  !6AS<n>        IPv6 prefixes of route6 objects with that origin
  !a<set>, !a4<set>, !a6<set>
                 prefixes of every ASN of an as-set, both families, v4, v6
  !q             close the connection (no reply)

Replies are IRRd's: "A<n>\\n<data>\\nC\\n" where n counts the bytes of data
plus its newline, "C\\n" (success, no data), "D\\n" (key not found, and also
an empty result, as IRRd does), "F <message>\\n" (error). Without "!!" the
server answers one query and closes. Each reply goes out in one send():
bgpq4 reads the replies to !n, !a, !s-lc and !s with one read() each.
Data items are separated by single spaces and sorted (ASNs by number,
prefixes by address). Set names match case-insensitively; with several
sources, the first source in the current order that has the set wins, and
route lookups use only the current sources. Recursion stops at sets
already seen, so cycles and self-references end.

Data: RPSL files (blank line between objects, "attr: value", continuation
lines starting with space, tab or "+", "#" comments, "%" and "#" lines at
line start skipped). Classes route, route6, as-set, route-set and aut-num
are loaded (aut-num only counted); the source of an object is its source:
attribute. Not served: RIPE-style queries (answered with a RIPE-style
error), !m !o !r !j !J !e !f, member-of/mbrs-by-ref, asdot, range operators
on set names, NRTM, RPKI or scope filtering.

Fault modes, for tests of a client's timeouts and error handling. Query a
magic set, AS-FAULT-<MODE>, with !i (with or without ",1") or !a/!a4/!a6
and only that reply is faulty; or start with --fault MODE and the whole
server misbehaves (hang: from the first query on; disconnect, short: the
first A reply of each connection; garbage, slow: every reply). Magic sets
answer AS64496..AS64511 (!i) or the documentation prefixes (!a); they are
not in the data. MODE is one of:
  hang        read queries, never answer (until the client closes, the
              server stops, or 600 s)
  garbage     send bytes that are no IRRd reply instead of the reply
  disconnect  send the A header and half of the data, then close
  short       announce an A length 64 bytes larger than the data sent,
              then stay silent like hang
  slow        send the reply one byte per 100 ms (bgpq4 fails at once
              under --fault slow: it reads !n, !a, !s with one read())

Usage: irrd.py [--port 0] [--reload-signal] [--fault MODE] [--no-a]
               [--sources A,B] [--verbose] FILE...
Once listening it prints "PORT <n>" on stdout (flushed). With
--reload-signal, SIGHUP reloads the files and prints "RELOADED <objects>"
(or "RELOAD FAILED <why>", keeping the old data). SIGTERM or SIGINT stop
it cleanly (exit 0). --no-a answers !a as an IRRd without it (before 4.1)
would, so bgpq4 falls back to !i,1 and !g/!6. --verbose logs each query on
stderr. One thread per connection (at most 64), closed after 30 s idle
(!t changes it); every loop polls a stop flag and has a bound.
"""

import argparse
import ipaddress
import re
import signal
import socket
import sys
import threading
import time
from collections import deque, namedtuple

VERSION = "IRRd -- version 4.4 (rsguard test server tests/irr/irrd.py)"
FAULTS = ("hang", "garbage", "disconnect", "short", "slow")
GARBAGE = b"HTTP/1.1 400 Bad Request\r\n\r\n\x00\xff\xfe not an IRRd reply\n"
FAULT_ASNS = " ".join("AS%d" % n for n in range(64496, 64512))
FAULT_V4 = "192.0.2.0/24 198.51.100.0/24 203.0.113.0/24"
FAULT_V6 = "2001:db8::/32"
HANG_MAX = 600.0        # seconds a hanging connection is held at most
POLL = 0.2              # seconds between checks of the stop flag
MAX_LINE = 65536        # longest query line accepted
MAX_CLIENTS = 64
CLASSES = ("route", "route6", "as-set", "route-set", "aut-num")
NOT_SERVED = "jJmorfe"  # IRRd queries this server does not answer
ASN_RE = re.compile(r"^AS(\d+)$")


# --- RPSL --------------------------------------------------------------

def parse_rpsl(text):
    """Yield each object as a list of [attribute, value] pairs."""
    obj = []
    for line in text.splitlines():
        if line.startswith("%") or line.startswith("#"):
            continue
        if not line.strip():
            if obj:
                yield obj
            obj = []
            continue
        value_part = line.split("#", 1)[0]
        if line[0] in " \t+":
            if obj:
                obj[-1][1] = (obj[-1][1] + " " +
                              value_part[1:].strip()).strip()
            continue
        attr, sep, value = value_part.partition(":")
        if sep:
            obj.append([attr.strip().lower(), value.strip()])
    if obj:
        yield obj


def parse_asn(token):
    """Return the ASN of "AS<n>" (any case) or None."""
    m = ASN_RE.match(token.upper())
    if m and int(m.group(1)) < 2 ** 32:
        return int(m.group(1))
    return None


def parse_prefix(token):
    """Return the network of a prefix, ignoring a range operator, or None."""
    if "/" not in token:
        return None
    try:
        return ipaddress.ip_network(token.split("^", 1)[0], strict=False)
    except ValueError:
        return None


# cls: "as-set" or "route-set"; members: normalised tokens, in file order
RPSLSet = namedtuple("RPSLSet", "cls name members")


class Database:
    """Everything loaded from the files; replaced whole on reload."""

    def __init__(self):
        self.sources = []               # in order of first appearance
        self.sets = {}                  # (NAME, SOURCE) -> RPSLSet
        self.routes = {}                # (SOURCE, asn, 4|6) -> set of networks
        self.count = 0

    def add(self, obj, where):
        cls, key = obj[0][0], obj[0][1]
        if not key or cls not in CLASSES:
            return
        attrs = {}
        for attr, value in obj:
            attrs.setdefault(attr, []).append(value)
        source = " ".join(attrs.get("source", [""])).strip().upper()
        if not source:
            warn("%s: %s %s has no source, skipped" % (where, cls, key))
            return
        if source not in self.sources:
            self.sources.append(source)
        self.count += 1
        if cls in ("as-set", "route-set"):
            members = []
            for value in attrs.get("members", []) + \
                    attrs.get("mp-members", []):
                members += [normalise(t) for t in re.split(r"[,\s]+", value)
                            if t]
            self.sets[(key.upper(), source)] = RPSLSet(cls, key.upper(),
                                                       members)
        elif cls in ("route", "route6"):
            net = parse_prefix(key) if "^" not in key else None
            origin = parse_asn(" ".join(attrs.get("origin", [""])).strip())
            if net is None or origin is None or \
                    (cls == "route") != (net.version == 4):
                warn("%s: bad %s %s, skipped" % (where, cls, key))
                return
            key = (source, origin, net.version)
            self.routes.setdefault(key, set()).add(net)


def normalise(token):
    asn = parse_asn(token)
    if asn is not None:
        return "AS%d" % asn
    return token if parse_prefix(token) else token.upper()


def load(files):
    db = Database()
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for obj in parse_rpsl(f.read()):
                db.add(obj, path)
    return db


def warn(msg):
    print("irrd.py: " + msg, file=sys.stderr, flush=True)


def say(msg):
    """A line for the test that started us; it may have stopped reading."""
    try:
        print(msg, flush=True)
    except OSError:
        pass


# --- queries -----------------------------------------------------------

def sort_key(item):
    asn = parse_asn(item)
    if asn is not None:
        return (0, asn, 0, "")
    net = parse_prefix(item)
    if net is not None:
        return (net.version, int(net.network_address), net.prefixlen, item)
    return (9, 0, 0, item)


def join(items):
    return " ".join(sorted(set(items), key=sort_key))


def find_set(db, name, sources, classes):
    for source in sources:
        s = db.sets.get((name.upper(), source))
        if s is not None and s.cls in classes:
            return s
    return None


def routes_for(db, asns, sources, versions):
    out = set()
    for source in sources:
        for asn in asns:
            for v in versions:
                out |= db.routes.get((source, asn, v), set())
    return [str(n) for n in out]


def resolve(db, root, sources, as_set_only=False):
    """Expand a set recursively: (class, ASNs, prefix members) or None."""
    top = find_set(db, root, sources,
                   ("as-set",) if as_set_only else ("as-set", "route-set"))
    if top is None:
        return None
    classes = ("as-set",) if top.cls == "as-set" else ("as-set", "route-set")
    seen, queue = {top.name}, deque([top])
    asns, prefixes = set(), set()
    while queue:                # each set enters the queue at most once
        for member in queue.popleft().members:
            asn = parse_asn(member)
            if asn is not None:
                asns.add(asn)
            elif parse_prefix(member) is not None:
                prefixes.add(member)
            elif member not in seen:
                seen.add(member)
                sub = find_set(db, member, sources, classes)
                if sub is not None:
                    queue.append(sub)
    return top.cls, asns, prefixes


class Session:
    """The state of one connection: sources, mode, timeout."""

    def __init__(self, server):
        self.server = server
        self.sources = list(server.default_sources or server.db.sources)
        self.multi = False
        self.timeout = 30.0

    def answer(self, query):
        """Return (reply text or None for no reply, fault mode or None)."""
        if query.upper() == "!Q":
            return None, "quit"
        if not query.startswith("!"):
            return ("%% ERROR: RIPE-style queries are not supported by this "
                    "test server\n\n\n"), None
        cmd, arg = query[1:2], query[2:]
        if not cmd:
            return "F Missing IRRD command\n", None
        if cmd in "tg6ijmnors" and not arg:
            return "F Missing parameter for %s query\n" % cmd, None
        try:
            return self.dispatch(cmd, arg)
        except QueryError as e:
            return "F %s\n" % e, None

    def dispatch(self, cmd, arg):
        db = self.server.db
        if cmd == "!":
            self.multi = True
            return None, None
        if cmd == "n":
            return reply(""), None
        if cmd == "v":
            return reply(VERSION), None
        if cmd == "t":
            if not arg.isdigit() or not 1 <= int(arg) <= 1000:
                raise QueryError("Invalid value for timeout: %s" % arg)
            self.timeout = float(arg)
            return reply(""), None
        if cmd == "s":
            if arg == "-lc":
                return reply(",".join(self.sources)), None
            if arg != "-*":
                wanted = [s for s in arg.upper().split(",") if s]
                if not wanted or any(s not in db.sources for s in wanted):
                    raise QueryError("One or more selected sources are "
                                     "unavailable.")
                self.sources = wanted
            return reply(""), None
        if cmd in "g6":
            asn = parse_asn(arg)
            if asn is None:
                raise QueryError('Invalid AS number %s: must be "AS" and a '
                                 'number below 2^32' % arg.upper())
            v = 4 if cmd == "g" else 6
            return reply(join(routes_for(db, [asn], self.sources, [v])),
                         empty="D"), None
        if cmd == "a" and not self.server.no_a:
            versions = [4, 6]
            if arg[:1] in ("4", "6"):
                versions, arg = [int(arg[0])], arg[1:]
            if not arg:
                raise QueryError("Missing required set name for A query")
            fault = magic_fault(arg)
            if fault:
                data = {4: FAULT_V4, 6: FAULT_V6}
                return reply(" ".join(data[v] for v in versions)), fault
            found = resolve(db, arg, self.sources, as_set_only=True)
            nets = routes_for(db, found[1], self.sources, versions) \
                if found else []
            return reply(join(nets), empty="D"), None
        if cmd == "i":
            recursive = arg.endswith(",1")
            name = arg[:-2] if recursive else arg
            fault = magic_fault(name)
            if fault:
                return reply(FAULT_ASNS), fault
            return reply(join(self.members(db, name, recursive)),
                         empty="D"), None
        if cmd in NOT_SERVED:
            raise QueryError("!%s queries are not served by this test "
                             "server" % cmd)
        raise QueryError("Unrecognised command: %s" % cmd)

    def members(self, db, name, recursive):
        if not recursive:
            s = find_set(db, name, self.sources, ("as-set", "route-set"))
            return [m for m in s.members if m != s.name] if s else []
        found = resolve(db, name, self.sources)
        if found is None:
            return []
        cls, asns, prefixes = found
        if cls == "as-set":
            return ["AS%d" % a for a in asns]
        return list(prefixes) + routes_for(db, asns, self.sources, [4, 6])


class QueryError(Exception):
    pass


def reply(data, empty="C"):
    if not data:
        return empty + "\n"
    return "A%d\n%s\nC\n" % (len(data.encode()) + 1, data)


def magic_fault(name):
    upper = name.upper()
    if upper.startswith("AS-FAULT-") and upper[9:].lower() in FAULTS:
        return upper[9:].lower()
    return None


# --- network -----------------------------------------------------------

class Server:
    def __init__(self, args):
        self.files = args.files
        self.db = load(self.files)
        self.default_sources = [s.upper() for s in args.sources.split(",")
                                if s] if args.sources else None
        self.fault = args.fault
        self.no_a = args.no_a
        self.verbose = args.verbose
        self.stop = threading.Event()
        self.reload_wanted = False
        self.clients = {}               # thread -> socket
        self.lock = threading.Lock()

    def serve(self, host, port):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(16)
        listener.settimeout(POLL)
        say("PORT %d" % listener.getsockname()[1])
        while not self.stop.is_set():
            if self.reload_wanted:
                self.reload_wanted = False
                self.reload()
            try:
                conn, peer = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                if self.stop.is_set():
                    break
                raise
            with self.lock:
                if len(self.clients) >= MAX_CLIENTS:
                    conn.close()
                    continue
                t = threading.Thread(target=self.handle, args=(conn, peer),
                                     daemon=True)
                self.clients[t] = conn
            t.start()
        listener.close()
        with self.lock:
            running = list(self.clients.items())
        for t, conn in running:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t, conn in running:
            t.join(timeout=2.0)

    def reload(self):
        try:
            db = load(self.files)
        except (OSError, UnicodeError) as e:
            say("RELOAD FAILED %s" % e)
            return
        self.db = db
        say("RELOADED %d" % db.count)

    def handle(self, conn, peer):
        conn.settimeout(POLL)
        session = Session(self)
        buf = b""
        try:
            idle_since = time.monotonic()
            while not self.stop.is_set():
                if b"\n" not in buf:
                    if len(buf) > MAX_LINE:
                        return
                    if time.monotonic() - idle_since > session.timeout:
                        return
                    try:
                        data = conn.recv(65536)
                    except socket.timeout:
                        continue
                    if not data:
                        return
                    buf += data
                    continue
                line, buf = buf.split(b"\n", 1)
                query = line.decode("utf-8", errors="replace").strip()
                idle_since = time.monotonic()
                if not query:
                    continue
                if self.verbose:
                    warn("%s:%d %s" % (peer[0], peer[1], query))
                text, fault = session.answer(query)
                if fault == "quit":
                    return
                fault = fault or self.server_fault(text)
                if fault == "hang":
                    self.hang(conn)
                    return
                if text is None:
                    continue
                if fault:
                    if not self.misbehave(conn, fault, text.encode()):
                        return
                elif not self.send(conn, text.encode(), session.timeout):
                    return
                if not session.multi:
                    return
        finally:
            conn.close()
            with self.lock:
                self.clients.pop(threading.current_thread(), None)

    def server_fault(self, text):
        """The --fault mode if it applies to this reply (None: no reply)."""
        if self.fault in ("hang", "garbage", "slow"):
            return self.fault if text is not None or self.fault == "hang" \
                else None
        if self.fault and text and text.startswith("A"):
            return self.fault   # disconnect, short: both end the connection
        return None

    def send(self, conn, data, limit):
        """Send all of data; False if the client went or time ran out."""
        view, deadline = memoryview(data), time.monotonic() + limit
        while view:
            if self.stop.is_set() or time.monotonic() > deadline:
                return False
            try:
                view = view[conn.send(view):]
            except socket.timeout:
                continue
            except OSError:
                return False
        return True

    def misbehave(self, conn, mode, data):
        """Send data the faulty way; False when the connection must end."""
        if mode == "garbage":
            return self.send(conn, GARBAGE, 30.0)
        if mode == "slow":
            for i in range(len(data)):
                if not self.send(conn, data[i:i + 1], 30.0) or \
                        self.stop.wait(0.1):
                    return False
            return True
        if mode in ("disconnect", "short"):
            head, _, rest = data.partition(b"\n")
            if not head.startswith(b"A"):
                return self.send(conn, data, 30.0)
            if mode == "disconnect":
                self.send(conn, head + b"\n" + rest[:len(rest) // 2], 30.0)
                return False
            length = int(head[1:]) + 64
            self.send(conn, b"A%d\n" % length + rest, 30.0)
        self.hang(conn)
        return False

    def hang(self, conn):
        """Read and drop queries until the client closes or time is up."""
        end = time.monotonic() + HANG_MAX
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                if not conn.recv(65536):
                    return
            except socket.timeout:
                continue
            except OSError:
                return


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("files", nargs="+", help="RPSL files")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: a free port")
    p.add_argument("--sources", help="default source order, e.g. TEST,RIPE")
    p.add_argument("--reload-signal", action="store_true",
                   help="reload the files on SIGHUP")
    p.add_argument("--fault", choices=FAULTS, help="misbehave on purpose")
    p.add_argument("--no-a", action="store_true",
                   help="answer !a like an IRRd without it")
    p.add_argument("--verbose", action="store_true",
                   help="log every query on stderr")
    args = p.parse_args()
    try:
        server = Server(args)
    except OSError as e:
        warn(str(e))
        return 2
    if args.sources and any(s not in server.db.sources
                            for s in server.default_sources):
        warn("--sources names a source that no file has")
        return 2

    def on_stop(signum, frame):
        server.stop.set()

    def on_hup(signum, frame):
        server.reload_wanted = True

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    if args.reload_signal:
        signal.signal(signal.SIGHUP, on_hup)
    server.serve(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The rsguard authors
"""Check that tests/irr/irrd.py speaks what Debian's bgpq4 speaks.

Starts irrd.py on a free port with tests/data/irr/, runs bgpq4 (-j JSON)
against it for every as-set in constructed.db (IPv4 and IPv6 prefix lists,
-t and -f AS lists), both through IRRd's !a query and through !i,1 plus
!g/!6 (irrd.py --no-a), then source order, client-side recursion (-L),
route-sets, the real RIPE/RADB objects, a reload on SIGHUP and the fault
modes. Prints every result; exits 1 if bgpq4 fails where it should not or
a result differs from what constructed.db says it must be, 77 if bgpq4 is
not installed. Every wait is bounded.

Debian's bgpq4 1.9 takes the port as -h host:port (its -p means "allow
private and documentation ASNs"; without -p it drops AS64496-AS65551 from
the AS lists and from the ASNs of !i,1, so the checks pass -p).
"""

import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "irr")
FILES = [os.path.join(DATA, f) for f in (
    "constructed.db", "ripe.db.route_head_2016.txt",
    "ripe.db.route6_head_2016.txt", "pytinyirrdbcache_ripe.db.sample.txt",
    "pytinyirrdbcache_radb.db.sample.txt")]
SRC = "TEST,TEST2,RIPE"
RUN_TIMEOUT = 20.0      # seconds for one bgpq4 run that should work
HANG_TIMEOUT = 3.0      # seconds before a bgpq4 that waits forever is killed

# Recursive expansion of every as-set in constructed.db with sources
# TEST,TEST2,RIPE (the header of constructed.db says the same).
DEEP = {n: sorted(([65536] if n == 1 else []) + ([65537] if n <= 20 else [])
               + [65551, 559]) for n in range(1, 41)}
EXPECTED_ASNS = {
    "AS-FLAT": [3320, 5425, 64496, 64497, 64498],
    "AS-NEST-1": [1273, 64499, 64500, 64501],
    "AS-NEST-2": [1273, 64500, 64501],
    "AS-NEST-3": [1273, 64501],
    "AS-CYCLE-A": [64502, 64503],
    "AS-CYCLE-B": [64502, 64503],
    "AS-SELF": [64504],
    "AS64496:AS-CUSTOMERS": [5408, 64505, 64506, 64507],
    "AS64496:AS-CUSTOMERS:AS-RESELLER": [5408, 64507],
    "AS-HAS-MISSING": [64508],
    "AS-CONT": [5408, 64509, 64510, 65538, 65539, 65540],
    "AS-MP": [64504, 64511, 65541, 65550],
    "AS-DUPS": [1273, 3320, 5425, 64496, 64497, 64498, 64500, 64501],
    "AS-EMPTY": [],
    "AS-SAME": [64496, 64497],
    "AS-ONLY-TEST2": [65544],
}
EXPECTED_ASNS.update({"AS-DEEP-%d" % n: v for n, v in DEEP.items()})

# Prefix lists worked out by hand from the route objects.
EXPECTED_PREFIXES = {
    ("AS-NEST-1", 4): ["192.0.2.48/28", "192.0.2.64/28", "192.0.2.80/28",
                       "195.2.0.0/19"],
    ("AS-NEST-1", 6): ["2001:db8:1003::/48", "2001:db8:1004::/48",
                       "2001:db8:1005::/48", "2001:5000::/21"],
    ("AS-CYCLE-A", 4): ["192.0.2.96/28", "192.0.2.112/28"],
    ("AS-DEEP-1", 6): ["2001:620::/32", "2001:db8:2000::/48",
                       "2001:db8:2001::/48", "2001:db8:200f::/48",
                       "2002::/16"],
    ("AS-FLAT", 4): ["192.0.2.0/24", "192.0.2.0/28", "192.0.2.16/28",
                     "192.0.2.32/28", "193.103.152.0/22",
                     "194.154.130.0/24", "194.154.131.0/24",
                     "194.154.132.0/24", "194.154.133.0/24",
                     "194.154.134.0/24", "194.154.135.0/24",
                     "194.154.151.0/24", "194.156.145.0/24",
                     "203.0.113.0/24"],
}

failures = []


def check(ok, what, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", what,
                       (": " + detail) if detail else ""), flush=True)
    if not ok:
        failures.append(what)


class IRRd:
    """irrd.py running on a free port; stopped with SIGTERM."""

    def __init__(self, *args, files=FILES, stderr=subprocess.DEVNULL):
        cmd = [sys.executable, os.path.join(HERE, "irrd.py"), "--port", "0"]
        self.proc = subprocess.Popen(cmd + list(args) + files,
                                     stdout=subprocess.PIPE, stderr=stderr,
                                     text=True)
        try:
            self.port = int(self.line("PORT ", 10.0).split()[1])
        except (RuntimeError, ValueError, IndexError):
            self.proc.kill()
            self.proc.wait(timeout=5.0)
            raise

    def line(self, prefix, timeout):
        """The next stdout line starting with prefix, within timeout s."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if ready:
                text = self.proc.stdout.readline()
                if not text:
                    break
                if text.startswith(prefix):
                    return text.strip()
        raise RuntimeError("irrd.py did not print %r" % prefix)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5.0)
            rc = "killed"
        check(rc == 0, "irrd.py exits cleanly on SIGTERM", "rc=%s" % rc)


def bgpq4(port, *args, timeout=RUN_TIMEOUT):
    """Run bgpq4; (rc or 'timeout', stdout, stderr, seconds)."""
    start = time.monotonic()
    try:
        p = subprocess.run(["bgpq4", "-h", "127.0.0.1:%d" % port] +
                           list(args), capture_output=True, text=True,
                           timeout=timeout)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = "timeout", e.stdout or "", e.stderr or ""
    return rc, out, err, time.monotonic() - start


def as_list(port, *args):
    rc, out, err, _ = bgpq4(port, "-p", "-j", "-l", "NN", *args)
    return rc, (json.loads(out)["NN"] if rc == 0 else None), err


def prefixes(port, *args):
    rc, out, err, _ = bgpq4(port, "-p", "-j", "-l", "NN", *args)
    if rc != 0:
        return rc, None, err
    return rc, [p["prefix"] for p in json.loads(out)["NN"]], err


def short(items):
    items = [str(i) for i in items]
    if len(items) > 8:
        return "%d: %s ... %s" % (len(items), " ".join(items[:4]),
                                  " ".join(items[-2:]))
    return "%d: %s" % (len(items), " ".join(items))


def raw(port, queries):
    """Send queries on one connection, return everything received."""
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as s:
        s.sendall("".join(q + "\n" for q in queries).encode())
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                return data.decode()
            data += d


def set_names():
    with open(FILES[0], encoding="utf-8") as f:
        names = re.findall(r"^as-set:\s*(\S+)", f.read(), re.M)
    return list(dict.fromkeys(n.upper() for n in names))


def show_queries():
    """Print what bgpq4 sends (irrd.py --verbose logs every query)."""
    with tempfile.TemporaryFile(mode="w+") as log:
        server = IRRd("--verbose", stderr=log)
        for args in (["-S", SRC, "-j", "-l", "NN", "AS-NEST-1"],
                     ["-S", SRC, "-6", "-j", "-l", "NN", "AS-NEST-1"],
                     ["-S", SRC, "-p", "-t", "-j", "-l", "NN", "AS-NEST-1"],
                     ["-S", SRC, "-p", "-f", "64496", "-j", "AS-NEST-1"],
                     ["-j", "-l", "NN", "AS-NEST-1"],
                     ["-S", SRC, "-j", "-l", "NN", "RS-TEST"],
                     ["-S", SRC, "-j", "-l", "NN", "AS1273"]):
            log.seek(0)
            log.truncate()
            rc, out, err, _ = bgpq4(server.port, *args)
            time.sleep(0.3)     # let the server log the closing !q
            log.seek(0)
            queries = [q.split(" ", 2)[2].strip() for q in log
                       if q.startswith("irrd.py: 127.0.0.1:")]
            check(rc == 0, "bgpq4 %s sends" % " ".join(args),
                  " | ".join(queries))
        server.stop()


def check_protocol(port):
    got = raw(port, ["!!", "!nirrd_check", "!s-lc", "!iAS-NEST-3",
                     "!iAS-NOPE,1", "!gAS65550", "!x", "!q"])
    want = ("C\nA21\nTEST,TEST2,RIPE,RADB\nC\nA15\nAS1273 AS64501\nC\n"
            "D\nD\nF Unrecognised command: x\n")
    check(got == want, "raw protocol: !! !n !s-lc !i D F !q", repr(got))
    got = raw(port, ["!!", "!sTEST,RIPE", "!iRS-TEST,1", "!q"])
    want = ("192.0.2.0/25 192.0.2.80/28 192.0.2.224/28 195.2.0.0/19 "
            "198.51.100.0/29^+ 203.0.113.128/25^26-28 2001:db8:1005::/48 "
            "2001:db8:100e::/48 2001:db8:3000::/36 2001:db8:4000::/46^48 "
            "2001:5000::/21")
    check(got == "C\nA%d\n%s\nC\n" % (len(want) + 1, want),
          "raw !iRS-TEST,1", repr(got))
    got = raw(port, ["!v", "!v"])
    check(got.startswith("A") and got.count("C\n") == 1,
          "without !! one reply, then close", repr(got))


def check_sets(port, port_no_a):
    for name in set_names():
        want = EXPECTED_ASNS.get(name)
        for args in (["-t"], ["-f", "64496"]):
            rc, got, err = as_list(port, "-S", SRC, *args, name)
            check(rc == 0 and got == want, "%s %s" % (" ".join(args), name),
                  short(got) if rc == 0 else "rc=%s %s" % (rc, err.strip()))
        rc, got, err = as_list(port, "-S", SRC, "-t", "-L", "100", name)
        check(rc == 0 and got == want, "-t -L 100 (bgpq4 recurses) " + name,
              short(got) if rc == 0 else "rc=%s %s" % (rc, err.strip()))
        for family in (4, 6):
            fam = ["-6"] if family == 6 else []
            rc, got, err = prefixes(port, "-S", SRC, *fam, name)
            rc2, got2, _ = prefixes(port_no_a, "-S", SRC, *fam, name)
            want_p = EXPECTED_PREFIXES.get((name, family), got)
            check(rc == 0 and got == want_p and got2 == got,
                  "-%d %s (!a%d, and !i,1 + %s the same)" %
                  (family, name, family, "!g" if family == 4 else "!6"),
                  short(got) if rc == 0 else "rc=%s %s" % (rc, err.strip()))


def check_sources(port):
    for src, want in (("TEST,TEST2", [64496, 64497]),
                      ("TEST2,TEST", [1273, 64501, 65542, 65543]),
                      ("TEST2", [65542, 65543])):
        rc, got, err = as_list(port, "-S", src, "-t", "AS-SAME")
        check(got == want, "-S %s -t AS-SAME" % src, short(got or []))
    rc, got, err = as_list(port, "-S", "TEST,TEST2", "-t", "TEST2::AS-SAME")
    check(got == [1273, 64501, 65542, 65543], "-t TEST2::AS-SAME (!sTEST2)",
          short(got or []))
    rc, got, err = as_list(port, "-S", "TEST", "-t", "AS-ONLY-TEST2")
    check(rc == 0 and got == [], "-S TEST -t AS-ONLY-TEST2 (D)",
          short(got or []))
    rc, got, err = prefixes(port, "-S", "TEST2", "AS-SAME")
    check(got == ["192.0.2.0/24", "203.0.113.0/25"],
          "-S TEST2 -4 AS-SAME: routes of TEST2 only", short(got or []))
    rc, got, err = as_list(port, "-S", "TEST", "-t", "-L", "5", "AS-DEEP-1")
    check(got == [65536], "-t -L 5 AS-DEEP-1 stops at depth 5",
          short(got or []))
    rc, out, err, _ = bgpq4(port, "-j", "-S", "NOSUCH", "AS-FLAT")
    check(rc != 0 and "Invalid source" in err, "-S NOSUCH is refused",
          err.strip())


def check_route_sets_and_real(port):
    for name, family, want in (
            ("RS-TEST", 4, {"192.0.2.0/25", "192.0.2.80/28", "192.0.2.224/28",
                            "195.2.0.0/19", "198.51.100.0/29",
                            "198.51.100.7/32", "203.0.113.128/26",
                            "203.0.113.240/28"}),
            # not 2001:db8:4000::/46^48: bgpq4 1.9 (and its master) reads
            # "^48" as lengths 48 to 0 and inserts nothing
            ("RS-TEST", 6, {"2001:db8:3000::/36", "2001:db8:1005::/48",
                            "2001:db8:100e::/48", "2001:5000::/21"}),
            ("AS64496:RS-CUSTOMERS", 4, {"192.0.2.128/25",
                                         "198.51.100.144/28"})):
        fam = ["-6"] if family == 6 else []
        rc, got, err = prefixes(port, "-S", "TEST,RIPE", *fam, name)
        check(rc == 0 and want <= set(got), "-%d %s (!i,1 of a route-set)" %
              (family, name), short(got or []))
    for name, count in (("AS-TMPEBONECWIX", 24), ("AS-LEN", 4),
                        ("AS-OREGON-IX-PEERAGE", 13)):
        rc, got, err = as_list(port, "-S", "RIPE,RADB", "-t", name)
        check(rc == 0 and len(got) == count, "-t %s (real object)" % name,
              short(got or []))
    rc, got, err = prefixes(port, "-S", "RIPE", "AS5425")
    check(rc == 0 and len(got) == 7, "-4 AS5425 (!gas5425, real routes)",
          short(got or []))


def check_reload():
    tmp = tempfile.mkdtemp(prefix="irrd_check.")
    path = os.path.join(tmp, "reload.db")
    obj = "as-set: AS-RELOAD\nmembers: AS%d\nsource: TEST\n"
    try:
        with open(path, "w") as f:
            f.write(obj % 64496)
        server = IRRd("--reload-signal", files=[path])
        rc, before, _ = as_list(server.port, "-t", "AS-RELOAD")
        with open(path, "w") as f:
            f.write(obj % 64497)
        server.proc.send_signal(signal.SIGHUP)
        server.line("RELOADED", 5.0)
        rc, after, _ = as_list(server.port, "-t", "AS-RELOAD")
        check(before == [64496] and after == [64497],
              "SIGHUP reloads the files", "%s -> %s" % (before, after))
        server.stop()
    finally:
        shutil.rmtree(tmp)


def check_faults(port):
    # bgpq4 has no timeout of its own: hang and short would block it forever.
    for mode, expect in (("hang", "timeout"), ("garbage", "error"),
                         ("disconnect", "error"), ("short", "timeout"),
                         ("slow", "ok")):
        rc, out, err, secs = bgpq4(port, "-S", "TEST", "-j",
                                   "AS-FAULT-" + mode.upper(),
                                   timeout=HANG_TIMEOUT if expect == "timeout"
                                   else RUN_TIMEOUT)
        got = "timeout" if rc == "timeout" else "ok" if rc == 0 else "error"
        if mode == "slow":      # the !a4 reply is 50 bytes, 0.1 s each
            got = got if secs > 4.0 and "203.0.113.0" in out else "fast?"
        check(got == expect, "fault %s: bgpq4 %s" % (mode, expect),
              "rc=%s %.1fs %s" % (rc, secs, (err.strip().splitlines() or
                                             [""])[-1]))
    # With --fault slow bgpq4 fails: it reads the replies to !n, !a and !s
    # with one read() each, so a reply split over many reads confuses it.
    for mode, expect in (("hang", "timeout"), ("garbage", "error"),
                         ("disconnect", "error"), ("short", "timeout"),
                         ("slow", "error")):
        server = IRRd("--fault", mode)
        rc, out, err, secs = bgpq4(server.port, "-S", "TEST", "-j",
                                   "AS-FLAT", timeout=HANG_TIMEOUT)
        got = "timeout" if rc == "timeout" else "ok" if rc == 0 else "error"
        check(got == expect, "--fault %s: bgpq4 %s" % (mode, expect),
              "rc=%s %s" % (rc, (err.strip().splitlines() or [""])[-1]))
        server.stop()


def main():
    if shutil.which("bgpq4") is None:
        print("SKIP: bgpq4 is not installed (apt-get install bgpq4)")
        return 77
    print(subprocess.run(["bgpq4", "-v"], capture_output=True, text=True,
                         timeout=5).stdout.splitlines()[1])
    server, no_a = IRRd(), IRRd("--no-a")
    try:
        show_queries()
        check_protocol(server.port)
        check_sets(server.port, no_a.port)
        check_sources(server.port)
        check_route_sets_and_real(server.port)
        check_faults(server.port)
    finally:
        server.stop()
        no_a.stop()
    check_reload()
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

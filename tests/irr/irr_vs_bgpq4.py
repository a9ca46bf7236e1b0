#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026 The rsguard authors
"""rsguard's IRR expansion against Debian's bgpq4, on the same data.

tests/irr/irrd.py serves tests/data/irr/ (constructed sets: nesting,
cycles, 40 levels, hierarchical names, missing members, two sources; the
real RIPE and RADB objects); bgpq4 expands every as-set through it (-t:
the ASNs; -4, -6: the route set, every route object of those ASNs).
irr/expand (rsguard's RPSL reader and expansion, lib/rpsl.c and
lib/irr.c) reads the same files with the same sources. Both must print
the same ASNs and the same prefixes for every set, for three source
orders. Then bgpq4's own -j output of every set (-t, -4, -6, -l SET),
concatenated into one file, is read as sources.bgpq4 reads it
(lib/irrlist.c): every list must hold what bgpq4 printed. Exit 77 if
bgpq4 or the test program is missing.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from irrd_check import FILES, IRRd, as_list, bgpq4, prefixes  # noqa
from irrd_check import set_names  # noqa

EXPAND = os.path.join(os.environ.get("TOP_BUILDDIR", "."), "tests", "irr",
                      "expand")
REAL_SETS = ["AS-TMPEBONECWIX"]
ORDERS = ["TEST,TEST2,RIPE,RADB", "TEST2,TEST,RIPE", "TEST"]


def ours(order, names):
    out = subprocess.run([EXPAND, order] + FILES + ["--"] + names,
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    got = {}
    for text in out.stdout.splitlines():
        name, _, rest = text.partition(" ")
        what, _, items = rest.partition(":")
        got.setdefault(name, {})[what] = items.split()
    return got


def lists(port, order, names):
    """bgpq4 -j of every set into one file, read back by irr/expand
    --bgpq4: (comparisons, differences)."""
    want, checks, fails = {}, 0, 0
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        for name in names:
            want[name] = {}
            for what, arg in (("asns", "-t"), ("ipv4", "-4"),
                              ("ipv6", "-6")):
                rc, out, _, _ = bgpq4(port, "-p", "-j", "-S", order, arg,
                                      "-l", name, name)
                if rc != 0:
                    continue
                f.write(out)
                items = json.loads(out)[name]
                want[name][what] = sorted(
                    i if what == "asns" else i["prefix"] for i in items)
        f.flush()
        out = subprocess.run([EXPAND, "--bgpq4", f.name, "--"] + names,
                             capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        print("FAIL irr/expand --bgpq4: %s" % out.stderr.strip())
        return 1, 1
    got = {}
    for text in out.stdout.splitlines():
        name, _, rest = text.partition(" ")
        what, _, items = rest.partition(":")
        got.setdefault(name, {})[what] = items.split()
    for name in names:
        for what, items in want[name].items():
            mine = got.get(name, {}).get(what, [])
            mine = sorted(int(a) for a in mine) if what == "asns" \
                else sorted(mine)
            checks += 1
            if mine != items:
                fails += 1
                print("FAIL bgpq4 -j %s %s: bgpq4 %s, read back %s"
                      % (name, what, items, mine))
    return checks, fails


def main():
    if not os.path.exists(EXPAND):
        print("SKIP: %s not built" % EXPAND)
        return 77
    if subprocess.run(["sh", "-c", "command -v bgpq4"],
                      capture_output=True).returncode:
        print("SKIP: bgpq4 not installed")
        return 77
    names = set_names() + REAL_SETS
    fails = checks = 0
    server = IRRd()
    try:
        for order in ORDERS:
            mine = ours(order, names)
            for name in names:
                m = mine.get(name, {})
                rc, asns, err = as_list(server.port, "-S", order, "-t", name)
                want = {"asns": sorted(asns) if rc == 0 else None}
                for afi in (4, 6):
                    rc, pfx, err = prefixes(server.port, "-S", order,
                                            "-%d" % afi, name)
                    want["ipv%d" % afi] = sorted(pfx) if rc == 0 else None
                got = {"asns": sorted(int(a) for a in m["asns"])
                       if "asns" in m else [],
                       "ipv4": sorted(m.get("ipv4", [])),
                       "ipv6": sorted(m.get("ipv6", []))}
                for what in ("asns", "ipv4", "ipv6"):
                    checks += 1
                    if want[what] is None or want[what] != got[what]:
                        fails += 1
                        print("FAIL %s %s (sources %s): bgpq4 %s, rsguard "
                              "%s%s" % (name, what, order, want[what],
                                        got[what], " (%s)" % m["error"]
                                        if "error" in m else ""))
        c, f = lists(server.port, ORDERS[0], names)
        print("bgpq4 -j read back: %d lists, %d different" % (c, f))
        checks += c
        fails += f
    finally:
        server.stop()
    print("%d comparisons, %d different" % (checks, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

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
orders. Exit 77 if bgpq4 or the test program is missing.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from irrd_check import FILES, IRRd, as_list, prefixes, set_names  # noqa

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
    finally:
        server.stop()
    print("%d comparisons, %d different" % (checks, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

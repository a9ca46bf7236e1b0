#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# End-to-end: `rsguard table` over the bundled RIS table dump with the real
# VRPs and ASPAs and the demo policy must report exactly what an
# independent implementation (oracle.py, written from the RFCs) computes:
# accepted/filtered totals, RPKI and ASPA states, and the number of routes
# failing each check.
set -eu
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${RSGUARD:?}"
cache="$TOP_BUILDDIR/tests/cache"
vrps="$cache/vrps-20250720T100145Z.json"
table="$cache/bview.20100701.0759.txt"
pdb="$TOP_SRCDIR/tests/data/peeringdb/pdb_net_pages_1-2.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$RSGUARD" table -q -c "$TOP_SRCDIR/tests/data/rsguard-demo.yml" \
    --vrps "$vrps" --show none --json "$table" > "$tmp/rsguard.json"
# The oracle takes a minute of Python; its answer depends only on its
# inputs, so sanitizer and distcheck runs of the same tree share it.
key=$(cat "$TOP_SRCDIR/tests/e2e/oracle.py" "$vrps" "$table" "$pdb" |
    sha256sum | cut -c1-16)
ocache="${TMPDIR:-/tmp}/rsguard-oracle-$key.json"
if [ ! -s "$ocache" ]; then
	python3 "$TOP_SRCDIR/tests/e2e/oracle.py" "$vrps" "$table" "$pdb" \
	    > "$tmp/oracle.json"
	cp "$tmp/oracle.json" "$ocache.$$" && mv "$ocache.$$" "$ocache"
fi
cp "$ocache" "$tmp/oracle.json"
python3 - "$tmp/rsguard.json" "$tmp/oracle.json" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["summary"]
want = json.load(open(sys.argv[2]))
bad = []
for k in ("routes", "accepted", "filtered"):
    if got[k] != want[k]:
        bad.append("%s: rsguard %d, oracle %d" % (k, got[k], want[k]))
for k in ("rpki", "aspa"):
    if got[k] != want[k]:
        bad.append("%s: rsguard %s, oracle %s" % (k, got[k], want[k]))
reasons = {r: v["routes"] for r, v in got["by_reason"].items()}
if reasons != want["by_reason"]:
    bad.append("by_reason: rsguard %s, oracle %s" % (reasons, want["by_reason"]))
if got["routes"] < 600000:
    bad.append("only %d routes read" % got["routes"])
for b in bad:
    print("MISMATCH", b)
print("routes %d, accepted %d, filtered %d, %d reasons compared"
      % (got["routes"], got["accepted"], got["filtered"], len(reasons)))
sys.exit(1 if bad else 0)
PY

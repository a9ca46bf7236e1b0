#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# examples/host.c, built against the installed-style public library, gives
# the documented answers.
set -eu
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}"
host="$TOP_BUILDDIR/examples/host"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/rs.yml" <<'EOY'
general:
  rs_as: 64496
  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}
clients:
  - {asn: 3333, ip: 185.0.0.10}
EOY
vrps="$TOP_SRCDIR/tests/data/check/rpki.json"
"$host" "$tmp/rs.yml" "$vrps" 185.0.0.10 3333 193.0.0.0/21 3333 > "$tmp/a"
grep -qx accept "$tmp/a"
grep -qx "add (64496, 1000, 1)" "$tmp/a"
set +e
"$host" "$tmp/rs.yml" "$vrps" 185.0.0.10 3333 193.0.0.0/24 3333 > "$tmp/b"
rc=$?
set -e
[ "$rc" -eq 1 ]
grep -qx filter "$tmp/b"
grep -q "RPKI invalid (prefix longer than maxLength): 193.0.0.0/21 max 21 AS3333" "$tmp/b"
grep -q "prefix too long" "$tmp/b" && exit 1
# the announcement to one client (rsg_export)
"$host" "$tmp/rs.yml" "$vrps" 185.0.0.10 3333 193.0.0.0/21 3333 \
    185.0.0.30 15169 > "$tmp/d"
grep -qx "to AS15169: announce, prepend 0" "$tmp/d"
echo "host example: ok"

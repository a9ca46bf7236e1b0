#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The rsguard command line from the outside: exit codes, outputs, errors
# with positions, MRT input through Debian's bgpdump, stdin.
set -eu
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${RSGUARD:?}"
data="$TOP_SRCDIR/tests/data"
vrps="$data/check/rpki.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
# expect RC DESCRIPTION COMMAND...: the command's exit status must be RC
expect() {
	want=$1 desc=$2
	shift 2
	set +e
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then ok "$desc"; else
		nok "$desc (exit $got, wanted $want)"
		sed 's/^/# /' "$tmp/out" "$tmp/err"
	fi
}
contains() { # contains FILE TEXT DESC
	if grep -q -- "$2" "$1"; then ok "$3"; else
		nok "$3: no '$2' in"
		sed 's/^/# /' "$1"
	fi
}

cat > "$tmp/rs.yml" <<EOF
general:
  rs_as: 64496
  filtering:
    aspa: {enabled: true}
  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}
sources:
  vrps: ["$vrps"]
clients:
  - asn: 3333
    ip: 185.0.0.10
EOF

# --- check -------------------------------------------------------------
expect 0 "check: a valid route is accepted" \
    "$RSGUARD" check -c "$tmp/rs.yml" --peer 185.0.0.10 --peer-as 3333 \
    193.0.0.0/21 3333
contains "$tmp/out" "accepted 193.0.0.0/21" "check: says accepted"
contains "$tmp/out" "RPKI valid" "check: shows the RPKI state"
contains "$tmp/out" "64496:1000:1" "check: shows the info community"

expect 1 "check: an RPKI-invalid route is filtered" \
    "$RSGUARD" check -c "$tmp/rs.yml" --peer 185.0.0.10 --peer-as 3333 \
    193.0.0.0/22 3333 174
contains "$tmp/out" "RS:1101:13 RPKI invalid (origin mismatch)" \
    "check: explains the RPKI reason"
contains "$tmp/out" "RS:1101:14 transit-free AS174" \
    "check: reports every failing reason"
contains "$tmp/out" "VRP 193.0.0.0/21 max 21 AS3333" "check: lists the VRP"

expect 1 "check --json" \
    "$RSGUARD" check --json -c "$tmp/rs.yml" --peer 185.0.0.10 \
    --peer-as 3333 --next-hop 185.0.0.99 --communities "65535:0 1:2:3" \
    10.0.0.0/8 3333
python3 - "$tmp/out" <<'PY' && ok "check --json: valid JSON with reasons" || nok "check --json"
import json, sys
d = json.load(open(sys.argv[1]))
keys = [r["reason"] for r in d["reasons"]]
assert keys == ["next_hop_not_peer_ip", "bogon_prefix"], keys
assert "graceful_shutdown" in d["flags"], d["flags"]
assert "64496:1101:3" in d["communities"], d["communities"]
assert d["action"] == "tag_and_reject"
PY
if python3 -m json.tool "$tmp/out" > /dev/null; then
	ok "check --json: python3 -m json.tool reads it"
else
	nok "check --json: python3 -m json.tool refuses it"
fi
contains "$tmp/out" '"fix":"set NEXT_HOP to your session address 185.0.0.10' \
    "check --json: a fix for the next hop"
python3 - "$tmp/out" <<'PY' && ok "check --json: the documented schema" || nok "check --json: schema"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 1 and d["version"] == 3, d
assert d["blackhole"] is None and d["std_communities"] == [], d
assert set(d["scrub"]) == {"communities", "ext_communities",
                           "large_communities"}, d["scrub"]
assert d["accepted"] is False
r = d["route"]
assert (r["prefix"], r["peer"], r["peer_as"], r["as_path"], r["next_hop"]) == \
    ("10.0.0.0/8", "185.0.0.10", 3333, "3333", "185.0.0.99"), r
assert r["communities"] == ["65535:0"] and r["large_communities"] == ["1:2:3"], r
for x in d["reasons"]:
    assert set(x) == {"reason", "code", "community", "mode", "text",
                      "details", "fix"}, x
    assert x["fix"] and x["community"] == "64496:1101:%d" % x["code"], x
assert d["reasons"][1]["details"] == {"bogon": "10.0.0.0/8"}, d["reasons"][1]
assert d["client_as"] == 3333 and d["rs_as"] == 64496
PY

# --- blackhole filtering and communities in every form --------------------
sed 's/^  rpki_roas:/  blackhole_filtering:\
    policy_ipv4: rewrite-next-hop\
    rewrite_next_hop_ipv4: 185.0.0.66\
  communities:\
    blackholing: {std: "rs_as:66"}\
    reject_cause: {std: "65520:dyn_val", ext: "rt:rs_as:dyn_val"}\
  rpki_roas:/' "$tmp/rs.yml" > "$tmp/bh.yml"
expect 0 "check: an authorised blackhole /32 is accepted" \
    "$RSGUARD" check -c "$tmp/bh.yml" --peer 185.0.0.10 --peer-as 3333 \
    --communities "64496:66 65520:14" 193.0.0.1/32 3333
contains "$tmp/out" "blackhole request: rewrite the next hop to 185.0.0.66" \
    "check: says the blackhole policy"
contains "$tmp/out" "add standard communities: 65535:666" \
    "check: adds BLACKHOLE"
contains "$tmp/out" "delete the route's own: 65520:14" \
    "check: scrubs a reject cause the client sent"
expect 1 "check: an unauthorised blackhole is filtered" \
    "$RSGUARD" check -c "$tmp/bh.yml" --peer 185.0.0.10 --peer-as 3333 \
    --communities 65535:666 8.8.8.8/32 3333
contains "$tmp/out" "unauthorized blackhole request: no ROA of AS3333" \
    "check: explains the unauthorised blackhole"
contains "$tmp/out" "add standard communities: 65520:0" \
    "check: the reject cause in its standard form"
contains "$tmp/out" "add extended communities: generic:0x0002fbf0:0x00000000" \
    "check: the reject cause in its extended form"

expect 2 "check: a bad prefix is an error" \
    "$RSGUARD" check -c "$tmp/rs.yml" --peer 185.0.0.10 --peer-as 3333 \
    193.0.0.1/21 3333
contains "$tmp/err" "without host bits" "check: says what was expected"
expect 2 "check: a bad path is an error with its column" \
    "$RSGUARD" check -c "$tmp/rs.yml" --peer 185.0.0.10 --peer-as 3333 \
    193.0.0.0/21 "3333 {1"
contains "$tmp/err" "AS_PATH:1:8: missing '}'" "check: path error position"

# --- rov ---------------------------------------------------------------
printf '193.0.0.0/21 3333\n193.0.0.0/21 AS174\n8.8.8.0/24 15169\n' \
    > "$tmp/in"
expect 0 "rov: prefix origin lines" sh -c \
    "\"$RSGUARD\" rov --vrps \"$vrps\" --as-of 2025-07-20 < \"$tmp/in\""
printf '193.0.0.0/21 3333 valid\n193.0.0.0/21 AS174 invalid\n8.8.8.0/24 15169 not-found\n' \
    > "$tmp/want"
if cmp -s "$tmp/out" "$tmp/want"; then ok "rov: states"; else
	nok "rov: states"
	diff "$tmp/want" "$tmp/out" | sed 's/^/# /'
fi
printf '193.0.0.0/21\n' > "$tmp/in"
expect 2 "rov: a bad line is an error" sh -c \
    "\"$RSGUARD\" rov --vrps \"$vrps\" --as-of 2025-07-20 < \"$tmp/in\""
contains "$tmp/err" "stdin:1:" "rov: names the line"
expect 2 "rov: stale VRPs are refused" sh -c \
    "\"$RSGUARD\" rov --vrps \"$vrps\" < /dev/null"
contains "$tmp/err" "stale data: built 2025-07-20T10:01:43Z" \
    "rov: says why the file was refused"
printf '{"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 7}]}' \
    > "$tmp/bad.json"
expect 2 "rov: a malformed VRP file is refused" sh -c \
    "\"$RSGUARD\" rov --vrps \"$tmp/bad.json\" < /dev/null"
contains "$tmp/err" "bad.json:1:" "rov: names the file and line"

# --- config check --------------------------------------------------------
expect 0 "config check: the demo configuration" \
    "$RSGUARD" config check "$data/rsguard-demo.yml"
contains "$tmp/out" "OK" "config check: OK"
printf 'general:\n  rs_as: 64496\n  filtering:\n    max_as_path_len: 0\nclients:\n  - asn: 1\n    ip: nonsense\n  - ip: 192.0.2.1\n' \
    > "$tmp/bad.yml"
expect 2 "config check: errors" "$RSGUARD" config check "$tmp/bad.yml"
contains "$tmp/out" "bad.yml:4:22:" "config check: the first error's position"
contains "$tmp/out" "bad.yml:7:9:" "config check: the second error's position"
contains "$tmp/out" "bad.yml:8:" "config check: the third error"
# arouteserver's split layout through !include, and --explain
mkdir "$tmp/ars"
printf 'cfg:\n  rs_as: 64496\n  router_id: 192.0.2.1\n  filtering:\n    max_as_path_len: 40\n' \
    > "$tmp/ars/general.yml"
printf 'clients:\n  - asn: 64500\n    ip: 192.0.2.10\n    cfg:\n      filtering:\n        next_hop_policy: same-as\n' \
    > "$tmp/ars/clients.yml"
printf '!include general.yml\n!include clients.yml\n' > "$tmp/ars/rsguard.yml"
expect 0 "config check --explain: the split layout" \
    "$RSGUARD" config check --explain "$tmp/ars/rsguard.yml"
contains "$tmp/out" "general.yml:3:3: router_id: not used by rsguard" \
    "config check: a warning names the included file"
contains "$tmp/out" "client AS64500 192.0.2.10" "config check --explain: the client"
contains "$tmp/out" "filtering.next_hop.policy  *same-as  *client" \
    "config check --explain: a value the client set"
contains "$tmp/out" "filtering.max_as_path_len  *40  *general" \
    "config check --explain: a value of the general section"
expect 0 "config keys" "$RSGUARD" config keys
contains "$tmp/out" "cfg.filtering.next_hop_policy" "config keys: an older spelling"
expect 2 "config keys: a bad option" "$RSGUARD" config keys --bogus

# --- table ---------------------------------------------------------------
cat > "$tmp/table.txt" <<'EOF'
TABLE_DUMP2|1277971199|B|185.0.0.10|3333|193.0.0.0/21|3333|IGP|185.0.0.10|0|0||NAG||
TABLE_DUMP2|1277971199|B|185.0.0.10|3333|193.0.0.0/22|3333|IGP|185.0.0.10|0|0||NAG||
TABLE_DUMP2|1277971199|B|185.0.0.10|3333|10.0.0.0/8|3333|IGP|185.0.0.10|0|0||NAG||
BGP4MP|1277971199|W|185.0.0.10|3333|10.0.0.0/8
EOF
expect 0 "table: a text dump" "$RSGUARD" table -c "$tmp/rs.yml" \
    "$tmp/table.txt"
contains "$tmp/out" "routes checked            3" "table: counts routes"
contains "$tmp/out" "filtered                  2" "table: counts filtered"
contains "$tmp/out" "filtered 10.0.0.0/8 from AS3333" "table: lists filtered routes"
expect 0 "table: stdin, JSON" sh -c \
    "\"$RSGUARD\" table --json --show all -c \"$tmp/rs.yml\" - < \"$tmp/table.txt\""
python3 - "$tmp/out" <<'PY' && ok "table --json: summary and routes" || nok "table --json"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert (s["routes"], s["accepted"], s["filtered"], s["not_routes"]) == (3, 1, 2, 1), s
assert s["by_reason"]["rpki_invalid"]["routes"] == 1
assert s["by_reason"]["bogon_prefix"]["code"] == 3
assert len(d["routes"]) == 3
PY
# a peer that is no configured client: checked with the general policy
printf 'TABLE_DUMP2|1277971199|B|185.0.0.77|2497|202.232.0.0/16|2497|IGP|185.0.0.77|0|0||NAG||\n' \
    > "$tmp/unknown.txt"
expect 0 "table: a route from an unknown peer" "$RSGUARD" table --json \
    --show all -c "$tmp/rs.yml" "$tmp/unknown.txt"
python3 - "$tmp/out" <<'PY' && ok "table: unknown peers are checked and counted" || nok "table: unknown peers"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert (s["routes"], s["unknown_clients"], s["malformed"]) == (1, 1, 0), s
assert "unknown_client" in d["routes"][0]["flags"], d["routes"][0]
PY
expect 0 "table: unknown peers in the text summary" "$RSGUARD" table \
    -c "$tmp/rs.yml" "$tmp/unknown.txt"
contains "$tmp/out" "unknown peers             1" "table: says how many peers were unknown"
expect 0 "check: a route from an unknown peer" \
    "$RSGUARD" check -c "$tmp/rs.yml" --peer 185.0.0.77 --peer-as 2497 \
    202.232.0.0/16 2497
contains "$tmp/out" "is not a configured client" "check: says the peer is unknown"
expect 1 "check: a v4-mapped peer address is a malformed route" \
    "$RSGUARD" check -c "$tmp/rs.yml" --peer ::ffff:185.0.0.10 \
    --peer-as 3333 193.0.0.0/21 3333
contains "$tmp/out" "RS:1101:68 malformed peer address: v4-mapped" \
    "check: explains the malformed peer address"
contains "$tmp/err" "RSG_EBADADDR" "check: names the error code"
gzip -c "$tmp/table.txt" > "$tmp/table.txt.gz"
expect 0 "table: gzip-compressed text" "$RSGUARD" table -c "$tmp/rs.yml" \
    --show none "$tmp/table.txt.gz"
contains "$tmp/out" "routes checked            3" "table: reads compressed text"
printf 'TABLE_DUMP2|1|B|185.0.0.10|3333|193.0.0.1/21|3333|IGP||0|0||NAG||\n' \
    >> "$tmp/table.txt"
expect 2 "table: a bad line is reported, the rest checked" \
    "$RSGUARD" table -c "$tmp/rs.yml" --show none "$tmp/table.txt"
contains "$tmp/err" "table.txt:5:" "table: names file and line"
contains "$tmp/out" "routes checked            3" "table: went on"

# --- hostile input: each class a clear error, never taken as empty ------
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7919 >> 3) % 256 for i in range(4096)))' > "$tmp/junk"
printf '[{"asn": 1, "prefix": "10.0.0.0/8"}]\n' > "$tmp/array.json"
for src in /dev/zero "$tmp/dir" "$tmp/junk"; do
	expect 2 "table -: $src on stdin is an error" \
	    "$RSGUARD" table -q -c "$tmp/rs.yml" --show none - < "$src"
	expect 2 "rov: $src on stdin is an error" \
	    "$RSGUARD" rov -c "$tmp/rs.yml" < "$src"
done
contains "$tmp/err" "stdin:1:1: binary data (a NUL byte), not text" \
    "rov: says binary data, with its position"
for src in /dev/zero "$tmp/dir" "$tmp/fifo" "$tmp/junk"; do
	expect 2 "table: $src as the input is an error" \
	    "$RSGUARD" table -q -c "$tmp/rs.yml" --show none "$src"
	contains "$tmp/err" "$src: " "table: names $src"
done
contains "$tmp/err" "neither 'bgpdump -m' text nor MRT" "table: junk said"
python3 -c 'print("10.0.0.0/8 AS" + "1\x1b[31m" * 200000)' > "$tmp/long"
expect 2 "rov: a bad 1.6 MB line is an error" \
    "$RSGUARD" rov -c "$tmp/rs.yml" < "$tmp/long"
if [ "$(wc -c < "$tmp/err")" -lt 400 ] && ! grep -q "$(printf '\033')" "$tmp/err"
then ok "rov: the echoed line is cut and escaped"
else nok "rov: echoed $(wc -c < "$tmp/err") bytes"; fi
python3 -c 'print("1" * 2000000)' > "$tmp/long"
expect 2 "rov: a 2 MB line is refused" \
    "$RSGUARD" rov -c "$tmp/rs.yml" < "$tmp/long"
contains "$tmp/err" "stdin:1: line longer than 1048576 bytes" "rov: says why"
for src in /dev/zero "$tmp/dir" "$tmp/fifo" "$tmp/bad.yml"; do
	sed "s|$vrps|$src|" "$tmp/rs.yml" > "$tmp/bad.yml"
	expect 2 "config check: $src as a VRP source is an error" \
	    "$RSGUARD" config check "$tmp/bad.yml"
	contains "$tmp/out" "bad.yml:7:10: sources.vrps: $src: " \
	    "config check: names the source and its position"
done
for src in /dev/zero "$tmp/dir" "$tmp/fifo" "$tmp/rs.yml" "$tmp/array.json"
do
	expect 2 "rov --vrps $src: an error, at once" \
	    timeout 10 "$RSGUARD" rov --vrps "$src" < /dev/null
	contains "$tmp/err" "$src" "rov --vrps: names $src"
done
contains "$tmp/err" "$tmp/array.json:1:1: a JSON array" "the array said"
# a FIFO replacing a watched source: the worker does not hang, the
# deadline holds
cp "$vrps" "$tmp/v.json"
sed "s|$vrps|$tmp/v.json|" "$tmp/rs.yml" > "$tmp/w.yml"
t0=$(date +%s)
"$RSGUARD" watch -c "$tmp/w.yml" --for 4 > "$tmp/out" 2> "$tmp/err" &
wpid=$!
sleep 1
rm "$tmp/v.json"
mkfifo "$tmp/v.json"
set +e
wait "$wpid"
set -e
if [ $(($(date +%s) - t0)) -le 8 ]; then ok "watch: --for 4 ends with a FIFO"
else nok "watch: took $(($(date +%s) - t0)) s"; fi

# MRT through bgpdump: the bundled RIS updates, against bgpdump's own
# expected output (the parser oracle of the bgpdump project)
if command -v bgpdump > /dev/null 2>&1; then
	expect 0 "table: MRT updates through bgpdump" \
	    "$RSGUARD" table -q -c "$tmp/rs.yml" --show none --json \
	    "$data/bgp/updates.20160811.1600.mrt.gz"
	python3 - "$tmp/out" <<'PY' && ok "table: MRT routes counted" || nok "table: MRT"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
assert s["routes"] == 39256 and s["not_routes"] == 1956 + 22, s
PY
else
	echo "ok - # SKIP bgpdump not installed"
fi

echo "$fails failed"
[ "$fails" -eq 0 ]

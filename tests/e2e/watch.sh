#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# rsguard watch from the outside, against a real RTR cache (StayRTR on
# loopback) and files: publications as the data changes, a broken file
# reported with its position while the last good data stays, SIGHUP
# reloads the configuration, an edit of it is applied without SIGHUP (a
# broken one reported and kept out), SIGUSR1 prints the sources, SIGTERM
# stops; --once and --metrics; --routes checks again only the routes a
# change names and prints the verdicts that changed.
set -eu
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${RSGUARD:?}"
if ! command -v stayrtr > /dev/null 2>&1; then
	echo "stayrtr not installed (apt-get install stayrtr)"
	[ -n "${RSG_TEST_REQUIRE_ALL:-}" ] && exit 1
	exit 77
fi
tmp=$(mktemp -d)
cache_pid="" watch_pid=""
cleanup() {
	[ -n "$watch_pid" ] && kill "$watch_pid" 2> /dev/null || :
	[ -n "$cache_pid" ] && kill "$cache_pid" 2> /dev/null || :
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
slow=${CK_TIMEOUT_MULTIPLIER:-1}

# wait_for FILE TEXT SECONDS DESC: until FILE holds TEXT (bounded)
wait_for() {
	i=0 limit=$(($3 * 10 * slow))
	while [ $i -lt $limit ]; do
		if grep -q -- "$2" "$1" 2> /dev/null; then
			ok "$4"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	nok "$4: no '$2' after $3 s in $1"
	sed 's/^/# /' "$1"
	return 0
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
roa() { # roa ASN PREFIX MAXLEN
	printf '{"asn": %s, "prefix": "%s", "maxLength": %s, "expires": 4102444800}' "$1" "$2" "$3"
}
vrps() { # vrps FILE ROA...
	f=$1
	shift
	{
		printf '{"metadata": {"buildtime": "2026-11-26T00:00:00Z"}, "roas": ['
		sep=""
		for r in "$@"; do printf '%s%s' "$sep" "$r"; sep=", "; done
		printf ']}\n'
	} > "$f.tmp"
	mv "$f.tmp" "$f"
}
vrps "$tmp/cache.json" "$(roa 3333 193.0.0.0/21 21)"
vrps "$tmp/local.json" "$(roa 2497 202.232.0.0/16 24)"

stayrtr -bind "127.0.0.1:$port" -cache "$tmp/cache.json" -checktime=false \
	-metrics.addr= -refresh=1 -log.verbose=false > "$tmp/stayrtr.log" 2>&1 &
cache_pid=$!
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2> /dev/null; do
	i=$((i + 1))
	[ $i -lt $((100 * slow)) ] || { echo "stayrtr did not start"; cat "$tmp/stayrtr.log"; exit 1; }
	sleep 0.1
done

config() { # config MAX_PATH_LEN [CLIENT_LINE [in-place]]
	cat > "$tmp/rs.yml.tmp" <<EOF
general:
  rs_as: 64496
  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}
  filtering: {max_as_path_len: $1}
sources:
  vrps: ["$tmp/local.json"]
  rtr:
    - {host: 127.0.0.1, port: $port}
  rtr_timers: {refresh: 1, retry: 1, expire: 600}
  refresh: 1
clients:
  - {asn: 3333, ip: 185.0.0.10}
${2:-}
EOF
	if [ -n "${3:-}" ]; then
		# as an editor may write it: truncated, then written
		cat "$tmp/rs.yml.tmp" > "$tmp/rs.yml"
		rm "$tmp/rs.yml.tmp"
	else
		mv "$tmp/rs.yml.tmp" "$tmp/rs.yml"
	fi
}
config 64

# --once: the first publication, every source listed, exit 0 when all ok
set +e
"$RSGUARD" watch -c "$tmp/rs.yml" --once > "$tmp/once" 2> "$tmp/once.err"
rc=$?
set -e
if [ $rc -eq 0 ]; then ok "--once exits 0 with every source ok"; else
	nok "--once exit $rc"
	sed 's/^/# /' "$tmp/once" "$tmp/once.err"
fi
for s in "ok  *config $tmp/rs.yml" "ok  *vrps $tmp/local.json, 1 VRPs" \
	"ok  *rtr 127.0.0.1:$port (preference 1), serial [0-9]*, 1 VRPs"; do
	if grep -q -- "$s" "$tmp/once"; then ok "--once lists '$s'"; else
		nok "--once lists '$s'"
		sed 's/^/# /' "$tmp/once"
	fi
done

# the long run, holding three routes of the client as a route server would
# and one of a peer that is no client (checked with the general policy)
route() { # route PREFIX PATH [PEER PEER_AS]
	echo "TABLE_DUMP2|1277971199|B|${3:-185.0.0.10}|${4:-3333}|$1|$2|IGP|${3:-185.0.0.10}|0|0||NAG||"
}
{
	route 193.0.0.0/21 3333
	route 8.8.8.0/24 "3333 8075"
	route 9.9.9.0/24 "3333 19281"
	route 8.8.8.0/24 15169 185.0.0.77 15169
} > "$tmp/routes.txt"
"$RSGUARD" watch -c "$tmp/rs.yml" --for $((120 * slow)) \
	--metrics "$tmp/metrics.prom" --routes "$tmp/routes.txt" \
	> "$tmp/out" 2> "$tmp/err" &
watch_pid=$!
# the first line the watch prints: generation 1, or a later one when the
# RTR cache synced before the watch first read its cursor (they merge)
wait_for "$tmp/out" "generation [0-9][0-9]* " 10 "first publication"
wait_for "$tmp/out" "table rov: .* -> ready" 15 "ROV comes into service"
wait_for "$tmp/out" "source rtr 127.0.0.1:$port (preference 1): .* -> ok" 15 \
	"the RTR cache comes up"
wait_for "$tmp/metrics.prom" "rsguard_vrps{afi=\"ipv4\"} 2" 20 \
	"metrics file: file and RTR VRPs"

# the cache changes: an incremental update, published with what changed
vrps "$tmp/cache.json" "$(roa 3333 193.0.0.0/21 21)" "$(roa 15169 8.8.8.0/24 24)"
wait_for "$tmp/out" "generation [0-9]* (rtr, 1 prefixes" 20 \
	"an RTR update is published with the changed prefix"
wait_for "$tmp/out" "8.8.8.0/24 from 185.0.0.10 AS3333: accept (rpki not-found, [a-z -]*) -> [a-z_]*reject (rpki invalid, [a-z -]*): rpki_invalid" 5 \
	"--routes: the route the new VRP invalidates flips to reject"
wait_for "$tmp/out" "8.8.8.0/24 from 185.0.0.77 AS15169: accept (rpki not-found, [a-z -]*) -> accept (rpki valid, " 5 \
	"--routes: the unknown peer's route it validates is seen too"
wait_for "$tmp/out" "routes: checked 2 of 4 again in [0-9.]* ms: 2 changed" 5 \
	"--routes: those two routes alone are checked again"

# a broken file: reported with its position, the last good data kept
printf '{"roas": [{"asn": 2497, "prefix": ' > "$tmp/local.json"
wait_for "$tmp/out" "source vrps $tmp/local.json: ok -> error" 10 \
	"a broken file is reported"
wait_for "$tmp/out" "$tmp/local.json:1:[0-9]*: " 2 \
	"the error names file, line and column"
kill -USR1 "$watch_pid"
wait_for "$tmp/out" "error  *vrps $tmp/local.json, 1 VRPs" 5 \
	"SIGUSR1: the status keeps the last good count"
vrps "$tmp/local.json" "$(roa 2497 202.232.0.0/16 24)" "$(roa 13335 1.1.1.0/24 24)"
wait_for "$tmp/out" "source vrps $tmp/local.json: error -> ok" 10 \
	"the file recovers"

# SIGHUP: a new general policy; the client and the unknown peers are to
# be checked again, the sources keep running (no table goes out of service)
config 32
kill -HUP "$watch_pid"
wait_for "$tmp/out" "reloading $tmp/rs.yml" 5 "SIGHUP reloads"
wait_for "$tmp/out" "generation [0-9]* (config, 0 prefixes, 1 clients, 0 ASNs changed, unknown peers)" 10 \
	"the new policy is published, naming what it changes"
if grep -q "table rov: ready -> " "$tmp/out"; then
	nok "the reload took ROV out of service"
	sed 's/^/# /' "$tmp/out"
else
	ok "ROV stays in service through the reload"
fi
if grep -q "routes: checked 4 in" "$tmp/out"; then
	ok "--routes: the table is checked whole once"
else
	nok "--routes: no first check of the table"
	sed 's/^/# /' "$tmp/out"
fi

# an edit without SIGHUP, written in place: applied by itself; a broken
# one is reported with its position and kept out, its repair applied
config 32 "  - {asn: 2497, ip: 185.0.0.20}" in-place
wait_for "$tmp/out" "generation [0-9]* (config, [^)]*): .*, 2 clients; built" 10 \
	"an edit of the configuration is applied without SIGHUP"
config banana "  - {asn: 2497, ip: 185.0.0.20}"
wait_for "$tmp/out" "source config $tmp/rs.yml: ok -> error" 10 \
	"a broken edit of the configuration is reported"
wait_for "$tmp/out" "$tmp/rs.yml:4:[0-9]*: " 2 \
	"the error names file, line and column"
config 32 "$(printf '  - {asn: 2497, ip: 185.0.0.20}\n  - {asn: 64500, ip: 185.0.0.30}')"
wait_for "$tmp/out" "source config $tmp/rs.yml: error -> ok" 10 \
	"the repaired configuration is applied"
wait_for "$tmp/out" "generation [0-9]* (config, [^)]*): .*, 3 clients; built" 10 \
	"with the client it adds"

# SIGTERM: a clean stop
kill -TERM "$watch_pid"
i=0
while kill -0 "$watch_pid" 2> /dev/null && [ $i -lt $((100 * slow)) ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$watch_pid" 2> /dev/null; then nok "SIGTERM stops"; else
	set +e
	wait "$watch_pid"
	rc=$?
	set -e
	watch_pid=""
	[ $rc -eq 0 ] && ok "SIGTERM stops, exit 0" || nok "SIGTERM exit $rc"
fi
wait_for "$tmp/out" "stopped" 1 "it says it stopped"

# --once with a source in error: exit 1
printf 'garbage' > "$tmp/local.json"
set +e
"$RSGUARD" watch -c "$tmp/rs.yml" --once > "$tmp/once" 2>&1
rc=$?
set -e
[ $rc -eq 1 ] && ok "--once exits 1 with a source in error" ||
	nok "--once exit $rc with a broken file"

[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }

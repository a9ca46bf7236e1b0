#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The route-server demo (examples/bird-demo.py, the README's first
# command) keeps working: a quick run (500 routes per participant) prints
# every participant with its counts and reasons in plain words, BIRD and
# rsguard agree on every filtered route, and nothing is left behind. A
# second run, stopped with SIGTERM while the sessions are up, tears the lab
# down too.
#
# Output is TAP-like; the exit status is 1 if anything failed, 77 if a part
# is missing (unless RSG_TEST_REQUIRE_ALL).
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR/build}"
fails=0
skip() {
	echo "# skip: $*"
	[ -n "${RSG_TEST_REQUIRE_ALL:-}" ] && exit 1
	exit 77
}
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fails=$((fails + 1)); }
check() { # description, then a command
	desc=$1
	shift
	if "$@"; then ok "$desc"; else nok "$desc"; fi
}

[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
for tool in ip exabgp stayrtr python3; do
	command -v "$tool" > /dev/null || skip "$tool not installed"
done
if ldd "$TOP_BUILDDIR/lib/.libs/librsguard.so.0" | grep -q tsan; then
	# as in e2e.py: BIRD is not built with TSan
	echo "# skip: BIRD does not run under TSan"
	exit 77
fi
if ! bird=$("$TOP_SRCDIR/bird-patches/build-bird.sh" \
    --rsguard-build "$TOP_BUILDDIR"); then
	nok "BIRD 3.3.2 with bird-patches/ builds"
	exit 1
fi
bird=${RSG_TEST_BIRD_DIR:-$(echo "$bird" | tail -n 1)}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# in the background, as the process itself: $! is its pid
demo() {
	exec python3 "$TOP_SRCDIR/examples/bird-demo.py" \
	    --build "$TOP_BUILDDIR" --bird "$bird" --keep "$@"
}
no_traceback() { ! grep -q Traceback "$1"; }
# nothing of the run left: its namespaces (named after its pid) and the
# processes using its directory (printed by --keep)
left_behind() { # pid, output
	ns=$(ip netns list | grep "^rsgdemo$1" || :)
	dir=$(sed -n 's/^files kept in //p' "$2")
	procs=""
	[ -n "$dir" ] && procs=$(pgrep -f "$dir" || :)
	[ -n "$dir" ] && rm -rf "$dir"
	[ -z "$dir" ] && echo "# no 'files kept in' line"
	[ -n "$ns$procs" ] && echo "# left: namespaces $ns, processes $procs"
	[ -n "$dir" ] && [ -z "$ns$procs" ]
}

# --- a quick run -------------------------------------------------------------
demo --quick > "$tmp/out" 2>&1 &
pid=$!
wait $pid
rc=$?
sed 's/^/# /' "$tmp/out"
check "the quick demo exits 0 (status $rc)" [ "$rc" -eq 0 ]
for who in "AS2497  IIJ  202.249.2.169" "AS4777  APNIC/JPNIC  202.249.2.20" \
    "AS42  PCH  202.249.2.183" "AS3856  PCH  202.249.2.184"; do
	check "participant $who: header and counts" \
	    grep -A1 -qx "$who" "$tmp/out"
done
check "500 routes announced by each of AS2497 and AS4777" \
    [ "$(grep -c '^  announced 500   accepted [0-9,]* ([0-9.]*%)   filtered' \
    "$tmp/out")" -eq 2 ]
check "a reason line with its community and count" \
    grep -Eq '^    RS:1101:[0-9]+ +[a-z_]+ +[0-9,]+ routes?$' "$tmp/out"
check "an example in plain words (RPKI invalid, the covering VRP)" \
    grep -Eq '^        RPKI invalid \(.*\): .* max [0-9]+ AS[0-9]+' "$tmp/out"
check "a fix" grep -q '^        fix: ' "$tmp/out"
check "BIRD and rsguard agree on every filtered route" \
    grep -Eq '^BIRD and rsguard agree on all [0-9,]+ filtered routes' \
    "$tmp/out"
check "no traceback" no_traceback "$tmp/out"
check "the quick run left nothing behind" left_behind $pid "$tmp/out"

# --- stopped with SIGTERM --------------------------------------------------------
demo --quick > "$tmp/term" 2>&1 &
pid=$!
i=0
while [ $i -lt 120 ] && ! grep -q "BGP sessions established" "$tmp/term"; do
	sleep 0.5
	i=$((i + 1))
done
kill -TERM $pid
wait $pid
rc=$?
sed 's/^/# /' "$tmp/term"
check "SIGTERM with the sessions up: exit status 143 ($rc)" [ "$rc" -eq 143 ]
check "SIGTERM: no traceback" no_traceback "$tmp/term"
check "SIGTERM: nothing left behind" left_behind $pid "$tmp/term"

[ "$fails" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make fuzz: run libFuzzer targets one after the other, each for
# FUZZ_SECONDS (default 60), or for an equal share of FUZZ_TOTAL seconds.
#
#   fuzz.sh CORPORA WORKDIR NAME...
#
# Each target reads CORPORA/NAME (seeds and former crashers) and writes
# the new inputs it finds to WORKDIR/NAME/new. A crash, leak, timeout or
# out-of-memory input is copied into CORPORA/NAME, so that every replay
# (make check) runs it from then on, and the run fails. The summary gives
# the executions of each target; WORKDIR/NAME/log has libFuzzer's output.
set -u
corpora=$1 work=$2
shift 2
if [ -n "${FUZZ_TOTAL:-}" ]; then
	secs=$((FUZZ_TOTAL / $#))
else
	secs=${FUZZ_SECONDS:-60}
fi
[ "$secs" -ge 1 ] || secs=1
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Largest input per target: well above the largest real file part that
# matters (a VRP dump's objects, a config with many clients, long lines).
max_len()
{
	case $1 in
	rpki_json | rpki_csv | slurm | peeringdb | arin) echo 131072 ;;
	config) echo 65536 ;;
	pfxfile) echo 32768 ;;
	route) echo 8192 ;;
	verdict) echo 4096 ;;
	rtr | whois) echo 2048 ;;
	path) echo 16384 ;;
	*) echo 65536 ;;
	esac
}

failed=""
total=0
printf 'fuzz: %-10s %7s %12s %9s %5s %7s %s\n' target seconds executions \
    execs/s new rss_mb crashes
for name in "$@"; do
	d=$work/$name
	mkdir -p "$d/new" "$d/crashes"
	./fuzz/fuzz_"$name" -max_len="$(max_len "$name")" \
	    -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$d/crashes/" \
	    "$d/new" "$corpora/$name" > "$d/log" 2>&1
	rc=$?
	stat()
	{
		sed -n "s/^stat::$1: *//p" "$d/log" | tail -1
	}
	execs=$(stat number_of_executed_units)
	crashes=0
	for f in "$d"/crashes/*; do
		[ -f "$f" ] || continue
		cp "$f" "$corpora/$name/"
		echo "fuzz: $name: $f added to $corpora/$name" >&2
		crashes=$((crashes + 1))
		rm -f "$f"
	done
	printf 'fuzz: %-10s %7s %12s %9s %5s %7s %s\n' "$name" "$secs" \
	    "${execs:-?}" "$(stat average_exec_per_sec)" \
	    "$(stat new_units_added)" "$(stat peak_rss_mb)" "$crashes"
	total=$((total + ${execs:-0}))
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		echo "==== fuzz: $name failed (exit $rc):" >&2
		tail -60 "$d/log" >&2
		failed="$failed $name"
	fi
done
echo "fuzz: $total executions in all"
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed" >&2
	exit 1
fi

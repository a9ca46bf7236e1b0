#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The whole test suite on a fresh Debian machine: install what is missing,
# build (out of tree) and run make check: unit tests (Check), public
# header and export checks, fuzz corpus replays, and the end-to-end tests
# against real data and an independent oracle.
#
#   tests/run.sh                      build/ , plain
#   tests/run.sh --sanitize=LIST      build-LIST/ , -fsanitize=LIST
#   tests/run.sh --distcheck          make distcheck as well
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sanitize="" distcheck=""
for a in "$@"; do
	case "$a" in
	--sanitize=*) sanitize=${a#--sanitize=} ;;
	--distcheck) distcheck=yes ;;
	*) echo "usage: $0 [--sanitize=LIST] [--distcheck]" >&2; exit 2 ;;
	esac
done
"$top/examples/install-deps.sh"
cd "$top"
[ -x configure ] || autoreconf -fi
dir=build${sanitize:+-$(echo "$sanitize" | tr , -)}
mkdir -p "$dir"
cd "$dir"
if [ ! -f Makefile ]; then
	if [ -n "$sanitize" ]; then
		../configure --enable-werror --with-sanitize="$sanitize"
	else
		../configure --enable-werror
	fi
fi
make -j"$(nproc)"
# every test runs: a missing tool (stayrtr) is a failure, not a skip
export RSG_TEST_REQUIRE_ALL=1
# ASan/UBSan: fail on the first report; TSan likewise
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
# sanitizers run code 2-15 times slower: so may the tests
if [ -n "$sanitize" ]; then
	export CK_TIMEOUT_MULTIPLIER="${CK_TIMEOUT_MULTIPLIER:-5}"
fi
if ! make -j"$(nproc)" check; then
	for f in $(find . -name '*.log' -path '*tests*' | sort); do
		if grep -q -E '^(FAIL|ERROR)' "${f%.log}.trs" 2>/dev/null; then
			echo "==== $f"; tail -50 "$f"
		fi
	done
	exit 1
fi
if [ -n "$distcheck" ]; then
	make distcheck
fi

#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Test driver of make check under --enable-fuzzing (LOG_COMPILER): a
# libFuzzer program replays its corpus, every input once (-runs=0: no
# fuzzing, so it ends); any other test runs as it is.
prog=$1
shift
case "${prog##*/}" in
fuzz_*)
	name=${prog##*/fuzz_}
	exec "$prog" -runs=0 -timeout=60 -rss_limit_mb=2048 "$@" \
	    "${FUZZ_CORPORA:?}/$name"
	;;
*)
	exec "$prog" "$@"
	;;
esac

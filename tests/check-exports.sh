#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The library exports exactly the public API: the functions declared with
# RSG_EXPORT in include/rsguard.h, the version script lib/librsguard.map
# and the dynamic symbol table of librsguard.so must name the same set.
set -eu
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}"
so="$TOP_BUILDDIR/lib/.libs/librsguard.so"
[ -f "$so" ] || { echo "no $so (static-only build?)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tr '\n' ' ' < "$TOP_SRCDIR/include/rsguard.h" | tr ';' '\n' |
    grep 'RSG_EXPORT' | grep -o 'rsg_[a-z0-9_]*(' | tr -d '(' |
    sort -u > "$tmp/header"
grep -o '^[[:space:]]*rsg_[a-z0-9_]*;' "$TOP_SRCDIR/lib/librsguard.map" |
    tr -d ' \t;' | sort -u > "$tmp/map"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRW]$/ {print $3}' |
    sed 's/@.*//' | grep -v '^RSG_0$' | sort -u > "$tmp/so"
status=0
if ! diff -u "$tmp/header" "$tmp/map"; then
	echo "FAIL: header prototypes and librsguard.map differ"
	status=1
fi
if ! diff -u "$tmp/map" "$tmp/so"; then
	echo "FAIL: librsguard.map and the exported symbols differ"
	status=1
fi
echo "$(wc -l < "$tmp/so") exported symbols checked"
exit $status

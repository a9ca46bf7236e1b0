#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Get BIRD 3.3.2's source from Debian's archive (bird3 3.3.2-1~bpo13+1 in
# trixie-backports), apply the series in bird-patches/, build it and keep
# the result in a cache. Prints the directory of the build: DIR/sbin/bird,
# DIR/sbin/birdc.
#
#   build-bird.sh [--rsguard-build DIR | --without-rsguard] [--cache DIR]
#
# --rsguard-build DIR  link librsguard from a build tree of this project
#                      (DIR/lib/.libs); run BIRD with LD_LIBRARY_PATH
#                      naming the lib/.libs of any build tree (plain or
#                      sanitized: the binary is the same). The default is
#                      the installed librsguard found by pkg-config.
# --without-rsguard    the patched tree built without the library (BIRD
#                      then refuses rsguard statements at parse time)
# --cache DIR          where builds and the source are kept (default
#                      $RSG_BIRD_CACHE, else /var/cache/rsguard-bird as
#                      root, else ~/.cache/rsguard-bird)
#
# A build is reused while the patches, librsguard's headers and this script
# are the same. BIRD links librsguard dynamically: a rebuilt library needs
# no rebuilt BIRD (LD_LIBRARY_PATH picks it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
version=3.3.2
debversion=3.3.2-1~bpo13+1

mode=installed rsg_build=""
if [ "$(id -u)" -eq 0 ]; then
	cache=${RSG_BIRD_CACHE:-/var/cache/rsguard-bird}
else
	cache=${RSG_BIRD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rsguard-bird}
fi
while [ $# -gt 0 ]; do
	case $1 in
	--rsguard-build) mode=build rsg_build=$(cd "$2" && pwd); shift ;;
	--without-rsguard) mode=none ;;
	--cache) cache=$2; shift ;;
	*) echo "usage: $0 [--rsguard-build DIR | --without-rsguard]" \
	    "[--cache DIR]" >&2; exit 2 ;;
	esac
	shift
done

say() { echo "build-bird: $*" >&2; }
die() { say "$*"; exit 1; }

# What the build depends on: the series, the library's headers, us.
key=$( (echo "$version $mode"; cat "$0" "$here"/*.patch \
    "$top"/include/rsguard.h "$top"/include/rsguard/*.h) |
    sha256sum | cut -c1-16)
out=$cache/bird-$version-$mode-$key
if [ -x "$out/sbin/bird" ] && [ -x "$out/sbin/birdc" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$cache/src"
# One build at a time: tests run in parallel (make -j check) may all ask
# for the same build; the ones that waited find it done.
exec 9> "$cache/lock"
flock 9
if [ -x "$out/sbin/bird" ] && [ -x "$out/sbin/birdc" ]; then
	echo "$out"
	exit 0
fi

# The source package, fetched once. Source lines for trixie-backports are
# made from the first stanza of the machine's own Debian sources, so no
# mirror is named here.
dsc=$cache/src/bird3_$(echo "$debversion" | sed 's/^[0-9]*://').dsc
if [ ! -f "$dsc" ]; then
	command -v dpkg-source > /dev/null || die "dpkg-source missing" \
	    "(apt-get install dpkg-dev)"
	list=/etc/apt/sources.list.d/rsguard-bird-src.sources
	if ! (cd "$cache/src" && apt-get source -q --download-only \
	    "bird3=$debversion") > /dev/null 2>&1; then
		[ "$(id -u)" -eq 0 ] || die "cannot fetch bird3 $debversion:" \
		    "as root this script adds $list"
		main=/etc/apt/sources.list.d/debian.sources
		[ -f "$main" ] || die "no $main to take the archive from"
		awk 'BEGIN { RS = ""; ORS = "\n" } NR == 1' "$main" |
		    grep -v '^#' |
		    sed -e 's/^Types:.*/Types: deb-src/' \
			-e 's/^Suites:.*/Suites: trixie-backports/' > "$list"
		apt-get update -q > /dev/null ||
		    die "apt-get update failed"
		(cd "$cache/src" && apt-get source -q --download-only \
		    "bird3=$debversion") > /dev/null ||
		    die "apt-get source bird3=$debversion failed"
	fi
fi
[ -f "$dsc" ] || die "$dsc missing after the download"

work=$(mktemp -d "$cache/work.XXXXXX")
trap 'rm -rf "$work"' EXIT
dpkg-source -q -x "$dsc" "$work/bird" > /dev/null 2>&1 ||
    die "dpkg-source -x $dsc failed"
cd "$work/bird"
for p in "$here"/*.patch; do
	patch -p1 -s --no-backup-if-mismatch < "$p" ||
	    die "$(basename "$p") does not apply to BIRD $version"
done

case $mode in
none) flags="" ;;
build)
	# an uninstalled librsguard: headers from the source tree (and the
	# build tree's generated one), the library from lib/.libs
	srcdir=$(sed -n 's/^abs_top_srcdir = //p' "$rsg_build/Makefile")
	mkdir -p "$work/pc"
	cat > "$work/pc/rsguard.pc" <<-EOF
	Name: rsguard
	Description: librsguard from the build tree $rsg_build
	Version: 0
	Libs: -L$rsg_build/lib/.libs -lrsguard
	Cflags: -I$srcdir/include -I$rsg_build/include
	EOF
	export PKG_CONFIG_PATH="$work/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
	flags=--with-rsguard ;;
*) flags=--with-rsguard ;;
esac

say "building BIRD $version ($mode) in $out"
autoreconf -fi > "$work/log" 2>&1 || { cat "$work/log" >&2; die autoreconf; }
# shellcheck disable=SC2086
./configure -q --prefix="$out" --sysconfdir="$out/etc" \
    --runstatedir="$out/run" $flags >> "$work/log" 2>&1 ||
    { tail -30 "$work/log" >&2; die configure; }
make -j"$(nproc)" >> "$work/log" 2>&1 || { tail -40 "$work/log" >&2; die make; }
rm -rf "$out.new"
make install prefix="$out.new" sysconfdir="$out.new/etc" \
    runstatedir="$out.new/run" >> "$work/log" 2>&1 ||
    { tail -20 "$work/log" >&2; die "make install"; }
rm -rf "$out"
mv "$out.new" "$out"
# builds of older series or headers are of no use any more, once no test
# can be running them (an hour)
find "$cache" -maxdepth 1 -name "bird-$version-$mode-*" ! -path "$out" \
    -mmin +60 -exec rm -rf {} + 2> /dev/null || :
echo "$out"

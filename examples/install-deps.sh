#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Install what building and testing rsguard needs on Debian (bookworm).
# Runs apt-get as root, or through sudo.
set -eu
PACKAGES="gcc make autoconf automake libtool pkg-config autoconf-archive
	librtr-dev libuv1-dev libbsd-dev check libyaml-dev liburcu-dev
	bgpdump bzip2 gzip python3 clang libclang-rt-14-dev valgrind
	clang-format stayrtr openssh-client bgpq4 libmicrohttpd-dev
	exabgp iproute2 dpkg-dev bison flex m4 libreadline-dev libncurses-dev
	chromium"
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	run=""
elif command -v sudo > /dev/null 2>&1; then
	run="sudo"
else
	echo "install-deps: need root (or sudo) to install:$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing"
$run apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $run apt-get install -y -q --no-install-recommends $missing

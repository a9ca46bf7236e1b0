#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The main job on a fresh Debian machine: install the dependencies, build
# rsguard and BIRD 3.3.2 with bird-patches/, and run the route-server demo
# (examples/bird-demo.py): BIRD as the route server of the DIX-IE peering
# LAN in network namespaces, the LAN's peers as ExaBGP participants
# announcing their routes from a RIPE RIS dump of 2010, StayRTR serving
# rpki-client's VRPs of 2025. It prints, per participant, the routes
# accepted and filtered with every reason in plain words. Then the whole
# dump (641,957 routes) through the rsguard CLI (make demo).
#
#   examples/demo.sh [bird-demo.py options: --routes N, --all-routes,
#                     --examples K, --all-examples, --quick]
#
# The route-server demo needs root (network namespaces); without it only
# the CLI part runs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/examples/install-deps.sh"
cd "$top"
[ -x configure ] || autoreconf -fi
mkdir -p build
cd build
[ -f Makefile ] || ../configure
echo "demo: building rsguard"
make -s -j"$(nproc)" > /dev/null
if [ "$(id -u)" -eq 0 ]; then
	echo "demo: BIRD 3.3.2 with bird-patches/ (built once, then cached)"
	bird=$("$top/bird-patches/build-bird.sh" --rsguard-build .)
	bird=$(echo "$bird" | tail -n 1)
	echo
	python3 "$top/examples/bird-demo.py" --build "$PWD" --bird "$bird" "$@"
	echo
	echo "The whole dump, all 641,957 routes, through the rsguard CLI" \
	    "(make demo):"
else
	echo "demo: not root: the route-server demo (BIRD, ExaBGP, StayRTR)" \
	    "needs root for its network namespaces: run examples/demo.sh" \
	    "as root. Here is the CLI's view instead: the whole dump, all" \
	    "641,957 routes, through rsguard table (make demo):" >&2
fi
make -s -C tests demo

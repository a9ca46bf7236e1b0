#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The main job on a fresh Debian machine: install the dependencies, build
# rsguard, and check a real table dump (a RIPE RIS view of 641,957 routes)
# with real RPKI data (rpki-client, 723,524 VRPs and 100 ASPAs) under the
# demo policy, printing the filtered routes by reason.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/examples/install-deps.sh"
cd "$top"
[ -x configure ] || autoreconf -fi
mkdir -p build
cd build
[ -f Makefile ] || ../configure
make -j"$(nproc)"
make demo

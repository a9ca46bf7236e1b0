#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""ExaBGP API process: keep what the peer receives from the route server.

Reads ExaBGP's JSON messages (encoder json, receive parsed update) on
stdin and keeps, per prefix, the attributes of the route last announced
(withdrawals remove it). After each message the whole table is written
to STATE (a JSON object: prefix -> {next_hop, as_path, communities,
large_communities, extended_communities}), replaced atomically, so that
a test reads a consistent view at any time.
"""
import json
import os
import sys


def attrs_of(attr, next_hop):
    out = {"next_hop": next_hop}
    out["as_path"] = [int(a) for a in attr.get("as-path", [])]
    out["communities"] = sorted(
        "%d:%d" % (c[0], c[1]) for c in attr.get("community", []))
    out["large_communities"] = sorted(
        "%d:%d:%d" % tuple(c) for c in attr.get("large-community", []))
    out["extended_communities"] = sorted(
        str(c.get("string", c.get("value")))
        for c in attr.get("extended-community", []))
    return out


def main():
    state = sys.argv[1]
    table = {}
    for line in sys.stdin:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("type") != "update":
            continue
        update = msg.get("neighbor", {}).get("message", {}).get("update", {})
        attr = update.get("attribute", {})
        for fams in update.get("withdraw", {}).values():
            for route in fams:
                table.pop(route.get("nlri", route) if isinstance(route, dict)
                          else route, None)
        for fams in update.get("announce", {}).values():
            for next_hop, routes in fams.items():
                for route in routes:
                    prefix = route["nlri"] if isinstance(route, dict) else route
                    table[prefix] = attrs_of(attr, next_hop)
        tmp = state + ".tmp"
        with open(tmp, "w") as f:
            json.dump(table, f, sort_keys=True)
        os.replace(tmp, state)


if __name__ == "__main__":
    main()

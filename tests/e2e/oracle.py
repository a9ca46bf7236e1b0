#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Independent computation of what `rsguard table` must report for the
bundled demo (tests/data/rsguard-demo.yml) over the bundled table dump.

Written from the specifications (RFC 6811, draft-ietf-sidrops-aspa-
verification-27, manrs-requirements §4.B/§5/§6), sharing no code with the
library: naive dictionaries instead of rsguard's tables. Prints the
summary as JSON: routes, accepted, filtered, rpki states, aspa states and
the number of routes failing each check (keys as in rsguard's JSON).

usage: oracle.py VRPS.json TABLE.txt PEERINGDB.json
"""
import ipaddress
import json
import sys

# The demo policy (rsguard-demo.yml), spelled out.
CLIENTS = {"202.249.2.169": 2497, "202.249.2.20": 4777,
           "202.249.2.183": 42, "202.249.2.184": 3856}
V4_MIN, V4_MAX, MAX_PATH = 8, 24, 32
TRANSIT_FREE = {174, 701, 1299, 2914, 3257, 3320, 3356, 3491, 4134, 5511,
                6453, 6461, 6762, 6830, 7018, 12956}
BOGONS_V4 = [ipaddress.ip_network(p) for p in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
    "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4")]
PEERING_LAN = ipaddress.ip_network("202.249.2.0/24")


def bogon_asn(a):
    return a == 0 or a == 23456 or 64496 <= a <= 131071 or a >= 4200000000


def main():
    vrps_path, table_path, pdb_path = sys.argv[1:4]
    data = json.load(open(vrps_path))
    # ROV: {(version, length): {network int: [(asn, maxlen), ...]}}
    vrps = {}
    for r in data["roas"]:
        asn = r["asn"]
        if isinstance(asn, str):
            asn = int(asn.upper().lstrip("AS"))
        n = ipaddress.ip_network(r["prefix"])
        key = (n.version, n.prefixlen)
        vrps.setdefault(key, {}).setdefault(int(n.network_address), []) \
            .append((asn, r.get("maxLength", n.prefixlen)))
    aspa = {}
    for a in data.get("aspas", []):
        aspa.setdefault(a["customer_asid"], set()).update(a["providers"])
    never_via = {n["asn"] for n in json.load(open(pdb_path))["data"]
                 if n.get("info_never_via_route_servers")}

    def rov(net, origin):
        covered = False
        addr = int(net.network_address)
        bits = net.max_prefixlen
        for plen in range(0, net.prefixlen + 1):
            table = vrps.get((net.version, plen))
            if not table:
                continue
            masked = addr >> (bits - plen) << (bits - plen) if plen else 0
            for asn, maxlen in table.get(masked, ()):
                covered = True
                if origin is not None and asn == origin and asn != 0 \
                        and net.prefixlen <= maxlen:
                    return "valid"
        return "invalid" if covered else "not-found"

    def aspa_upstream(segs, neighbor):
        # draft -27 §5.4, receiver = RS (not an RS client)
        if not segs:
            return "invalid"
        if segs[0][0] != "seq" or segs[0][1][0] != neighbor:
            return "invalid"
        if any(t != "seq" for t, _ in segs):
            return "invalid"
        path = [a for _, asns in segs for a in asns]
        comp = [a for i, a in enumerate(path) if i == 0 or a != path[i - 1]]
        result = "valid"
        for k in range(len(comp) - 1):
            cust, prov = comp[k + 1], comp[k]
            if cust not in aspa:
                result = "unknown" if result == "valid" else result
            elif prov not in aspa[cust]:
                return "invalid"
        return result

    out = {"routes": 0, "accepted": 0, "filtered": 0, "by_reason": {},
           "rpki": {"valid": 0, "invalid": 0, "not-found": 0,
                    "not-checked": 0},
           "aspa": {"valid": 0, "invalid": 0, "unknown": 0,
                    "not-checked": 0}}

    def fail(reasons, key):
        reasons.append(key)

    for line in open(table_path):
        f = line.rstrip("\n").split("|")
        if len(f) < 12 or f[2] not in ("B", "A"):
            continue
        peer, peer_as = f[3], int(f[4])
        net = ipaddress.ip_network(f[5])
        nh = f[8]
        # AS path: sequences, {sets}
        segs = []
        for tok in f[6].replace("{", " { ").replace("}", " } ").split():
            if tok == "{":
                segs.append(("set", []))
            elif tok == "}":
                segs.append(("seq", []))
            else:
                for a in tok.split(","):
                    if a:
                        if not segs:
                            segs.append(("seq", []))
                        segs[-1][1].append(int(a))
        segs = [(t, a) for t, a in segs if a]
        asns = [a for _, s in segs for a in s]
        plen = sum(len(a) if t == "seq" else 1 for t, a in segs)
        origin = segs[-1][1][-1] if segs and segs[-1][0] == "seq" else None
        client = peer_as  # unknown peers: the general policy, peer AS
        reasons = []
        if net.version != ipaddress.ip_address(peer).version:
            fail(reasons, "afi_mismatch")
        if nh and nh != peer:
            fail(reasons, "next_hop_not_peer_ip")
        if not asns:
            fail(reasons, "as_path_too_short")
        elif segs[0][0] != "seq" or segs[0][1][0] != client:
            fail(reasons, "first_as_not_peer_as")
        if plen > MAX_PATH:
            fail(reasons, "as_path_too_long")
        if any(t != "seq" for t, _ in segs):
            fail(reasons, "as_set_in_path")
        if any(bogon_asn(a) for a in asns):
            fail(reasons, "bogon_asn")
        if any(a in TRANSIT_FREE and a != client for a in asns[1:]):
            fail(reasons, "transit_free_asn")
        if any(a in never_via and a != client for a in asns):
            fail(reasons, "never_via_route_servers")
        if net.prefixlen == 0:
            fail(reasons, "default_route")
        elif any(net.subnet_of(b) for b in BOGONS_V4):
            fail(reasons, "bogon_prefix")
        if net.subnet_of(PEERING_LAN):
            fail(reasons, "peering_lan")
        state = rov(net, origin)
        out["rpki"][state] += 1
        if state == "invalid":
            fail(reasons, "rpki_invalid")
        if net.prefixlen > V4_MAX:
            fail(reasons, "prefix_too_long")
        elif net.prefixlen < V4_MIN:
            fail(reasons, "prefix_too_short")
        astate = aspa_upstream(segs, client)
        out["aspa"][astate] += 1
        if astate == "invalid":
            fail(reasons, "aspa_invalid")
        ncomm = len(f[11].split()) if f[11] else 0
        if ncomm >= 100:
            fail(reasons, "too_many_communities")
        out["routes"] += 1
        # too_many_communities only tags; everything else rejects
        if any(r != "too_many_communities" for r in reasons):
            out["filtered"] += 1
        else:
            out["accepted"] += 1
        for r in reasons:
            out["by_reason"][r] = out["by_reason"].get(r, 0) + 1
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()

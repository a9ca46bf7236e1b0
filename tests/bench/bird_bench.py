#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""BIRD with rsguard under a real table: what a VRP change costs, and
what rsguard's import costs BIRD against the same checks written in
BIRD's own filter language.

    bird_bench.py VRPS.json TABLE.txt

VRPS.json is rpki-client's JSON (the bundled 2025-07-20 run), TABLE.txt
the bundled RIS dump in bgpdump -m form (two full feeds of 2010: AS2497
and AS4777 on the DIX-IE LAN, 202.249.2.0/24). `make bench-bird` passes
both. Needs root (network namespaces), StayRTR and BIRD built with
bird-patches/ (build-bird.sh, cached); prints `name: value` lines.

The LAN is a bridge in a namespace of its own, the route server's; the
participants share a second namespace, one address each on the LAN.
They are bgpfeed.py sessions sending the dump's routes as pre-encoded
UPDATEs (ExaBGP's own encoding would take the wall time). Each feed is split
over RSG_BIRD_SESSIONS/2 sessions of its AS (default 10 sessions in
all), every route with its session's address as next hop, as a client
announces its routes to a route server. The VRPs, their "expires" moved
to 2100 (StayRTR drops expired ones), are served by StayRTR to BIRD's
RPKI protocol, and read by rsguard as a file source (StayRTR takes over
ten seconds to take in a change of this file: the flips below would time
StayRTR).

Two route-server configurations, the same BIRD, the same feed, runs
interleaved (RSG_BIRD_RUNS each, default 5):
- rsguard: rsguard_import() and rsguard_export() with the demo policy
  (tests/data/rsguard-demo.yml) and examples/general.yml's control
  communities;
- native: the same checks as arouteserver writes them for BIRD, per
  client: next hop, AS_PATH length, left-most ASN, invalid and
  transit-free ASNs, never-via-route-servers ASNs (the same PeeringDB
  file), bogons, origin in the client's AS-SET and prefix in its R-SET
  (IRR-like sets made from what each AS announces), roa_check() against
  ROA tables filled by BIRD's RPKI protocol from the same StayRTR,
  prefix length, graceful shutdown; the export filters honour the same
  control communities.
Both carry the same IRR data for the same clients, arouteserver-sized:
RSG_BIRD_IRR_CLIENTS clients in all (default 600, the issue's anchor of
600 clients and 457k IRR prefixes): the sessions above, whose AS-SETs
are what their AS announces, and idle clients (configured, never
connected, as most of an IXP's clients are to one route-server run)
whose AS-SETs split the table's other origin ASes among them, with the
prefixes those originate. Native BIRD gets them as BIRD sets, one ASN
set and one prefix set per AS-SET, as arouteserver writes them; rsguard
as bgpq4 -j lists (sources.bgpq4) named as the clients' AS-SETs.
bird_memory_ratio is native BIRD's RSS over BIRD+rsguard's, routes
loaded; bird_memory_ratio_idle the same before the feed (configuration
and data only).
BIRD's CPU time (utime+stime of /proc/PID/stat, all its threads) is
counted from the start of the feed until every route is imported or
filtered and BIRD is idle again (its exports done), less BIRD's idle
rate measured just before.

Then, on the last rsguard run, one VRP is added to rsguard's VRP file
and removed again, RSG_BIRD_FLIPS times (default 3): an AS0 VRP on a
real prefix that rsguard accepted (RPKI not found), covering a few real
routes. Timed from the file's replacement until birdc shows the route
filtered (or accepted again); the routes BIRD re-evaluated are the
growth of the "Import updates: received" counters of all sessions. The
same with one ASPA record (bird_reeval_aspa_*): an ASN without a record,
in the AS_PATH of a few real routes, gets one whose only provider is in
no path; rsguard reports the ASN, and BIRD walks its tables for the routes
through it.

RSG_BENCH_KEEP=1 keeps the files (configurations, logs) and says where;
RSG_BENCH_HOLD=SECONDS keeps the lab up that long at the end;
RSG_BIRD_PERF=DIR records a perf profile of BIRD during each feed;
RSG_BIRD_ONLY=rsguard|native runs one configuration only;
RSG_BIRD_SETTLE="100 ms 1 s" sets the marker tables' digest settle time.
"""
import bisect
import collections
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

TOP_SRCDIR = os.environ.get("TOP_SRCDIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TOP_BUILDDIR = os.environ.get("TOP_BUILDDIR", os.path.join(TOP_SRCDIR, "build"))
HERE = os.path.dirname(os.path.abspath(__file__))

RUNS = int(os.environ.get("RSG_BIRD_RUNS", "5"))
SESSIONS = int(os.environ.get("RSG_BIRD_SESSIONS", "10"))
FLIPS = int(os.environ.get("RSG_BIRD_FLIPS", "3"))
IRR_CLIENTS = int(os.environ.get("RSG_BIRD_IRR_CLIENTS", "600"))
LG = os.environ.get("RSG_BIRD_LG", "1") != "0"   # rsguard lg's lines
LG_RUNS = 3
ONLY = os.environ.get("RSG_BIRD_ONLY")      # rsguard | native: debugging
# the marker tables' digest settle time (examples/bird.conf's)
SETTLE = os.environ.get("RSG_BIRD_SETTLE", "1 s 5 s")

RS_AS = 64496
RS_IP = "202.249.2.1"
# The two full feeds of the dump, by their peer address; the extra
# routers of each AS get the next addresses.
FEEDS = {2497: "202.249.2.169", 4777: "202.249.2.20"}
MAX_PREFIX = 170000
PEERINGDB = os.path.join(TOP_SRCDIR, "tests", "data", "peeringdb",
                         "pdb_net_pages_1-2.json")
TRANSIT_FREE = [174, 701, 1299, 2914, 3257, 3320, 3356, 3491, 4134, 5511,
                6453, 6461, 6762, 6830, 7018, 12956]   # rsguard's default
BOGONS4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
           "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
           "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
           "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"]
NEVER_EXPIRES = 4102444800      # 2100-01-01

TICK = os.sysconf("SC_CLK_TCK")
LG_PORT = 29184


def say(*args):
    print("#", *args, file=sys.stderr, flush=True)


def line(name, value):
    if isinstance(value, float):
        value = "%.3f" % value if value < 100 else "%.1f" % value
    print("%s: %s" % (name, value), flush=True)


def run(*cmd, check_rc=True, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, **kw)
    if check_rc and r.returncode:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), r.returncode,
                                                 r.stdout))
    return r.stdout


def wait_until(timeout, cond, step=0.2):
    end = time.monotonic() + timeout
    while True:
        r = cond()
        if r or time.monotonic() > end:
            return r
        time.sleep(step)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --- the table ---------------------------------------------------------------

ORIGINS = {"IGP": 0, "EGP": 1, "INCOMPLETE": 2}


def load_table(path):
    """The two full feeds: {asn: [(prefix, path, origin, atomic,
    aggregator, communities)]}, and what was left out, counted."""
    feeds = {asn: [] for asn in FEEDS}
    left = collections.Counter()
    with open(path) as f:
        for text in f:
            x = text.rstrip("\n").split("|")
            if len(x) < 14:
                left["malformed"] += 1
                continue
            asn = int(x[4])
            if FEEDS.get(asn) != x[3]:
                left["other peers"] += 1
                continue
            if "{" in x[6]:
                left["AS_SET"] += 1     # bgpfeed.py writes AS_SEQUENCEs only
                continue
            if ":" in x[5]:
                left["IPv6"] += 1
                continue
            feeds[asn].append((x[5], tuple(int(a) for a in x[6].split()),
                               ORIGINS[x[7]], x[12] == "AG", x[13],
                               x[11]))
    return feeds, left


def sessions_of(feeds):
    """[(name, asn, address, routes)]: each feed split over its
    sessions, route i to session i mod n."""
    per_as = max(1, SESSIONS // len(FEEDS))
    out = []
    for asn in sorted(feeds):
        base = ipaddress.ip_address(FEEDS[asn])
        for k in range(per_as):
            out.append(("AS%d_%d" % (asn, k + 1), asn, str(base + k),
                        feeds[asn][k::per_as]))
    return out


def attr(flags, code, data):
    if len(data) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(data)) + data
    return struct.pack("!BBB", flags, code, len(data)) + data


def path_attrs(route, next_hop):
    _, path, origin, atomic, aggregator, comms = route
    a = attr(0x40, 1, bytes([origin]))
    segs = b""
    for i in range(0, len(path), 255):
        part = path[i:i + 255]
        segs += bytes([2, len(part)]) + struct.pack("!%dI" % len(part), *part)
    a += attr(0x40, 2, segs)
    a += attr(0x40, 3, socket.inet_aton(next_hop))
    if atomic:
        a += attr(0x40, 6, b"")
    if aggregator:
        asn, ip = aggregator.split()
        a += attr(0xC0, 7, struct.pack("!I", int(asn)) + socket.inet_aton(ip))
    if comms:
        a += attr(0xC0, 8, b"".join(
            struct.pack("!HH", *(int(v) for v in c.split(":")))
            for c in comms.split()))
    return a


def encode_updates(routes, next_hop, out):
    """The routes as BGP UPDATEs (4-octet AS_PATH), those with the same
    attributes packed together as a router would, into file out."""
    groups = collections.OrderedDict()
    for r in routes:
        key = r[1:]
        groups.setdefault(key, []).append(r[0])
    n = 0
    with open(out, "wb") as f:
        for key, prefixes in groups.items():
            attrs = path_attrs((None,) + key, next_hop)
            head = struct.pack("!HH", 0, len(attrs)) + attrs
            nlri = b""
            for p in prefixes:
                addr, plen = p.split("/")
                plen = int(plen)
                item = bytes([plen]) + socket.inet_aton(addr)[:(plen + 7) // 8]
                if 19 + len(head) + len(nlri) + len(item) > 4096:
                    f.write(b"\xff" * 16 + struct.pack(
                        "!HB", 19 + len(head) + len(nlri), 2) + head + nlri)
                    n += 1
                    nlri = b""
                nlri += item
            f.write(b"\xff" * 16 + struct.pack(
                "!HB", 19 + len(head) + len(nlri), 2) + head + nlri)
            n += 1
    return n


def net_of(prefix):
    addr, plen = prefix.split("/")
    return struct.unpack("!I", socket.inet_aton(addr))[0], int(plen)


# --- the VRPs ----------------------------------------------------------------

ROA_RE = re.compile(r'"asn": (\d+), "prefix": "([0-9.]+/\d+)", '
                    r'"maxLength": (\d+)')


def vrp_file(src):
    """The VRPs as they are, "expires" in 2100 (StayRTR drops expired
    ones). Returns the text and the IPv4 VRP prefixes as {length:
    set(network)}."""
    with open(src) as f:
        text = f.read()
    text = re.sub(r'"expires": \d+', '"expires": %d' % NEVER_EXPIRES, text)
    covered = collections.defaultdict(set)
    for m in ROA_RE.finditer(text):
        net, plen = net_of(m.group(2))
        covered[plen].add(net)
    return text, covered


def with_vrp(text, asn, prefix, maxlen):
    """The file with one more VRP, first in "roas"."""
    i = text.index('"roas": [') + len('"roas": [')
    roa = ('\n\t\t{ "asn": %d, "prefix": "%s", "maxLength": %d, '
           '"ta": "bench", "expires": %d },' % (asn, prefix, maxlen,
                                                  NEVER_EXPIRES))
    return text[:i] + roa + text[i:]


def with_aspa(text, customer, providers):
    """The file with one more ASPA record, first in "aspas"."""
    i = text.index('"aspas": [') + len('"aspas": [')
    rec = ('\n\t\t{ "customer_asid": %d, "expires": %d, "providers": [ %s ] },'
           % (customer, NEVER_EXPIRES, ", ".join(str(a) for a in providers)))
    return text[:i] + rec + text[i:]


def aspa_candidates(sessions, text):
    """ASNs with no ASPA record yet that are in the AS_PATH of 6 to 60
    routes (over all sessions), never first: [(asn, routes, [(prefix,
    session)])], those in most routes first."""
    have = {int(a) for a in re.findall(r'"customer_asid": (\d+)', text)}
    skip = have | set(TRANSIT_FREE) | set(never_via_rs_asns())
    routes = collections.defaultdict(list)
    for name, asn, _, rs in sessions:
        for r in rs:
            for x in set(r[1][1:]):
                if x != asn and x not in skip:
                    routes[x].append((r[0], name))
    out = [(x, len(v), v) for x, v in routes.items() if 6 <= len(v) <= 60]
    out.sort(key=lambda c: (-c[1], c[0]))
    return out


def not_found(net, plen, vrp_nets):
    for l in range(0, plen + 1):
        mask = (0xFFFFFFFF << (32 - l)) & 0xFFFFFFFF if l else 0
        if (net & mask) in vrp_nets.get(l, ()):
            return False
    return True


def flip_candidates(sessions, vrp_nets):
    """Prefixes /16 to /22 that no VRP covers, with the routes inside
    them (theirs and their more-specifics, over all sessions): those
    covering 6 to 60 routes first, in address order."""
    nets = sorted(net_of(r[0]) + (name,) for name, _, _, routes in sessions
                  for r in routes)
    keys = [(n, l) for n, l, _ in nets]
    seen, out = set(), []
    for net, plen, _ in nets:
        if not 16 <= plen <= 22 or (net, plen) in seen:
            continue
        seen.add((net, plen))
        end = net + (1 << (32 - plen))
        lo = bisect.bisect_left(keys, (net, 0))
        hi = bisect.bisect_left(keys, (end, 0))
        inside = [x for x in nets[lo:hi] if x[1] >= plen]
        if not 6 <= len(inside) <= 60 or not not_found(net, plen, vrp_nets):
            continue
        out.append(("%s/%d" % (socket.inet_ntoa(struct.pack("!I", net)), plen),
                    len(inside), sorted({x[2] for x in inside
                                         if x[:2] == (net, plen)})))
    return out


# --- configurations ----------------------------------------------------------

def never_via_rs_asns():
    with open(PEERINGDB) as f:
        nets = json.load(f)["data"]
    return sorted(n["asn"] for n in nets if n.get("info_never_via_route_servers"))


def irr_clients(sessions):
    """Every client's IRR data: [(name, asn, address, set name, asns,
    prefixes)], the sessions' (what their AS announces) first, then the
    idle clients'."""
    out, per_as = [], {}
    for _, asn, _, routes in sessions:
        d = per_as.setdefault(asn, (set(), set()))
        d[0].update(r[1][-1] for r in routes)
        d[1].update(r[0] for r in routes)
    for name, asn, ip, _ in sessions:
        out.append((name, asn, ip, "AS-BENCH-%d" % asn, {asn} | per_as[asn][0],
                    per_as[asn][1]))
    by_origin = collections.defaultdict(set)
    for _, _, _, routes in sessions:
        for r in routes:
            by_origin[r[1][-1]].add(r[0])
    origins = sorted(set(by_origin) - set(per_as))
    idle = max(0, IRR_CLIENTS - len(sessions))
    for k in range(min(idle, len(origins))):
        group = origins[k::idle]
        asn = group[0]
        ip = "10.100.%d.%d" % (k // 250, k % 250 + 1)
        out.append(("idle_%d" % (k + 1), asn, ip, "AS-BENCH-%d" % asn,
                    set(group), set().union(*(by_origin[a] for a in group))))
    return out


def bgpq4_json(clients, path):
    """The clients' AS-SETs as bgpq4 -j prints them (-4, then -t)."""
    done = set()
    with open(path, "w") as f:
        for _, _, _, name, asns, prefixes in clients:
            if name in done:
                continue
            done.add(name)
            f.write('{ "%s": [\n' % name + ",\n".join(
                '    { "prefix": "%s", "exact": true }' % p.replace("/", "\\/")
                for p in sorted(prefixes, key=net_of)) + "\n] }\n")
            f.write('{"%s": [\n  ' % name + ",".join(
                str(a) for a in sorted(asns)) + "\n]}\n")


def rsguard_yml(sessions, vrps, clients, irr):
    text = """\
# bird_bench.py: the demo policy (tests/data/rsguard-demo.yml), with
# examples/general.yml's control communities; PeeringDB max-prefix off
# (each test session carries a share of a full table)
general:
  rs_as: %(rs_as)d
  filtering:
    next_hop: {policy: strict}
    ipv4_pref_len: {min: 8, max: 24}
    ipv6_pref_len: {min: 12, max: 48}
    max_as_path_len: 32
    reject_invalid_as_in_as_path: true
    transit_free: {action: reject}
    never_via_route_servers: {peering_db: true}
    rpki_bgp_origin_validation: {enabled: true, reject_invalid: true}
    aspa: {enabled: true}
    roles: {enabled: true}
    reject_policy: {policy: tag_and_reject}
    peering_lans: ["202.249.2.0/24"]
    max_prefix:
      peering_db: {enabled: false}
      general_limit_ipv4: %(limit)d
  graceful_shutdown: {enabled: true}
  communities:
    reject_cause: {lrg: "rs_as:65520:dyn_val"}
    do_not_announce_to_any: {std: "0:rs_as", lrg: "rs_as:0:0"}
    do_not_announce_to_peer: {std: "0:peer_as", lrg: "rs_as:0:peer_as"}
    announce_to_peer: {std: "rs_as:peer_as", lrg: "rs_as:1:peer_as"}
    prepend_once_to_peer: {lrg: "rs_as:101:peer_as"}
    prepend_twice_to_peer: {lrg: "rs_as:102:peer_as"}
    prepend_thrice_to_peer: {lrg: "rs_as:103:peer_as"}
  rpki_roas:
    ignore_cache_files_older_than: 0
    check_expires: false
sources:
  peeringdb: "%(pdb)s"
  vrps: ["%(vrps)s"]
  bgpq4: ["%(irr)s"]
  refresh: 0              # read again when they change, only
looking_glass:            # rsguard lg, on BIRD's restricted socket
  bird_socket: "%(lg_socket)s"
  port: %(lg_port)d
  rate_limit: 0           # the bench's clients are many, from one address
clients:
""" % {"rs_as": RS_AS, "limit": MAX_PREFIX, "pdb": PEERINGDB, "vrps": vrps,
       "irr": irr, "lg_socket": os.path.join(os.path.dirname(irr), "lg.ctl"),
       "lg_port": LG_PORT}
    for name, asn, ip, set_name, _, _ in clients:
        text += ("  - {asn: %d, ip: %s, description: \"%s\", cfg: {filtering: "
                 "{irrdb: {as_sets: [\"%s\"]}}}}\n" % (asn, ip, name, set_name))
    return text


BIRD_COMMON = """\
log "%(log)s" all;
router id %(rs_ip)s;

# sorted tables and "secondary" in the sessions: path hiding mitigated
ipv4 table master4 sorted;
ipv6 table master6 sorted;

protocol device { scan time 10; }

template bgp rs_member {
  local %(rs_ip)s as %(rs_as)d;
  rs client;
  interpret communities off;
  passive on;
  hold time 240;
  allow as sets on;
}
"""

BIRD_RSGUARD = """
# rsguard's marker tables (examples/bird.conf)
ipv4 table rsguard4 { digest settle time %(settle)s; };
ipv6 table rsguard6 { digest settle time %(settle)s; };

protocol rsguard rsg {
  ipv4 { table rsguard4; };
  ipv6 { table rsguard6; };
  filename "%(yml)s";
}

filter rs_import {
  if rsguard_import(rsg) then accept;
  reject;
}
"""

BIRD_RSGUARD_SESSION = """
protocol bgp %(name)s from rs_member {
  neighbor %(ip)s as %(asn)d;
  ipv4 {
    import table on;
    import filter rs_import;
    export where rsguard_export(rsg, %(ip)s, %(asn)d);
    secondary on;
  };
}
"""

# The native route server: arouteserver's checks and their order, as
# BIRD filter code of this project's own (reject policy "reject", no log
# message per route).
BIRD_NATIVE = """
define rs_as = %(rs_as)d;

roa4 table rpki4;
roa6 table rpki6;

protocol rpki rpki_cache {
  roa4 { table rpki4; };
  roa6 { table rpki6; };
  remote 127.0.0.1 port %(port)d;
  retry keep 5;
  refresh keep 3600;
  expire keep 7200;
}

# IANA special-purpose space (rsguard's built-in list)
define BOGONS_4 = [ %(bogons)s ];

# reserved, documentation and private ASNs
define INVALID_ASNS = [ 0, 23456, 64496..64511, 64512..65534, 65535,
  65536..65551, 65552..131071, 4200000000..4294967294, 4294967295 ];

define TRANSIT_FREE_ASNS = [ %(transit_free)s ];

# networks that never peer via route servers (PeeringDB)
define NEVER_VIA_RS_ASNS = [ %(never_via_rs)s ];

function prefix_is_bogon() -> bool
{
  return net ~ BOGONS_4;
}

function prefix_len_is_valid(int pref_len_min; int pref_len_max) -> bool
{
  if net.len < pref_len_min then return false;
  if net.len > pref_len_max then return false;
  return true;
}

function as_path_contains_invalid_asn() -> bool
{
  return bgp_path ~ INVALID_ASNS;
}

# a transit-free ASN anywhere but first
function as_path_contains_transit_free_asn() -> bool
{
  if bgp_path.first ~ TRANSIT_FREE_ASNS then return false;
  return bgp_path ~ TRANSIT_FREE_ASNS;
}

function as_path_contains_never_via_rs_asn() -> bool
{
  return bgp_path ~ NEVER_VIA_RS_ASNS;
}

# the route server's own communities, from a client: removed
function scrub_communities_in()
{
  bgp_large_community.delete([(rs_as, 1000..1002, *), (rs_as, 65520, *)]);
}

# the control communities: not passed on
function scrub_communities_out()
{
  bgp_community.delete([(0, *), (rs_as, *)]);
  bgp_large_community.delete([(rs_as, 0, *), (rs_as, 1, *),
                              (rs_as, 101..103, *)]);
}

function is_blackhole_filtering_request() -> bool
{
  if (65535, 666) ~ bgp_community then return true;
  return false;
}

# RPKI origin validation, its state as a large community (Euro-IX)
function perform_rpki_validation()
{
  case roa_check(rpki4, net, bgp_path.last) {
    ROA_VALID: bgp_large_community.add((rs_as, 1000, 1));
    ROA_UNKNOWN: bgp_large_community.add((rs_as, 1000, 2));
    ROA_INVALID: bgp_large_community.add((rs_as, 1000, 4));
  }
}

function route_is_rpki_invalid() -> bool
{
  return (rs_as, 1000, 4) ~ bgp_large_community;
}

function honor_graceful_shutdown()
{
  if (65535, 0) ~ bgp_community then bgp_local_pref = 0;
}

function route_can_be_announced_to(int peer_as) -> bool
{
  if (0, peer_as) ~ bgp_community then return false;
  if (rs_as, 0, peer_as) ~ bgp_large_community then return false;
  if (rs_as, peer_as) ~ bgp_community then return true;
  if (rs_as, 1, peer_as) ~ bgp_large_community then return true;
  if (0, rs_as) ~ bgp_community then return false;
  if (rs_as, 0, 0) ~ bgp_large_community then return false;
  return true;
}

function apply_prepend(int peer_as)
{
  if (rs_as, 101, peer_as) ~ bgp_large_community then
    bgp_path.prepend(bgp_path.first);
  if (rs_as, 102, peer_as) ~ bgp_large_community then {
    bgp_path.prepend(bgp_path.first);
    bgp_path.prepend(bgp_path.first);
  }
  if (rs_as, 103, peer_as) ~ bgp_large_community then {
    bgp_path.prepend(bgp_path.first);
    bgp_path.prepend(bgp_path.first);
    bgp_path.prepend(bgp_path.first);
  }
}
"""

BIRD_NATIVE_IRR = """
# %(set)s: its origins (bgpq4 -t) and their prefixes (bgpq4 -4)
define AS_SET_AS%(asn)d_asns = [
  %(asns)s
];
define AS_SET_AS%(asn)d_prefixes_4 = [
  %(prefixes)s
];
"""

BIRD_NATIVE_SESSION = """
function next_hop_is_valid_for_%(name)s() -> bool
{
  if bgp_next_hop = %(ip)s then return true;
  return false;
}

function origin_as_is_in_%(name)s_as_set() -> bool
{
  if bgp_path.last ~ AS_SET_AS%(asn)d_asns then return true;
  return false;
}

function prefix_is_in_%(name)s_as_set() -> bool
{
  if net ~ AS_SET_AS%(asn)d_prefixes_4 then return true;
  return false;
}

filter receive_from_%(name)s {
  if source != RTS_BGP then reject;
  scrub_communities_in();
  if !next_hop_is_valid_for_%(name)s() then reject;
  if bgp_path.len > 32 then reject;
  if bgp_path.first != %(asn)d then reject;
  if as_path_contains_invalid_asn() then reject;
  if as_path_contains_transit_free_asn() then reject;
  if as_path_contains_never_via_rs_asn() then reject;
  if prefix_is_bogon() then reject;
  if !origin_as_is_in_%(name)s_as_set() then reject;
  if !prefix_is_in_%(name)s_as_set() then reject;
  # no blackhole policy: a request is rejected
  if is_blackhole_filtering_request() then reject;
  perform_rpki_validation();
  if route_is_rpki_invalid() then reject;
  if !prefix_len_is_valid(8, 24) then reject;
  honor_graceful_shutdown();
  accept;
}

filter announce_to_%(name)s {
  if (rs_as, 65520, 0) ~ bgp_large_community then reject;
  if is_blackhole_filtering_request() then reject;
  if route_is_rpki_invalid() then reject;
  if !route_can_be_announced_to(%(asn)d) then reject;
  apply_prepend(%(asn)d);
  scrub_communities_out();
  accept;
}

protocol bgp %(name)s from rs_member {
  neighbor %(ip)s as %(asn)d;
  ipv4 {
    import table on;
    import filter receive_from_%(name)s;
    export filter announce_to_%(name)s;
    secondary on;
    import limit %(limit)d action restart;
  };
}
"""


def joined(items, per_line=8):
    items = list(items)
    return ",\n  ".join(", ".join(items[i:i + per_line])
                        for i in range(0, len(items), per_line))


def bird_conf(kind, clients, tmp, rtr_port, log):
    text = BIRD_COMMON % {"log": log, "rs_ip": RS_IP, "rs_as": RS_AS}
    if kind == "rsguard":
        text += BIRD_RSGUARD % {"yml": os.path.join(tmp, "rsguard.yml"),
                                "settle": SETTLE}
        # rsguard lg's socket: BIRD's restricted CLI
        text += 'cli "%s" { restrict; };\n' % os.path.join(tmp, "lg.ctl")
        for name, asn, ip, _, _, _ in clients:
            text += BIRD_RSGUARD_SESSION % {"name": name, "asn": asn, "ip": ip}
        return text
    text += BIRD_NATIVE % {
        "rs_as": RS_AS, "port": rtr_port,
        "bogons": ", ".join(b + "+" for b in BOGONS4),
        "transit_free": joined(str(a) for a in TRANSIT_FREE),
        "never_via_rs": joined(str(a) for a in never_via_rs_asns())}
    done = set()
    for _, asn, _, set_name, asns, prefixes in clients:
        if set_name in done:
            continue
        done.add(set_name)
        text += BIRD_NATIVE_IRR % {
            "asn": asn, "set": set_name,
            "asns": joined(str(a) for a in sorted(asns)),
            "prefixes": joined(sorted(prefixes, key=net_of), 4)}
    for name, asn, ip, _, _, _ in clients:
        text += BIRD_NATIVE_SESSION % {"name": name, "asn": asn, "ip": ip,
                                       "limit": MAX_PREFIX}
    return text


# --- the lab -----------------------------------------------------------------

class Lab:
    """Two namespaces (the route server's with the LAN bridge and
    StayRTR, the participants'), the processes, their files."""

    def __init__(self, bird_dir, tmp):
        self.bird_dir, self.tmp = bird_dir, tmp
        tag = "rsgb%d" % os.getpid()
        self.rs_ns, self.peer_ns = tag + "rs", tag + "p"
        self.procs = {}
        self.rtr_port = free_port()
        self.made = []

    def net(self, addresses):
        rs, pn = ["ip", "-n", self.rs_ns], ["ip", "-n", self.peer_ns]
        for ns in (self.rs_ns, self.peer_ns):
            run("ip", "netns", "add", ns)
            self.made.append(ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        run(*rs, "link", "add", "ix", "type", "bridge")
        run(*rs, "addr", "add", RS_IP + "/24", "dev", "ix")
        run(*rs, "link", "set", "ix", "up")
        run(*rs, "link", "add", "v0", "type", "veth", "peer", "name", "eth0",
            "netns", self.peer_ns)
        run(*rs, "link", "set", "v0", "master", "ix", "up")
        for a in addresses:
            run(*pn, "addr", "add", a + "/24", "dev", "eth0")
        run(*pn, "link", "set", "eth0", "up")

    def spawn(self, name, ns, cmd, env=None):
        log = open(os.path.join(self.tmp, name + ".log"), "a")
        self.procs[name] = subprocess.Popen(
            ["ip", "netns", "exec", ns] + cmd, stdout=log,
            stderr=subprocess.STDOUT, env=env, start_new_session=True)
        log.close()
        return self.procs[name]

    def stop(self, name):
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def close(self):
        for name in list(self.procs):
            self.stop(name)
        for ns in self.made:
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        if os.environ.get("RSG_BENCH_KEEP"):
            say("files kept in " + self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def log(self, name, n=3000):
        try:
            with open(os.path.join(self.tmp, name + ".log")) as f:
                return f.read()[-n:]
        except OSError:
            return ""

    def stayrtr(self, refresh):
        self.stop("stayrtr")
        self.spawn("stayrtr", self.rs_ns, [
            "stayrtr", "-bind", "127.0.0.1:%d" % self.rtr_port,
            "-cache", os.path.join(self.tmp, "rtr.json"),
            "-checktime=false", "-metrics.addr=", "-refresh=%d" % refresh,
            "-log.verbose=false"])

    def bird(self, conf):
        env = dict(os.environ)
        lib = os.path.join(TOP_BUILDDIR, "lib", ".libs")
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"]
                                        if env.get("LD_LIBRARY_PATH") else "")
        ctl = os.path.join(self.tmp, "bird.ctl")
        if os.path.exists(ctl):
            os.unlink(ctl)
        proc = self.spawn("bird", self.rs_ns, [
            os.path.join(self.bird_dir, "sbin", "bird"), "-f", "-c", conf,
            "-s", ctl], env=env)
        if not wait_until(30, lambda: os.path.exists(ctl) or
                          proc.poll() is not None) or proc.poll() is not None:
            raise RuntimeError("BIRD did not start:\n" + self.log("bird"))
        return proc.pid   # ip netns exec execs BIRD: the same process

    def birdc(self, *args):
        return run(os.path.join(self.bird_dir, "sbin", "birdc"), "-s",
                   os.path.join(self.tmp, "bird.ctl"), *args, check_rc=False)


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        x = f.read().rsplit(")", 1)[1].split()
    return int(x[11]) + int(x[12])      # utime, stime: all threads


def mem_mb(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for text in f:
            k, _, v = text.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0]) / 1024.0
    return out


def protocols(lab):
    """{name: {"state", "imported", "filtered", "received"}} of the BGP
    sessions, from one `show protocols all`."""
    out, cur = {}, None
    for text in lab.birdc("show", "protocols", "all").splitlines():
        m = re.match(r"^(\S+)\s+BGP\s+\S+\s+\S+\s+\S+\s+(\S+)", text)
        if m:
            cur = out[m.group(1)] = {"state": m.group(2), "imported": 0,
                                     "filtered": 0, "exported": 0,
                                     "received": 0}
            continue
        if re.match(r"^\S", text):
            cur = None
            continue
        if cur is None:
            continue
        m = re.match(r"^\s+Routes:\s+(\d+) imported, (?:(\d+) filtered, )?"
                     r"(\d+) exported", text)
        if m:
            cur["imported"] = int(m.group(1))
            cur["filtered"] = int(m.group(2) or 0)
            cur["exported"] = int(m.group(3))
        m = re.match(r"^\s+Import updates:\s+(\d+)", text)
        if m:
            cur["received"] = int(m.group(1))
    return out


def data_ready(lab, kind):
    """The route server has all its RPKI data: rsguard's VRP file source
    is ok and its generation stable, or BIRD's ROA table (RTR) stopped
    growing."""
    if kind == "rsguard":
        text = lab.birdc("show", "protocols", "all", "rsg")
        if not re.search(r"Source vrps\s.*: ok", text):
            return None
        m = re.search(r"Generation:\s+(\d+)", text)
        return m and int(m.group(1)) > 0 and m.group(1)
    text = lab.birdc("show", "route", "table", "rpki4", "count")
    m = re.search(r"(\d+) of \d+ routes", text)
    return m and int(m.group(1)) > 0 and m.group(1)


def wait_stable(timeout, probe, quiet=3.0):
    """probe() stays the same (and true) for quiet seconds."""
    end = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < end:
        v = probe()
        if v != last:
            last, since = v, time.monotonic()
        elif v and time.monotonic() - since >= quiet:
            return v
        time.sleep(0.5)
    return None


def converge(lab, kind, sessions, feed_args, run_no):
    """One run: BIRD with the configuration kind, its data loaded, then
    the feed. Returns the measurements; leaves BIRD running."""
    conf = os.path.join(lab.tmp, "bird-%s.conf" % kind)
    pid = lab.bird(conf)
    if not wait_stable(300, lambda: data_ready(lab, kind)):
        raise RuntimeError("%s: RPKI data not loaded\n%s\n%s" % (
            kind, lab.birdc("show", "protocols", "all"), lab.log("bird")))
    # BIRD done with the data (a ROA table's count stops growing before
    # BIRD is done with it): two quiet seconds in a row
    quiet, end = 0, time.monotonic() + 120
    while quiet < 2 and time.monotonic() < end:
        t0, c0 = time.monotonic(), cpu_ticks(pid)
        time.sleep(1)
        rate = (cpu_ticks(pid) - c0) / TICK / (time.monotonic() - t0)
        quiet = quiet + 1 if rate < 0.05 else 0
    if quiet < 2:
        raise RuntimeError("%s: BIRD busy 120 s after its data" % kind)
    # the idle rate (timers, RTR, the library's worker)
    t0, c0 = time.monotonic(), cpu_ticks(pid)
    time.sleep(3)
    idle = (cpu_ticks(pid) - c0) / TICK / (time.monotonic() - t0)
    before = mem_mb(pid)

    perf = None
    if os.environ.get("RSG_BIRD_PERF"):
        # profiling: perf record of BIRD during the feed, one file a run
        perf = subprocess.Popen(
            ["perf", "record", "-q", "-F", "499", "-g", "-p", str(pid), "-o",
             os.path.join(os.environ["RSG_BIRD_PERF"], "perf-%s-%d.data" % (
                 kind, run_no))], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    start, c_start = time.monotonic(), cpu_ticks(pid)
    lab.spawn("feeder", lab.peer_ns, [sys.executable,
                                      os.path.join(HERE, "bgpfeed.py"),
                                      RS_IP, str(RS_AS)] + feed_args)
    want = {name: len(routes) for name, _, _, routes in sessions}

    def imported():
        if lab.procs["feeder"].poll() is not None:
            raise RuntimeError("feeder ended:\n" + lab.log("feeder"))
        p = protocols(lab)
        return all(p.get(n, {}).get("imported", 0) +
                   p.get(n, {}).get("filtered", 0) >= w
                   for n, w in want.items()) and p
    p = wait_until(600, imported, 0.5)
    if not p:
        raise RuntimeError("%s: not all routes imported in 600 s\n%s" % (
            kind, lab.birdc("show", "protocols", "all")))
    t_imp, c_imp = time.monotonic(), cpu_ticks(pid)

    def exported():
        return sum(x["exported"] for x in protocols(lab).values())
    # then until BIRD is idle again, its exports to every client done:
    # for 2 s no CPU beyond the idle rate and no change of the exports
    samples = [(t_imp, c_imp, exported())]
    end = t_imp + 300
    while time.monotonic() < end:
        time.sleep(0.5)
        samples.append((time.monotonic(), cpu_ticks(pid), exported()))
        old = [s for s in samples if s[0] <= samples[-1][0] - 2.0]
        if not old:
            continue
        t_a, c_a, x_a = old[-1]
        rate = (samples[-1][1] - c_a) / TICK / (samples[-1][0] - t_a)
        if rate < idle + 0.02 and samples[-1][2] == x_a:
            break
    else:
        raise RuntimeError("%s: BIRD still busy 300 s after the feed" % kind)
    t_end, c_end, _ = old[-1]
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait(60)
    cpu = (c_end - c_start) / TICK - idle * (t_end - start)
    cpu_imp = (c_imp - c_start) / TICK - idle * (t_imp - start)
    mem = mem_mb(pid)
    if os.environ.get("RSG_BIRD_SHOW_MEMORY"):
        say("%s: birdc show memory\n%s" % (kind, lab.birdc("show", "memory")))
    feeder = cpu_ticks(lab.procs["feeder"].pid) / TICK
    # what a generated configuration costs in service: it is reloaded
    # whenever the IRR data is regenerated (birdc configure); rsguard's
    # BIRD reads its unchanged file the same way
    recv0 = received_total(lab)
    out = lab.birdc("configure")
    if "Reconfigured" not in out and "Reconfiguration" not in out:
        raise RuntimeError("%s: birdc configure: %s" % (kind, out))
    quiet, end = 0, time.monotonic() + 300
    while quiet < 3 and time.monotonic() < end:
        c0 = cpu_ticks(pid)
        time.sleep(1)
        quiet = quiet + 1 if (cpu_ticks(pid) - c0) / TICK < 0.05 else 0
    reconf = mem_mb(pid)
    say("%s: birdc configure: %d routes re-evaluated" % (
        kind, received_total(lab) - recv0))
    if os.environ.get("RSG_BIRD_SHOW_MEMORY"):
        say("%s: birdc show memory after the configure\n%s" % (
            kind, lab.birdc("show", "memory")))
    p = protocols(lab)
    acc = sum(x["imported"] for x in p.values())
    flt = sum(x["filtered"] for x in p.values())
    exp = sum(x["exported"] for x in p.values())
    say("run %d %s: %.2f s CPU (%.2f s until imported), %.1f s wall, idle "
        "%.3f CPU/s, RSS %.0f MB (%.0f before the feed, peak %.0f; %.0f "
        "after a configure, peak %.0f), %d imported, %d filtered, %d "
        "exported; the feeder %.1f s CPU" % (
            run_no, kind, cpu, cpu_imp, t_end - start, idle, mem["VmRSS"],
            before["VmRSS"], mem["VmHWM"], reconf["VmRSS"], reconf["VmHWM"],
            acc, flt, exp, feeder))
    return {"cpu": cpu, "wall": t_end - start, "rss": mem["VmRSS"],
            "rss_idle": before["VmRSS"], "rss_conf": reconf["VmRSS"],
            "imported": acc, "filtered": flt, "exported": exp}


# --- the looking glass -------------------------------------------------------

def lg_client(lab, *args):
    out = run("ip", "netns", "exec", lab.rs_ns, sys.executable,
              os.path.join(HERE, "lg_client.py"), *[str(a) for a in args])
    return json.loads(out.strip().splitlines()[-1])


def lg_bench(lab, sessions):
    """rsguard lg on the converged route server: its filtered table
    streamed with reasons against birdc's own output of that table, the
    first page of the largest session, 50 clients browsing."""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(TOP_BUILDDIR, "lib", ".libs")
    lab.spawn("lg", lab.rs_ns, [
        os.path.join(TOP_BUILDDIR, "tools", "rsguard"), "lg", "-q", "-c",
        os.path.join(lab.tmp, "rsguard.yml")], env=env)
    base = "http://127.0.0.1:%d" % LG_PORT

    def up():
        try:
            return lg_client(lab, "first", base + "/status")
        except Exception:
            return None
    if not wait_until(60, up, 1.0):
        raise RuntimeError("rsguard lg does not answer\n" + lab.log("lg"))
    birdc = os.path.join(lab.bird_dir, "sbin", "birdc")
    ctl = os.path.join(lab.tmp, "lg.ctl")
    out = {"birdc": [], "lg": []}
    url = base + "/routes/table/master4/filtered"
    # the routes and bytes, counted once by a reader
    count = lg_client(lab, "stream", url)
    perf = None
    if os.environ.get("RSG_LG_PERF"):
        # profiling: perf record of rsguard lg during the timed streams
        perf = subprocess.Popen(
            ["perf", "record", "-q", "-F", "499", "-g", "-p",
             str(lab.procs["lg"].pid), "-o", os.environ["RSG_LG_PERF"]],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(LG_RUNS):
        # birdc's own text of the same table, to /dev/null
        t0 = time.monotonic()
        with open(os.devnull, "w") as null:
            subprocess.run([birdc, "-s", ctl, "show", "route", "table",
                            "master4", "all", "filtered"], stdout=null,
                           check=True)
        out["birdc"].append(time.monotonic() - t0)
        # rsguard lg's answer to curl, which takes little CPU of its own
        # (the machine has two cores: BIRD's and rsguard lg's)
        t0 = time.monotonic()
        run("ip", "netns", "exec", lab.rs_ns, "curl", "-sf", "-o",
            os.devnull, url)
        out["lg"].append({"seconds": time.monotonic() - t0})
        say("lg: %d filtered routes with reasons in %.2f s (%.0f MB); birdc "
            "%.2f s" % (count["routes"], out["lg"][-1]["seconds"],
                        count["bytes"] / 1e6, out["birdc"][-1]))
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait(60)
    out["lg"][0].update(count)
    routes = count["routes"]
    big = max(sessions, key=lambda s: len(s[3]))
    first = [max(lg_client(lab, "first", base + "/routes/%s/%s?page_size=100"
                           % (kind, big[0]))["ms"]
                 for kind in ("protocol", "filtered")) for _ in range(5)]
    # the participant page's RFC 7948 report of that session: its routes
    # read from BIRD against its IRR data (the IRR tables walked)
    reports = [lg_client(lab, "report", base + "/x/report/" + big[0])
               for _ in range(3)]
    browse = lg_client(lab, "browse", base, 15, 50,
                       *[s[0] for s in sessions])
    lab.stop("lg")
    lg_s = statistics.median(r["seconds"] for r in out["lg"])
    birdc_s = statistics.median(out["birdc"])
    return {"routes": routes, "lg_s": lg_s, "birdc_s": birdc_s,
            "first_ms": statistics.median(first), "browse": browse,
            "report_ms": statistics.median(r["ms"] for r in reports),
            "report": reports[-1],
            "bytes": count["bytes"], "big": (big[0], len(big[3]))}


def finish_run(lab):
    lab.stop("feeder")
    lab.stop("bird")


# --- re-evaluation -----------------------------------------------------------

def route_state(lab, prefix, session):
    """"accepted", "filtered" or None: the route of that session."""
    if re.search(r"\[%s\s" % session, lab.birdc(
            "show", "route", prefix, "table", "master4", "protocol", session)):
        return "accepted"
    if re.search(r"\[%s\s" % session, lab.birdc(
            "show", "route", prefix, "table", "master4", "filtered",
            "protocol", session)):
        return "filtered"
    return None


def generation(lab):
    m = re.search(r"Generation:\s+(\d+)",
                  lab.birdc("show", "protocols", "all", "rsg"))
    return int(m.group(1)) if m else None


def received_total(lab):
    return sum(x["received"] for x in protocols(lab).values())


def flip_file(lab, what, texts, prefix, session):
    """Replace the VRP file with texts[state] until the route of that
    session is in that state, FLIPS times each way: times, times until
    the data is in BIRD, routes re-evaluated."""
    vrps = os.path.join(lab.tmp, "vrps.json")
    times, data_times, updates = [], [], []
    for i in range(FLIPS):
        for want in ("filtered", "accepted"):
            with open(vrps + ".new", "w") as f:
                f.write(texts[want])
            g0, r0 = generation(lab), received_total(lab)
            t0 = time.monotonic()
            os.replace(vrps + ".new", vrps)
            t_data = None
            while time.monotonic() - t0 < 60:
                if t_data is None and generation(lab) != g0:
                    t_data = time.monotonic() - t0
                if route_state(lab, prefix, session) == want:
                    break
                time.sleep(0.02)
            else:
                raise RuntimeError("%s not %s 60 s after the %s change"
                                   % (prefix, want, what))
            took = time.monotonic() - t0
            # every reload done: the counters quiet for 3 s (the settle
            # time is at most 5 s, from the first mark)
            r1 = wait_stable(30, lambda: received_total(lab) + 1, quiet=3)
            if r1 is None:
                raise RuntimeError("BIRD still re-evaluating 30 s after the "
                                   "%s change" % what)
            r1 -= 1
            times.append(took)
            data_times.append(t_data if t_data is not None else took)
            updates.append(r1 - r0)
            say("%s %s: %s %s after %.2f s (data in BIRD after %.2f s), "
                "%d routes re-evaluated" % (
                    what, "added" if want == "filtered" else "removed",
                    prefix, want, took, data_times[-1], r1 - r0))
    return {"times": times, "data_times": data_times, "updates": updates}


def reevaluate(lab, candidates, base_text):
    """Flip a route with one VRP, FLIPS times each way."""
    chosen = None
    for prefix, covered, owners in candidates:
        for s in owners:
            if route_state(lab, prefix, s) == "accepted":
                chosen = (prefix, covered, s)
                break
        if chosen:
            break
    if not chosen:
        raise RuntimeError("no accepted route without VRP among %d candidates"
                           % len(candidates))
    prefix, covered, session = chosen
    plen = int(prefix.split("/")[1])
    say("flipping %s of %s with an AS0 VRP %s max %d: %d routes inside it"
        % (prefix, session, prefix, plen, covered))
    r = flip_file(lab, "VRP", {"filtered": with_vrp(base_text, 0, prefix, plen),
                               "accepted": base_text}, prefix, session)
    r.update(prefix=prefix, covered=covered)
    return r


def reevaluate_aspa(lab, candidates, base_text):
    """Flip a route with one ASPA record, FLIPS times each way: an ASN in
    its AS_PATH gets a record whose only provider is in no path, and
    every route through it becomes ASPA-invalid."""
    chosen = None
    for asn, covered, routes in candidates:
        for prefix, s in routes:
            if route_state(lab, prefix, s) == "accepted":
                chosen = (asn, covered, prefix, s)
                break
        if chosen:
            break
    if not chosen:
        raise RuntimeError("no accepted route through an ASN without ASPA "
                           "among %d candidates" % len(candidates))
    asn, covered, prefix, session = chosen
    say("flipping %s of %s with an ASPA record of AS%d: %d routes through it"
        % (prefix, session, asn, covered))
    r = flip_file(lab, "ASPA", {"filtered": with_aspa(base_text, asn, [64512]),
                                "accepted": base_text}, prefix, session)
    r.update(asn=asn, covered=covered)
    return r


# --- main --------------------------------------------------------------------

def skip(why):
    # a line the bench output can carry, and success: nothing failed
    print("bird_bench: skipped (%s)" % why, flush=True)
    sys.exit(0)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    vrps_json, table_txt = sys.argv[1:]
    if os.geteuid() != 0:
        skip("needs root for network namespaces")
    for tool in ("ip", "stayrtr"):
        if not shutil.which(tool):
            skip(tool + " not installed")
    build = os.path.join(TOP_SRCDIR, "bird-patches", "build-bird.sh")
    say("BIRD 3.3.2 with bird-patches/ (build-bird.sh; ~2 min the first time)")
    r = subprocess.run([build, "--rsguard-build", TOP_BUILDDIR],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode:
        err = r.stderr.strip().splitlines() or ["?"]
        skip("BIRD with bird-patches/ does not build: " + err[-1])
    bird_dir = os.environ.get("RSG_TEST_BIRD_DIR",
                              r.stdout.strip().splitlines()[-1])

    tmp = tempfile.mkdtemp(prefix="rsg-birdbench-")
    lab = Lab(bird_dir, tmp)

    def stop(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return bench(lab, vrps_json, table_txt)
    finally:
        try:
            if os.environ.get("RSG_BENCH_HOLD"):
                # debugging: the lab stays up this long (birdc -s
                # TMP/bird.ctl); a signal ends the wait
                say("holding %s for %s s" % (lab.tmp,
                                             os.environ["RSG_BENCH_HOLD"]))
                time.sleep(float(os.environ["RSG_BENCH_HOLD"]))
        except SystemExit:
            pass
        lab.close()


def bench(lab, vrps_json, table_txt):
    t = time.monotonic()
    feeds, left = load_table(table_txt)
    sessions = sessions_of(feeds)
    feed_args, n_updates = [], 0
    for name, asn, ip, routes in sessions:
        path = os.path.join(lab.tmp, name + ".updates")
        n_updates += encode_updates(routes, ip, path)
        feed_args.append("%s:%d:%s" % (ip, asn, path))
    n_routes = sum(len(s[3]) for s in sessions)
    say("%d routes in %d sessions, %d UPDATEs (left out: %s), encoded in "
        "%.1f s" % (n_routes, len(sessions), n_updates, dict(left),
                    time.monotonic() - t))
    base_text, vrp_nets = vrp_file(vrps_json)
    for name in ("rtr.json", "vrps.json"):
        with open(os.path.join(lab.tmp, name), "w") as f:
            f.write(base_text)
    candidates = flip_candidates(sessions, vrp_nets)
    aspa_cands = aspa_candidates(sessions, base_text)
    clients = irr_clients(sessions)
    irr = os.path.join(lab.tmp, "irr-bgpq4.json")
    bgpq4_json(clients, irr)
    n_sets = len({c[3] for c in clients})
    n_irr = sum(len(c[5]) for c in {c[3]: c for c in clients}.values())
    say("%d clients, %d AS-SETs, %d IRR prefixes in all" % (
        len(clients), n_sets, n_irr))
    with open(os.path.join(lab.tmp, "rsguard.yml"), "w") as f:
        f.write(rsguard_yml(sessions, os.path.join(lab.tmp, "vrps.json"),
                            clients, irr))
    for kind in ("rsguard", "native"):
        with open(os.path.join(lab.tmp, "bird-%s.conf" % kind), "w") as f:
            f.write(bird_conf(kind, clients, lab.tmp, lab.rtr_port,
                              os.path.join(lab.tmp, "bird-%s.log" % kind)))

    lab.net([ip for _, _, ip, _ in sessions])
    lab.stayrtr(3600)

    line("bird_sessions", len(sessions))
    line("bird_routes", n_routes)
    line("bird_irr_clients", len(clients))
    line("bird_irr_prefixes", n_irr)
    results = {"rsguard": [], "native": []}
    reeval = reeval_aspa = lg = None
    for i in range(RUNS):
        order = (("native", "rsguard") if (RUNS - i) % 2 else
                 ("rsguard", "native"))
        for kind in order:
            if ONLY and kind != ONLY:
                continue
            results[kind].append(converge(lab, kind, sessions, feed_args,
                                          i + 1))
            if kind == "rsguard" and i == RUNS - 1 and FLIPS:
                reeval = reevaluate(lab, candidates, base_text)
                reeval_aspa = reevaluate_aspa(lab, aspa_cands, base_text)
            if kind == "rsguard" and i == RUNS - 1 and LG:
                lg = lg_bench(lab, sessions)
            finish_run(lab)

    med = {k: {m: statistics.median(r[m] for r in v)
               for m in ("cpu", "wall", "rss", "rss_idle", "rss_conf")}
           for k, v in results.items() if v}
    if reeval:
        line("bird_reeval_s", statistics.median(reeval["times"]))
        line("bird_reeval_s_max", max(reeval["times"]))
        line("bird_reeval_data_s", statistics.median(reeval["data_times"]))
        line("bird_reeval_routes", int(statistics.median(reeval["updates"])))
        line("bird_reeval_covered", reeval["covered"])
    if reeval_aspa:
        line("bird_reeval_aspa_s", statistics.median(reeval_aspa["times"]))
        line("bird_reeval_aspa_s_max", max(reeval_aspa["times"]))
        line("bird_reeval_aspa_routes",
             int(statistics.median(reeval_aspa["updates"])))
        line("bird_reeval_aspa_covered", reeval_aspa["covered"])
    kinds = [k for k in ("rsguard", "native") if k in med]
    for kind in kinds:
        line("bird_cpu_s_" + kind, med[kind]["cpu"])
    if len(kinds) == 2:
        line("bird_converge_ratio",
             med["rsguard"]["cpu"] / med["native"]["cpu"])
        # other load on the machine only ever adds CPU time: the ratio of
        # the best runs is the steadier one
        line("bird_converge_ratio_min",
             min(r["cpu"] for r in results["rsguard"]) /
             min(r["cpu"] for r in results["native"]))
    for kind in kinds:
        line("bird_wall_s_" + kind, med[kind]["wall"])
    for kind in kinds:
        line("bird_rss_mb_" + kind, med[kind]["rss"])
    for kind in kinds:
        line("bird_rss_mb_idle_" + kind, med[kind]["rss_idle"])
    for kind in kinds:
        line("bird_rss_mb_configured_" + kind, med[kind]["rss_conf"])
    if len(kinds) == 2:
        line("bird_memory_ratio", med["native"]["rss"] / med["rsguard"]["rss"])
        line("bird_memory_ratio_idle",
             med["native"]["rss_idle"] / med["rsguard"]["rss_idle"])
        line("bird_memory_ratio_configured",
             med["native"]["rss_conf"] / med["rsguard"]["rss_conf"])
    if lg:
        line("lg_table_routes", lg["routes"])
        line("lg_filtered_routes_per_s", lg["routes"] / lg["lg_s"])
        line("birdc_routes_per_s", lg["routes"] / lg["birdc_s"])
        line("lg_vs_birdc", lg["birdc_s"] / lg["lg_s"])
        line("lg_bytes_per_route", lg["bytes"] / max(1, lg["routes"]))
        line("lg_first_page_ms", lg["first_ms"])
        line("lg_first_page_session_routes", lg["big"][1])
        line("lg_report_ms", lg["report_ms"])
        line("lg_report_announced", lg["report"]["announced"])
        line("lg_report_registered", lg["report"]["registered"])
        line("lg_p50_ms_50_clients", lg["browse"]["p50_ms"])
        line("lg_p99_ms_50_clients", lg["browse"]["p99_ms"])
        line("lg_requests_50_clients", lg["browse"]["requests"])
        line("lg_errors_50_clients", lg["browse"]["errors"])
    for kind in kinds:
        r = results[kind][-1]
        line("bird_accepted_" + kind, r["imported"])
        line("bird_filtered_" + kind, r["filtered"])
        line("bird_exported_" + kind, r["exported"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The route server end to end, with real parts only.

BIRD 3.3.2 patched with bird-patches/ (built by build-bird.sh) is the
route server of an IXP peering LAN: a bridge in a network namespace of
its own. Four participants, each an ExaBGP in its own namespace on that
LAN, announce IPv4 and IPv6 routes: valid, RPKI-invalid, ASPA-invalid,
bogon, too long, with a wrong next hop, a wrong first AS, a transit-free
ASN in the path, a blackhole request. StayRTR serves the VRPs over RTR;
ASPA records come from a file.

Asserted through birdc: which routes BIRD accepts and filters and
exactly which communities each carries; through ExaBGP: what each
participant receives. Then a VRP, an ASPA record and a client's policy
change: the routes they affect flip without `birdc configure`, and
nothing else does. StayRTR is killed and restarted and a broken rsguard
configuration is handed to `birdc configure`: BIRD keeps running and
serving.

Output is TAP-like ("ok - ...", "not ok - ..."); the exit status is 1 if
anything failed, 77 if a part is missing (unless RSG_TEST_REQUIRE_ALL).
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

TOP_SRCDIR = os.environ.get("TOP_SRCDIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TOP_BUILDDIR = os.environ.get("TOP_BUILDDIR", os.path.join(TOP_SRCDIR, "build"))
SLOW = int(os.environ.get("CK_TIMEOUT_MULTIPLIER", "1"))
HERE = os.path.dirname(os.path.abspath(__file__))

RS_AS = 65500
RS_IP4, RS_IP6 = "192.0.2.1", "2001:db8:1::1"
BLACKHOLE_NH = "192.0.2.66"

# The participants: ASN, LAN addresses, routes (prefix, next hop, AS_PATH,
# standard communities). What the route server must do with each route is
# in EXPECT below.
PEERS = {
    "c1": {"asn": 3333, "ip4": "192.0.2.11", "ip6": "2001:db8:1::11",
           "routes": [
               ("193.0.0.0/21", None, [3333], []),
               ("193.0.24.0/24", None, [3333], []),       # RPKI invalid
               ("193.0.0.66/32", None, [3333], ["65535:666"]),  # blackhole
               ("2001:67c:2e8::/48", None, [3333], []),
           ]},
    "c2": {"asn": 2497, "ip4": "192.0.2.12", "ip6": "2001:db8:1::12",
           "routes": [
               ("202.232.0.0/16", None, [2497], []),
               ("202.232.128.0/25", None, [2497], []),    # too long, invalid
               ("10.0.0.0/8", None, [2497], []),           # bogon
               ("202.232.1.0/24", "192.0.2.99", [2497], []),  # next hop
               # (ExaBGP 4.2.21 mistakes a static IPv6 /32 for a neighbor
               # range: a /36 is announced instead)
               ("2001:240::/36", None, [2497], []),
               ("2001:240:100::/56", None, [2497], []),    # too long
           ]},
    "c3": {"asn": 6939, "ip4": "192.0.2.13", "ip6": "2001:db8:1::13",
           "routes": [
               ("216.218.128.0/17", None, [6939], []),
               ("184.104.0.0/15", None, [174, 6939], []),  # first AS
               ("216.218.224.0/20", None, [6939, 3356, 6939], []),  # transit-free
               ("185.2.0.0/22", None, [6939, 39120, 199524], []),  # ASPA
               ("20.34.0.0/16", None, [6939, 8075], []),  # path hiding
           ]},
    "c4": {"asn": 8075, "ip4": "192.0.2.14", "ip6": "2001:db8:1::14",
           "routes": [
               ("20.33.0.0/16", None, [8075], []),
               ("20.33.128.0/25", None, [8075], []),       # too long
               ("20.36.0.0/16", None, [8075], ["65535:0"]),  # GSHUT
               # not to AS3333: AS3333 must get AS6939's path instead
               ("20.34.0.0/16", None, [8075], ["0:3333"]),
               ("20.40.0.0/16", None, [8075, 8068], []),  # origin not in AS-SET
               ("20.41.0.0/16", None, [8075], []),  # no route object
           ]},
}

VRPS = [(3333, "193.0.0.0/16", 21), (3333, "2001:67c:2e8::/48", 48),
        (2497, "202.232.0.0/16", 24), (2497, "2001:240::/32", 48),
        (6939, "216.218.128.0/17", 24), (6939, "184.104.0.0/15", 24)]
ASPAS = {39120: [1299], 199524: [39120]}
# The IRR, served by tests/irr/irrd.py (source E2E): each client's AS-SET
# (asns: in rsguard.yml) and the route objects of its origins
IRR_SETS = {"AS-C1": ["AS3333"], "AS-C2": ["AS2497"],
            "AS-C3": ["AS6939", "AS-C3-CUSTOMERS"],
            "AS-C3-CUSTOMERS": ["AS199524", "AS8075"], "AS-C4": ["AS8075"]}
IRR_ROUTES = [("193.0.0.0/21", 3333), ("193.0.24.0/24", 3333),
              ("2001:67c:2e8::/48", 3333), ("202.232.0.0/16", 2497),
              ("2001:240::/32", 2497), ("216.218.128.0/17", 6939),
              ("184.104.0.0/15", 6939), ("185.2.0.0/22", 199524),
              ("20.34.0.0/16", 8075), ("20.33.0.0/16", 8075),
              ("20.36.0.0/16", 8075), ("20.40.0.0/16", 8075)]
IRRD_PY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "irr", "irrd.py")

# Reasons as Euro-IX RS:1101:x (RSG_REASON_MAP in include/rsguard/types.h)
R_TOO_LONG, R_BOGON, R_FIRST_AS, R_NEXT_HOP = 1, 3, 7, 8
R_RPKI_INVALID, R_TRANSIT_FREE, R_ASPA_INVALID = 13, 14, 61
R_IRR_PREFIX, R_IRR_ORIGIN = 9, 10
# Informational RS:1000:x (RPKI), RS:1001:x (IRR) and RS:1002:x (ASPA)
VALID, NOT_FOUND, NOT_PERFORMED, INVALID = 1, 2, 3, 4
UNKNOWN = 2

# prefix -> (client, accepted?, reasons RS:1101:x, RPKI, ASPA, standard
# communities the route server adds)
EXPECT = {
    "193.0.0.0/21": ("c1", True, [], VALID, VALID, []),
    "193.0.24.0/24": ("c1", False, [R_RPKI_INVALID], INVALID, VALID, []),
    # RFC 7999: ROV not performed, NO_EXPORT added
    "193.0.0.66/32": ("c1", True, [], NOT_PERFORMED, VALID,
                      ["65535:65281", "65535:666"]),
    "2001:67c:2e8::/48": ("c1", True, [], VALID, VALID, []),
    "202.232.0.0/16": ("c2", True, [], VALID, VALID, []),
    "202.232.128.0/25": ("c2", False, [R_TOO_LONG, R_RPKI_INVALID], INVALID,
                         VALID, []),
    # (and no route object: the IRR says so too)
    "10.0.0.0/8": ("c2", False, [R_BOGON, R_IRR_PREFIX], NOT_FOUND, VALID,
                   []),
    "202.232.1.0/24": ("c2", False, [R_NEXT_HOP], VALID, VALID, []),
    "2001:240::/36": ("c2", True, [], VALID, VALID, []),
    "2001:240:100::/56": ("c2", False, [R_TOO_LONG, R_RPKI_INVALID], INVALID,
                          VALID, []),
    "216.218.128.0/17": ("c3", True, [], VALID, VALID, []),
    # the neighbor is not first: ASPA says invalid too
    "184.104.0.0/15": ("c3", False, [R_FIRST_AS, R_ASPA_INVALID], VALID,
                       INVALID, []),
    "216.218.224.0/20": ("c3", False, [R_TRANSIT_FREE], VALID, UNKNOWN, []),
    "185.2.0.0/22": ("c3", False, [R_ASPA_INVALID], NOT_FOUND, INVALID, []),
    "20.33.0.0/16": ("c4", True, [], NOT_FOUND, VALID, []),
    "20.33.128.0/25": ("c4", False, [R_TOO_LONG], NOT_FOUND, VALID, []),
    # graceful shutdown (RFC 8326): accepted, local preference 0
    "20.36.0.0/16": ("c4", True, [], NOT_FOUND, VALID, ["65535:0"]),
    # IRR: AS8068 is not in AS-C4; no route object covers 20.41.0.0/16
    "20.40.0.0/16": ("c4", False, [R_IRR_ORIGIN], NOT_FOUND, UNKNOWN, []),
    "20.41.0.0/16": ("c4", False, [R_IRR_PREFIX], NOT_FOUND, VALID, []),
}
# Announced by two clients, checked on its own (path hiding)
HIDDEN = "20.34.0.0/16"


def expected_communities(prefix):
    """The large and standard communities BIRD must hold for a route."""
    _, _, reasons, rov, aspa, std = EXPECT[prefix]
    lcs = ["%d:1101:%d" % (RS_AS, r) for r in reasons]
    # RS:1001:1 IRR valid, RS:1001:2 not (or not checked)
    irr = 2 if R_IRR_PREFIX in reasons or R_IRR_ORIGIN in reasons else 1
    lcs += ["%d:1000:%d" % (RS_AS, rov), "%d:1001:%d" % (RS_AS, irr),
            "%d:1002:%d" % (RS_AS, aspa)]
    return sorted(lcs), sorted(std)


fails = 0


def ok(desc):
    print("ok - " + desc, flush=True)


def nok(desc, detail=""):
    global fails
    fails += 1
    print("not ok - " + desc, flush=True)
    for line in str(detail).splitlines()[:60]:
        print("# " + line, flush=True)


def check(cond, desc, detail=""):
    if cond:
        ok(desc)
    else:
        nok(desc, detail)
    return cond


def skip(why):
    print("# skip: " + why, flush=True)
    sys.exit(1 if os.environ.get("RSG_TEST_REQUIRE_ALL") else 77)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(*cmd, check_rc=True, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, **kw)
    if check_rc and r.returncode:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), r.returncode,
                                                 r.stdout))
    return r.stdout


class Lab:
    """The namespaces, the processes and their files; all torn down."""

    def __init__(self, bird_dir):
        self.bird_dir = bird_dir
        self.tmp = tempfile.mkdtemp(prefix="rsg-bird-")
        tag = "rsg%d" % os.getpid()
        self.rs_ns = tag + "rs"
        self.ns = {name: "%s%s" % (tag, name) for name in PEERS}
        self.procs = {}
        self.rtr_port = free_port()
        self.irr_port = free_port()

    # --- the LAN ---------------------------------------------------------
    def net(self):
        run("ip", "netns", "add", self.rs_ns)
        rs = ["ip", "-n", self.rs_ns]
        run(*rs, "link", "set", "lo", "up")
        run(*rs, "link", "add", "ix", "type", "bridge")
        run(*rs, "addr", "add", RS_IP4 + "/24", "dev", "ix")
        run(*rs, "addr", "add", RS_IP6 + "/64", "dev", "ix", "nodad")
        run(*rs, "link", "set", "ix", "up")
        for i, (name, p) in enumerate(sorted(PEERS.items())):
            ns = self.ns[name]
            run("ip", "netns", "add", ns)
            run(*rs, "link", "add", "v%d" % i, "type", "veth", "peer", "name",
                "eth0", "netns", ns)
            run(*rs, "link", "set", "v%d" % i, "master", "ix", "up")
            pn = ["ip", "-n", ns]
            run(*pn, "link", "set", "lo", "up")
            run(*pn, "addr", "add", p["ip4"] + "/24", "dev", "eth0")
            run(*pn, "addr", "add", p["ip6"] + "/64", "dev", "eth0", "nodad")
            run(*pn, "link", "set", "eth0", "up")

    def close(self):
        for name, proc in list(self.procs.items()):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for ns in [self.rs_ns] + list(self.ns.values()):
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        if os.environ.get("RSG_TEST_KEEP"):
            print("# files kept in " + self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def spawn(self, name, ns, cmd, env=None):
        log = open(os.path.join(self.tmp, name + ".log"), "w")
        full = ["ip", "netns", "exec", ns] + cmd
        self.procs[name] = subprocess.Popen(full, stdout=log,
                                            stderr=subprocess.STDOUT,
                                            env=env, start_new_session=True)
        return self.procs[name]

    def log(self, name):
        try:
            with open(os.path.join(self.tmp, name + ".log")) as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    # --- RPKI --------------------------------------------------------------
    def write_vrps(self, vrps):
        roas = [{"asn": a, "prefix": p, "maxLength": m, "expires": 4102444800}
                for a, p, m in vrps]
        doc = {"metadata": {"buildtime": "2026-12-01T00:00:00Z"}, "roas": roas}
        self.atomic(os.path.join(self.tmp, "rtr.json"), json.dumps(doc))

    def write_aspas(self, aspas):
        doc = {"metadata": {"buildtime": "2026-12-01T00:00:00Z"}, "roas": [],
               "aspas": [{"customer_asid": c, "providers": p,
                          "expires": 4102444800}
                         for c, p in sorted(aspas.items())]}
        self.atomic(os.path.join(self.tmp, "aspa.json"), json.dumps(doc))

    @staticmethod
    def atomic(path, text):
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)

    def stayrtr(self):
        self.spawn("stayrtr", self.rs_ns, [
            "stayrtr", "-bind", "127.0.0.1:%d" % self.rtr_port,
            "-cache", os.path.join(self.tmp, "rtr.json"),
            "-checktime=false", "-metrics.addr=", "-refresh=1",
            "-log.verbose=false"])

    # --- the IRR ------------------------------------------------------------
    def write_irr(self):
        text = ""
        for name, members in sorted(IRR_SETS.items()):
            text += "as-set: %s\nmembers: %s\nsource: E2E\n\n" % (
                name, ", ".join(members))
        for prefix, asn in IRR_ROUTES:
            text += "%s: %s\norigin: AS%d\nsource: E2E\n\n" % (
                "route6" if ":" in prefix else "route", prefix, asn)
        self.atomic(os.path.join(self.tmp, "irr.db"), text)
        p = self.procs.get("irrd")
        if p is not None and p.poll() is None:
            os.kill(p.pid, signal.SIGHUP)

    def irrd(self):
        self.spawn("irrd", self.rs_ns, [
            sys.executable, IRRD_PY, "--port", str(self.irr_port),
            "--reload-signal", os.path.join(self.tmp, "irr.db")])

    # --- the route server ---------------------------------------------------
    def write_rsguard(self, c4_max=24, c3_limit=10, broken=False):
        text = """\
# rsguard for the end-to-end test: arouteserver's general.yml layout
cfg:
  rs_as: %(rs_as)d
  router_id: "%(rs_ip4)s"
  filtering:
    next_hop:
      policy: "strict"
    ipv4_pref_len: {min: 8, max: 24}
    ipv6_pref_len: {min: 12, max: 48}
    transit_free:
      action: "reject"
      asns: [174, 3356]
    rpki_bgp_origin_validation:
      enabled: true
      reject_invalid: true
    aspa:
      enabled: true
    reject_policy:
      policy: "tag_and_reject"
    irrdb:
      allow_longer_prefixes: true   # arouteserver configure's choice
  graceful_shutdown:
    enabled: true
  communities:
    do_not_announce_to_peer: {std: "0:peer_as", lrg: "rs_as:0:peer_as"}
  blackhole_filtering:
    policy_ipv4: "rewrite-next-hop"
    rewrite_next_hop_ipv4: "%(bh)s"
    policy_ipv6: "propagate-unchanged"
    add_noexport: true
  rpki_roas:
    ignore_cache_files_older_than: 0
    check_expires: false
sources:
  irr_whois:
    servers: ["127.0.0.1:%(irr_port)d"]
    refresh: 2
    timeout: 2
    retries: 1
  irr_sources: [E2E]
  aspa: ["%(tmp)s/aspa.json"]
  rtr:
    - {host: 127.0.0.1, port: %(port)d}
  rtr_timers: {refresh: 1, retry: 1, expire: 3600}
  refresh: 1
asns:
  AS3333: {as_sets: [AS-C1]}
  AS2497: {as_sets: [AS-C2]}
  AS6939: {as_sets: [AS-C3]}
  AS8075: {as_sets: [AS-C4]}
clients:
""" % {"rs_as": RS_AS, "rs_ip4": RS_IP4, "bh": BLACKHOLE_NH, "tmp": self.tmp,
       "port": self.rtr_port, "irr_port": self.irr_port}
        for name, p in sorted(PEERS.items()):
            text += "  - asn: %d\n    ip: [\"%s\", \"%s\"]\n" % (
                p["asn"], p["ip4"], p["ip6"])
            if name == "c4":
                text += ("    cfg:\n      filtering:\n"
                         "        ipv4_pref_len: {min: 8, max: %d}\n" % c4_max)
            if name == "c3":
                text += ("    cfg:\n      filtering:\n        max_prefix:\n"
                         "          peering_db: {enabled: false}\n"
                         "          limit_ipv4: %d\n          limit_ipv6: 20\n"
                         "          action: block\n" % c3_limit)
            if name == "c2":
                text += ("    cfg:\n      blackhole_filtering:\n"
                         "        announce_to_client: false\n")
        if broken:
            text += "  - asn: notanumber\n"
        self.atomic(os.path.join(self.tmp, "rsguard.yml"), text)

    def write_bird(self):
        text = """\
log "%(tmp)s/bird-events.log" all;
router id %(rs_ip4)s;

# sorted tables and "secondary" below: path-hiding mitigation, each client
# gets the best route it may receive
ipv4 table master4 sorted;
ipv6 table master6 sorted;
# rsguard's marker tables: a change in the library's data marks the
# prefixes it touches here, and the channels reload just those
ipv4 table rsg4 { digest settle time 100 ms 1 s; };
ipv6 table rsg6 { digest settle time 100 ms 1 s; };

protocol device { scan time 10; }

protocol rsguard rsg {
  ipv4 { table rsg4; };
  ipv6 { table rsg6; };
  filename "%(tmp)s/rsguard.yml";
  debug { events };
}

filter rs_import {
  if rsguard_import(rsg) then accept;
  reject;
}

template bgp rs_client {
  rs client;
  interpret communities off;
  connect delay time 1;
  connect retry time 2;
  error wait time 1, 5;
}
""" % {"tmp": self.tmp, "rs_ip4": RS_IP4, "rs_as": RS_AS}
        # one session per client and address family, as arouteserver
        # writes them
        for name, p in sorted(PEERS.items()):
            for afi, suffix, rs in ((4, "", RS_IP4), (6, "_6", RS_IP6)):
                text += """
protocol bgp %(name)s%(suffix)s from rs_client {
  local %(rs)s as %(rs_as)d;
  neighbor %(ip)s as %(asn)d;
  ipv%(afi)d {
    import table on;
    import filter rs_import;
    export where rsguard_export(rsg, %(ip)s, %(asn)d);
    secondary on;
  };
}
""" % dict(p, name=name, suffix=suffix, rs=rs, ip=p["ip%d" % afi], afi=afi,
           rs_as=RS_AS)
        self.atomic(os.path.join(self.tmp, "bird.conf"), text)

    def bird(self):
        env = dict(os.environ)
        lib = os.path.join(TOP_BUILDDIR, "lib", ".libs")
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"]
                                        if env.get("LD_LIBRARY_PATH") else "")
        # a sanitized librsguard in an uninstrumented BIRD: its runtime
        # must be loaded first; BIRD's own leaks at exit are not ours
        env.update(sanitizer_env(os.path.join(lib, "librsguard.so.0")))
        self.spawn("bird", self.rs_ns, [
            os.path.join(self.bird_dir, "sbin", "bird"), "-f",
            "-c", os.path.join(self.tmp, "bird.conf"),
            "-s", os.path.join(self.tmp, "bird.ctl"),
            "-P", os.path.join(self.tmp, "bird.pid")], env=env)

    def rsguard_log(self):
        """The rsguard protocol's trace: what each change marked."""
        try:
            with open(os.path.join(self.tmp, "bird-events.log")) as f:
                return "".join(l for l in f if "rsg:" in l)[-3000:]
        except OSError:
            return ""

    def birdc(self, *args):
        return run(os.path.join(self.bird_dir, "sbin", "birdc"), "-s",
                   os.path.join(self.tmp, "bird.ctl"), *args, check_rc=False)

    # --- the participants ---------------------------------------------------
    def exabgp(self, name):
        p = PEERS[name]
        routes = {4: [], 6: []}
        for prefix, nh, path, comms in p["routes"]:
            afi = 6 if ":" in prefix else 4
            nh = nh or p["ip%d" % afi]
            r = "route %s next-hop %s as-path [ %s ]" % (
                prefix, nh, " ".join(str(a) for a in path))
            if comms:
                r += " community [ %s ]" % " ".join(comms)
            routes[afi].append("    " + r + ";")
        conf = """\
process receiver {
  run %s %s %s;
  encoder json;
}
""" % (sys.executable, os.path.join(HERE, "exabgp-recv.py"),
       os.path.join(self.tmp, name + ".received"))
        for afi, rs in ((4, RS_IP4), (6, RS_IP6)):
            conf += """
neighbor %(rs)s {
  router-id %(ip4)s;
  local-address %(local)s;
  local-as %(asn)d;
  peer-as %(rs_as)d;
  hold-time 30;
  family {
    ipv%(afi)d unicast;
  }
  api {
    processes [ receiver ];
    receive { parsed; update; }
  }
  static {
%(routes)s
  }
}
""" % dict(p, rs=rs, local=p["ip%d" % afi], rs_as=RS_AS, afi=afi,
           routes="\n".join(routes[afi]))
        path = os.path.join(self.tmp, name + ".exabgp.conf")
        self.atomic(path, conf)
        env = dict(os.environ)
        env.update({"exabgp.daemon.user": "root", "exabgp.daemon.drop": "false",
                    "exabgp.daemon.daemonize": "false",
                    "exabgp.api.cli": "false", "exabgp.log.destination": "stdout",
                    "exabgp.tcp.bind": ""})
        self.spawn(name + ".exabgp", self.ns[name], ["exabgp", path], env=env)

    def received(self, name):
        try:
            with open(os.path.join(self.tmp, name + ".received")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}


# --- birdc output --------------------------------------------------------
ROUTE_RE = re.compile(r"^(\S+)\s+(unicast|unreachable|blackhole)\s+\[(\w+)")
MORE_RE = re.compile(r"^\s+(unicast|unreachable|blackhole)\s+\[(\w+)")
ATTR_RE = re.compile(r"^\s+bgp_(\w+):\s*(.*)$")


def parse_routes(text):
    """`show route ... all` as {prefix: {proto, communities, ...}}: the
    first (best) route of each prefix."""
    routes, cur = {}, None
    for line in text.splitlines():
        m = ROUTE_RE.match(line)
        if m:
            cur = {"proto": m.group(3), "communities": [],
                   "large_communities": [], "ext_communities": [],
                   "next_hop": None, "as_path": None, "local_pref": None}
            routes[m.group(1)] = cur
            continue
        if MORE_RE.match(line):
            cur = None
            continue
        a = ATTR_RE.match(line)
        if a and cur is not None:
            key, val = a.group(1), a.group(2)
            if key == "community":
                cur["communities"] = sorted(
                    "%s:%s" % t for t in re.findall(r"\((\d+),\s*(\d+)\)", val))
            elif key == "large_community":
                cur["large_communities"] = sorted(
                    "%s:%s:%s" % t for t in
                    re.findall(r"\((\d+),\s*(\d+),\s*(\d+)\)", val))
            elif key == "ext_community":
                cur["ext_communities"] = sorted(
                    re.findall(r"\(([^)]*)\)", val))
            elif key == "next_hop":
                cur["next_hop"] = val.split()[0]
            elif key == "local_pref":
                cur["local_pref"] = int(val)
            elif key == "path":
                cur["as_path"] = [int(x) for x in re.findall(r"\d+", val)]
    return routes


def bird_view(lab):
    """Accepted and filtered routes as BIRD holds them."""
    acc, flt, raw = {}, {}, []
    for fam in ("master4", "master6"):
        text = lab.birdc("show", "route", "table", fam, "all")
        raw.append(text)
        acc.update(parse_routes(text))
        for name in PEERS:
            if fam == "master6":
                name += "_6"
            text = lab.birdc("show", "route", "table", fam, "filtered",
                             "protocol", name, "all")
            raw.append(text)
            flt.update(parse_routes(text))
    lab.atomic(os.path.join(lab.tmp, "bird-routes.txt"), "\n".join(raw))
    return acc, flt


def wait_until(what, timeout, cond):
    end = time.time() + timeout * SLOW
    while True:
        r = cond()
        if r or time.time() > end:
            return r
        time.sleep(0.2)


def expect_view(acc, flt):
    """The differences between BIRD's tables and EXPECT, as text."""
    out = []
    for prefix, (client, accepted, reasons, _, _, _) in sorted(EXPECT.items()):
        route = acc.get(prefix) if accepted else flt.get(prefix)
        if route is None:
            where = "filtered" if prefix in flt else (
                "accepted" if prefix in acc else "absent")
            out.append("%s: %s, expected %s" % (
                prefix, where, "accepted" if accepted else "filtered"))
            continue
        if not route["proto"].startswith(client):
            out.append("%s: from %s, expected %s" % (prefix, route["proto"],
                                                     client))
        lcs, std = expected_communities(prefix)
        if route["large_communities"] != lcs:
            out.append("%s: large communities %s, expected %s" % (
                prefix, " ".join(route["large_communities"]), " ".join(lcs)))
        if route["communities"] != std:
            out.append("%s: communities %s, expected %s" % (
                prefix, " ".join(route["communities"]), " ".join(std)))
    return "\n".join(out)


def sanitizer_env(library):
    """LD_PRELOAD and options for a library built with sanitizers."""
    needed = run("ldd", library, check_rc=False)
    env, preload = {}, []
    for san in ("asan", "ubsan", "tsan"):
        m = re.search(r"lib%s\.so[.\d]* => (\S+)" % san, needed)
        if m:
            preload.append(m.group(1))
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
        env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
        env["TSAN_OPTIONS"] = "halt_on_error=1:report_signal_unsafe=0"
    return env


def import_limit(lab, proto):
    """(limit, action, hit) of a session's import limit, None if none."""
    text = lab.birdc("show", "protocols", "all", proto)
    m = re.search(r"Import limit:\s+(\d+)( \[HIT\])?\s+Action:\s+(\w+)", text)
    return (int(m.group(1)), m.group(3), bool(m.group(2))) if m else None


def quiet(lab, seconds=2):
    """Wait (bounded) until no channel imports anything for a while: the
    reloads of an earlier change may still be settling."""
    last, since = None, time.time()
    end = time.time() + 20 * SLOW
    while time.time() < end:
        now = import_counters(lab)
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= seconds:
            return
        time.sleep(0.2)


def import_counters(lab):
    """Import updates received, per client (both sessions)."""
    out = {}
    for name in PEERS:
        n = 0
        for proto in (name, name + "_6"):
            text = lab.birdc("show", "protocols", "all", proto)
            m = re.search(r"Import updates:\s+(\d+)", text)
            n += int(m.group(1)) if m else 0
        out[name] = n
    return out


def export_view(lab):
    """What each participant receives against what it should, as text."""
    out = []
    for name, p in sorted(PEERS.items()):
        got = lab.received(name)
        want = {}
        for prefix, (client, accepted, _, _, _, std) in EXPECT.items():
            if not accepted or client == name:
                continue
            # the blackhole: not to AS2497 (announce_to_client: false),
            # next hop rewritten for the others
            if prefix == "193.0.0.66/32" and name == "c2":
                continue
            want[prefix] = client
        for prefix in sorted(set(got) | set(want)):
            if prefix == HIDDEN:
                continue
            if prefix not in want:
                out.append("%s received %s" % (name, prefix))
                continue
            if prefix not in got:
                out.append("%s did not receive %s" % (name, prefix))
                continue
            r, src = got[prefix], PEERS[want[prefix]]
            route = [x for x in src["routes"] if x[0] == prefix][0]
            nh = route[1] or src["ip6" if ":" in prefix else "ip4"]
            if prefix == "193.0.0.66/32":
                nh = BLACKHOLE_NH
            lcs, std = expected_communities(prefix)
            for what, have, should in (
                    ("next hop", r["next_hop"], nh),
                    ("AS_PATH", r["as_path"], route[2]),
                    ("communities", r["communities"], std),
                    ("large communities", r["large_communities"], lcs)):
                if have != should:
                    out.append("%s: %s %s %s, expected %s" % (
                        name, prefix, what, have, should))
    return "\n".join(out)


def parse_checks(bird_dir):
    """bird -p: the example configuration, and BIRD without the library."""
    tmp = tempfile.mkdtemp(prefix="rsg-bird-parse-")
    try:
        ex = os.path.join(TOP_SRCDIR, "examples")
        for f in os.listdir(ex):
            if f.endswith(".yml") or f == "bird.conf":
                shutil.copy(os.path.join(ex, f), tmp)
        conf = os.path.join(tmp, "bird.conf")
        with open(conf) as f:
            text = f.read().replace("/etc/rsguard/rsguard.yml",
                                    os.path.join(tmp, "rsguard.yml"))
        with open(conf, "w") as f:
            f.write(text)
        env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(
            TOP_BUILDDIR, "lib", ".libs"))
        env.update(sanitizer_env(os.path.join(TOP_BUILDDIR, "lib", ".libs",
                                              "librsguard.so.0")))
        bird = os.path.join(bird_dir, "sbin", "bird")
        r = subprocess.run([bird, "-p", "-c", conf], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        noise = [l for l in r.stdout.splitlines()
                 if "may appear later" not in l]
        check(r.returncode == 0 and not noise,
              "examples/bird.conf with examples/rsguard.yml parses, no "
              "warning but the data files not there yet", r.stdout)

        # a broken rsguard.yml: refused while parsing, with its position
        with open(os.path.join(tmp, "clients.yml"), "a") as f:
            f.write("  - asn: 4200000000000\n    ip: 192.0.2.99\n")
        r = subprocess.run([bird, "-p", "-c", conf], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        check(r.returncode != 0 and re.search(r"rsguard: .*clients\.yml:\d+",
                                              r.stdout),
              "a broken rsguard configuration is a parse error naming the "
              "file and line", r.stdout)

        # the same series built without --with-rsguard
        build = os.path.join(TOP_SRCDIR, "bird-patches", "build-bird.sh")
        r = subprocess.run([build, "--without-rsguard"], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if not check(r.returncode == 0, "BIRD builds without librsguard",
                     r.stderr):
            return
        plain = os.path.join(r.stdout.strip().splitlines()[-1], "sbin", "bird")
        r = subprocess.run([plain, "-p", "-c", conf], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        check(r.returncode != 0 and "built without librsguard" in r.stdout,
              "BIRD without librsguard refuses the configuration, saying so",
              r.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if os.geteuid() != 0:
        skip("needs root for network namespaces")
    for tool in ("ip", "exabgp", "stayrtr"):
        if not shutil.which(tool):
            skip(tool + " not installed")
    lib = os.path.join(TOP_BUILDDIR, "lib", ".libs", "librsguard.so.0")
    if "tsan" in sanitizer_env(lib).get("LD_PRELOAD", ""):
        # BIRD is not built with TSan, and with libtsan preloaded it
        # crashes before reading its configuration: this test runs in the
        # plain and ASan+UBSan builds; the library's threads are checked
        # under TSan by the unit tests (worker, rtr, faults)
        print("# skip: BIRD does not run under TSan", flush=True)
        return 77
    build = os.path.join(TOP_SRCDIR, "bird-patches", "build-bird.sh")
    r = subprocess.run([build, "--rsguard-build", TOP_BUILDDIR],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode:
        nok("BIRD 3.3.2 with bird-patches/ builds", r.stderr)
        return 1
    bird_dir = r.stdout.strip().splitlines()[-1]
    # working on the series: a BIRD of one's own (DIR/sbin/bird)
    bird_dir = os.environ.get("RSG_TEST_BIRD_DIR", bird_dir)
    ok("BIRD 3.3.2 with bird-patches/ builds (%s)" % bird_dir)

    parse_checks(bird_dir)

    lab = Lab(bird_dir)

    def stop(signum, frame):
        raise SystemExit(128 + signum)
    # a killed test (make check's timeout, ^C) still tears the lab down
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return scenario(lab)
    finally:
        if os.environ.get("RSG_TEST_HOLD"):
            # debugging: the lab stays up this long (birdc -s TMP/bird.ctl)
            print("# holding %s for %s s" % (lab.tmp, os.environ["RSG_TEST_HOLD"]),
                  flush=True)
            time.sleep(float(os.environ["RSG_TEST_HOLD"]))
        lab.close()


def scenario(lab):
    lab.net()
    lab.write_vrps(VRPS)
    lab.write_aspas(ASPAS)
    lab.write_irr()
    lab.write_rsguard()
    lab.write_bird()
    lab.stayrtr()
    lab.irrd()
    lab.bird()
    if not wait_until("bird", 10, lambda: os.path.exists(
            os.path.join(lab.tmp, "bird.ctl"))):
        nok("BIRD starts", lab.log("bird"))
        return 1
    ok("BIRD starts with the rsguard protocol")
    for name in sorted(PEERS):
        lab.exabgp(name)

    def established():
        out = lab.birdc("show", "protocols")
        return all(re.search(r"^%s%s\s+BGP\s.*Established" % (n, s), out,
                             re.M) for n in PEERS for s in ("", "_6")) and out
    out = wait_until("sessions", 60, established)
    if not check(out, "four participants' IPv4 and IPv6 sessions are Established",
                 lab.birdc("show", "protocols") + lab.log("c1.exabgp")):
        return 1
    out = lab.birdc("show", "protocols", "all", "rsg")
    check(re.search(r"rsg\s+rsguard\s.*up\s.*Generation \d+", out),
          "rsguard protocol is up with data", out)

    # --- max-prefix limits from the library --------------------------------
    check(import_limit(lab, "c3") == (10, "block", False) and
          import_limit(lab, "c3_6") == (20, "block", False) and
          import_limit(lab, "c1") == (170000, "restart", False),
          "max-prefix limits are the channels' import limits: AS6939's "
          "own, arouteserver's general ones for AS3333",
          "c3 %s, c3_6 %s, c1 %s" % (import_limit(lab, "c3"),
                                    import_limit(lab, "c3_6"),
                                    import_limit(lab, "c1")))

    # --- what BIRD accepts and filters, with the reasons ---------------------
    diff = wait_until("routes", 60, lambda: not expect_view(*bird_view(lab)))
    acc, flt = bird_view(lab)
    check(diff, "every route is accepted or filtered as expected, with "
          "exactly its reasons", expect_view(acc, flt))
    # --- what each participant receives --------------------------------------
    diff = wait_until("exports", 30, lambda: not export_view(lab))
    check(diff, "each participant receives exactly the accepted routes of the "
          "others, blackholes as the policy says", export_view(lab))

    if os.environ.get("RSG_TEST_STOP_AFTER_EXPORTS"):
        return 1 if fails else 0
    acc, _ = bird_view(lab)
    check(acc.get("20.36.0.0/16", {}).get("local_pref") == 0,
          "GRACEFUL_SHUTDOWN (RFC 8326): local preference 0",
          acc.get("20.36.0.0/16"))
    # path hiding: AS8075's best path may not go to AS3333; AS3333 gets
    # the next best, AS6939's, the others AS8075's
    paths = {n: lab.received(n).get(HIDDEN, {}).get("as_path")
             for n in ("c1", "c2")}
    check(paths == {"c1": [6939, 8075], "c2": [8075]},
          "path-hiding mitigation: AS3333 receives AS6939's path for %s, "
          "AS2497 the best (AS8075's)" % HIDDEN, paths)

    # --- live changes, no configure -------------------------------------------
    def flip(desc, change, prefix):
        """Make a change; only EXPECT[prefix] may flip, within 5 s."""
        quiet(lab)
        before_acc, before_flt = bird_view(lab)
        counters = import_counters(lab)
        t0 = time.time()
        change()
        diff = wait_until(desc, 15, lambda: not expect_view(*bird_view(lab)))
        took = time.time() - t0
        acc, flt = bird_view(lab)
        check(diff, "%s: %s flips, with its communities" % (desc, prefix),
              expect_view(acc, flt))
        check(took <= 5 * SLOW, "%s: flipped in %.1f s (at most 5)" % (
            desc, took))
        others = [p for p in EXPECT if p != prefix and (
            acc.get(p), flt.get(p)) != (before_acc.get(p), before_flt.get(p))]
        check(not others, "%s: no other route changed" % desc,
              " ".join(others))
        return counters

    EXPECT["193.0.24.0/24"] = ("c1", True, [], VALID, VALID, [])
    VRPS[0] = (3333, "193.0.0.0/16", 24)
    before = flip("VRP maxLength 21 -> 24 (RTR)",
                  lambda: lab.write_vrps(VRPS), "193.0.24.0/24")
    after = import_counters(lab)
    moved = {p: after[p] - before[p] for p in after if after[p] != before[p]}
    check(set(moved) == {"c1"} and moved["c1"] <= 3,
          "VRP change: only routes inside 193.0.0.0/16 were imported again "
          "(%s)" % moved, "%s\n%s" % (moved, lab.rsguard_log()))
    wait_until("exports", 10, lambda: not export_view(lab))
    check(not export_view(lab), "VRP change: the participants receive "
          "193.0.24.0/24", export_view(lab))

    EXPECT["185.2.0.0/22"] = ("c3", True, [], NOT_FOUND, VALID, [])
    ASPAS[39120] = [1299, 6939]
    before = flip("ASPA of AS39120 adds provider AS6939 (file)",
                  lambda: lab.write_aspas(ASPAS), "185.2.0.0/22")
    after = import_counters(lab)
    moved = {p: after[p] - before[p] for p in after if after[p] != before[p]}
    walks = re.search(r"Walks by path:\s+(\d+) \((\d+) networks",
                      lab.birdc("show", "protocols", "all", "rsg"))
    check(set(moved) == {"c3"} and moved["c3"] <= 3 and walks and
          int(walks.group(2)) >= 1,
          "ASPA change: only routes whose AS_PATH holds AS39120 were "
          "imported again (%s), found by a walk of the tables" % moved,
          "%s\n%s" % (moved, walks and walks.group(0)))

    EXPECT["20.33.128.0/25"] = ("c4", True, [], NOT_FOUND, VALID, [])
    before = flip("client AS8075's ipv4_pref_len max 24 -> 25 (rsguard.yml)",
                  lambda: lab.write_rsguard(c4_max=25, c3_limit=1),
                  "20.33.128.0/25")
    after = import_counters(lab)
    moved = {p: after[p] - before[p] for p in after if after[p] != before[p]}
    check(moved.get("c4") and set(moved) <= {"c3", "c4"},
          "client policy change: only the routes of the clients whose policy "
          "changed (AS8075; AS6939's limit) were imported again (%s)" % moved,
          moved)
    # the same edit lowered AS6939's limit below its 2 accepted routes
    hit = wait_until("limit", 5, lambda: import_limit(lab, "c3") ==
                     (1, "block", True))
    check(hit, "AS6939's new limit 1 applies at once, hit (block)",
          lab.birdc("show", "protocols", "all", "c3"))
    wait_until("exports", 10, lambda: not export_view(lab))
    check(not export_view(lab), "after the changes each participant "
          "receives what it should", export_view(lab))

    # --- the IRR: an AS-SET changes on the IRRd ------------------------------
    EXPECT["20.40.0.0/16"] = ("c4", True, [], NOT_FOUND, UNKNOWN, [])
    IRR_SETS["AS-C4"].append("AS8068")
    before = flip("AS-SET AS-C4 gains AS8068 (IRRd, refreshed every 2 s)",
                  lab.write_irr, "20.40.0.0/16")
    after = import_counters(lab)
    moved = {p: after[p] - before[p] for p in after if after[p] != before[p]}
    check(set(moved) == {"c4"},
          "AS-SET change: only the routes of the client using it were "
          "imported again (%s)" % moved, moved)
    wait_until("exports", 10, lambda: not export_view(lab))
    check(not export_view(lab), "AS-SET change: the participants receive "
          "20.40.0.0/16", export_view(lab))

    # --- the cache goes away and comes back -----------------------------------
    lab.procs["stayrtr"].kill()
    lab.procs["stayrtr"].wait()
    time.sleep(3)
    acc, flt = bird_view(lab)
    check(not expect_view(acc, flt), "StayRTR killed: BIRD serves the same "
          "verdicts (the VRPs stay until they expire)", expect_view(acc, flt))
    lab.stayrtr()
    time.sleep(3)
    check(lab.procs["bird"].poll() is None and not expect_view(*bird_view(lab)),
          "StayRTR restarted: BIRD runs, verdicts unchanged")

    # --- a broken rsguard configuration ---------------------------------------
    lab.write_rsguard(c4_max=25, c3_limit=1, broken=True)
    out = lab.birdc("configure")
    check(re.search(r"rsguard.*(asn|number|notanumber)", out, re.I) and
          "Reconfigured" not in out,
          "configure with a broken rsguard.yml is refused, saying why", out)
    time.sleep(2)
    check(lab.procs["bird"].poll() is None and not expect_view(*bird_view(lab)),
          "BIRD keeps running and serving with the old configuration")
    out = lab.birdc("show", "protocols")
    check(all(re.search(r"^%s\s+BGP\s.*Established" % n, out, re.M)
              for n in PEERS), "the sessions stay up", out)
    lab.write_rsguard(c4_max=25, c3_limit=1)
    out = lab.birdc("configure")
    check("Reconfigured" in out, "configure with the repaired file", out)

    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

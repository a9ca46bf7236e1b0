#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The route-server demo: BIRD with librsguard on a peering LAN.

The peering LAN of the bundled RIPE RIS dump (DIX-IE, 202.249.2.0/24) is
built in network namespaces: a bridge in the route server's namespace and
a veth to each participant's own namespace. The route server is BIRD 3.3.2
patched with bird-patches/ (the rsguard protocol, rsguard_import() and
rsguard_export()); StayRTR serves rpki-client's VRPs to it over RTR; the
ASPAs and PeeringDB records come from files. Each of the dump's four
peers is an ExaBGP participant with its own address and ASN announcing
its routes from the dump (prefix, AS_PATH, ORIGIN, NEXT_HOP and
communities as the dump has them).

When BIRD holds every route announced, the looking-glass view is printed
per participant: routes announced, accepted, filtered, and the filtered
routes grouped by reason, in the library's plain words, with the fix.
The reasons BIRD holds are the RS:1101:x large communities on its
filtered routes; the words come from `rsguard table --json` over the same
routes, and the two are compared route by route.

Needs root (network namespaces), ip, exabgp and stayrtr. Everything is
torn down at the end, also on an error, SIGINT or SIGTERM.
"""
import argparse
import bz2
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DATA = os.path.join(TOP, "tests", "data")
DUMP = os.path.join(DATA, "bgp", "bgpdump-m_bview.20100701.0759.txt.gz")
VRPS_BZ2 = os.path.join(DATA, "rpki",
                        "rpkiclient_summary_20250720T100145Z.json.bz2")
POLICY = os.path.join(DATA, "rsguard-demo.yml")

RS_IP = "202.249.2.1"       # no peer and no next hop of the dump
LAN_LEN = 24
RTR_PORT = 8282             # StayRTR, on the loopback of the RS namespace
DEFAULT_ROUTES = 50000      # per participant (--routes): about 35 s
QUICK_ROUTES = 500          # --quick
FAR_FUTURE = 4102444800     # 2100-01-01


class DemoError(Exception):
    """A failure to report in one sentence (no traceback)."""


def fmt(n):
    return "{:,}".format(n)


def pct(n, total):
    return "%.1f%%" % (100.0 * n / total) if total else "-"


def run(cmd, timeout=60, check=True, **kw):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise DemoError("%s: no answer within %d s" % (cmd[0], timeout))
    if check and r.returncode:
        raise DemoError("%s: exit %d\n%s" % (" ".join(cmd), r.returncode,
                                              r.stdout[-2000:]))
    return r.stdout


# --- the data ---------------------------------------------------------------
def load_clients(rsguard, policy):
    """The policy's clients, as rsguard reads them: [(asn, ip, name)]."""
    out = run([rsguard, "config", "check", "--explain", policy])
    clients = []
    for m in re.finditer(r'^client AS(\d+) (\S+) "([^"]*)"', out, re.M):
        clients.append((int(m.group(1)), m.group(2), m.group(3)))
    if not clients:
        raise DemoError("%s: no clients" % policy)
    return clients


def load_dump(clients):
    """The dump's announcements per client address, in dump order."""
    routes = {ip: [] for _, ip, _ in clients}
    asn_of = {ip: asn for asn, ip, _ in clients}
    with gzip.open(DUMP, "rt") as f:
        for line in f:
            fields = line.rstrip("\n").split("|")
            if len(fields) < 12 or fields[2] not in ("A", "B"):
                continue
            peer, asn = fields[3], fields[4]
            if peer in routes and str(asn_of[peer]) == asn:
                routes[peer].append(line.rstrip("\n"))
    return routes


def sample(lines, n):
    """n routes spread evenly over lines, in their order (all if n is 0)."""
    if n <= 0 or n >= len(lines):
        return list(lines)
    return [lines[i * len(lines) // n] for i in range(n)]


def exabgp_route(line):
    """A bgpdump -m line as a route of ExaBGP's configuration."""
    f = line.split("|")
    prefix, path, origin, nh, comms = f[5], f[6], f[7], f[8], f[11]
    seq, aset = path, ""
    if "{" in path:                 # an AS_SET, at the end in this dump
        seq, aset = path.split("{", 1)
        aset = "( %s ) " % " ".join(aset.rstrip("}").split(","))
    route = "route %s next-hop %s origin %s as-path [ %s %s]" % (
        prefix, nh, origin.lower(), seq.strip(), aset)
    if comms.strip():
        route += " community [ %s ]" % comms.strip()
    return route


def write_vrps(tmp):
    """rpki-client's JSON, decompressed, for StayRTR and rsguard table.

    StayRTR drops VRPs whose "expires" has passed, and those of this
    snapshot of 2025-07-20 all have: the expiry times are moved to 2100.
    rsguard reads the file with check_expires: false, as the demo policy
    says, so both serve the same VRPs. The ASPAs go to a file of their
    own (rsguard reads ASPAs from files, not over RTR)."""
    with bz2.open(VRPS_BZ2, "rb") as f:
        text = f.read()
    text = re.sub(rb'"expires": *[0-9]+', b'"expires": %d' % FAR_FUTURE, text)
    vrps = os.path.join(tmp, "vrps.json")
    with open(vrps, "wb") as f:
        f.write(text)
    m = re.search(rb'"aspas"\s*:\s*\[', text)
    if not m:
        raise DemoError("no ASPAs in " + VRPS_BZ2)
    aspas, _ = json.JSONDecoder().raw_decode(text[m.end() - 1:].decode())
    with open(os.path.join(tmp, "aspa.json"), "w") as f:
        json.dump({"aspas": aspas}, f)
    return vrps, text.count(b'"prefix":'), len(aspas)


# --- the lab ----------------------------------------------------------------
class Lab:
    """The namespaces and processes; close() tears everything down."""

    def __init__(self, args, clients):
        self.args = args
        self.clients = clients
        self.tmp = tempfile.mkdtemp(prefix="rsg-demo-")
        tag = "rsgdemo%d" % os.getpid()
        self.rs_ns = tag + "rs"
        self.ns = {asn: "%sas%d" % (tag, asn) for asn, _, _ in clients}
        self.namespaces = []
        self.procs = {}

    def path(self, name):
        return os.path.join(self.tmp, name)

    def net(self):
        rs = ["ip", "-n", self.rs_ns]
        run(["ip", "netns", "add", self.rs_ns])
        self.namespaces.append(self.rs_ns)
        run(rs + ["link", "set", "lo", "up"])
        run(rs + ["link", "add", "ix", "type", "bridge"])
        run(rs + ["addr", "add", "%s/%d" % (RS_IP, LAN_LEN), "dev", "ix"])
        run(rs + ["link", "set", "ix", "up"])
        for i, (asn, ip, _) in enumerate(self.clients):
            ns = self.ns[asn]
            run(["ip", "netns", "add", ns])
            self.namespaces.append(ns)
            run(rs + ["link", "add", "v%d" % i, "type", "veth", "peer",
                      "name", "eth0", "netns", ns])
            run(rs + ["link", "set", "v%d" % i, "master", "ix", "up"])
            pn = ["ip", "-n", ns]
            run(pn + ["link", "set", "lo", "up"])
            run(pn + ["addr", "add", "%s/%d" % (ip, LAN_LEN), "dev", "eth0"])
            run(pn + ["link", "set", "eth0", "up"])

    def spawn(self, name, ns, cmd, env=None):
        log = open(self.path(name + ".log"), "w")
        self.procs[name] = subprocess.Popen(
            ["ip", "netns", "exec", ns] + cmd, stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True)
        log.close()
        return self.procs[name]

    def alive(self, name):
        return self.procs[name].poll() is None

    def log(self, name, tail=3000):
        """The end of a process's output, without rtrlib's debug lines
        (Debian's rtrlib writes one on every RTR state change)."""
        try:
            with open(self.path(name + ".log"), errors="replace") as f:
                text = f.read()
        except OSError:
            return ""
        text = re.sub(r"(?m)^\(\d{4}/\d\d/\d\d [\d:]+\): .*\n?", "", text)
        return text[-tail:]

    def close(self):
        # each process leads a session of its own: end its group (ExaBGP
        # and its API processes) by the leader's id
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except OSError:
                    pass
        for proc in self.procs.values():
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                proc.wait()
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "del", ns],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.args.keep:
            print("files kept in " + self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # --- RPKI, the policy, BIRD ---------------------------------------------
    def stayrtr(self, vrps):
        self.spawn("stayrtr", self.rs_ns, [
            "stayrtr", "-bind", "127.0.0.1:%d" % RTR_PORT, "-cache", vrps,
            "-checktime=false", "-metrics.addr=", "-refresh=3600",
            "-log.verbose=false"])

    def write_policy(self):
        """The demo policy for BIRD: tests/data/rsguard-demo.yml with the
        data sources of this lab and the limits only warned about."""
        with open(POLICY) as f:
            text = f.read()
        sources = """sources:
  rtr:
    - {host: 127.0.0.1, port: %d}       # StayRTR: the VRPs
  aspa: [%s]
  peeringdb: %s
""" % (RTR_PORT, self.path("aspa.json"),
            os.path.join(DATA, "peeringdb", "pdb_net_pages_1-2.json"))
        m = re.search(r"^sources:\n(?:[ #].*\n|\n)*", text, re.M)
        if not m:
            raise DemoError(POLICY + ": no sources section")
        text = text[:m.start()] + sources + "\n" + text[m.end():]
        # The peers sent full tables: AS2497 is above its PeeringDB limit
        # (20,000 + 100, +15%). A route server would restart the session;
        # the demo keeps it up and BIRD only warns.
        text = text.replace("\n  filtering:\n", "\n  filtering:\n"
                            "    max_prefix:\n"
                            "      action: warning\n", 1)
        if "max_prefix" not in text:
            raise DemoError(POLICY + ": no general filtering section")
        with open(self.path("rsguard.yml"), "w") as f:
            f.write(text)
        return self.path("rsguard.yml")

    def write_bird(self, rs_as):
        text = """\
# The demo's route server: examples/bird.conf on the DIX-IE LAN.
log "%(tmp)s/bird-events.log" { warning, error, fatal, bug };
router id %(rs_ip)s;

ipv4 table master4 sorted;
ipv6 table master6 sorted;
ipv4 table rsguard4 { digest settle time 1 s 5 s; };
ipv6 table rsguard6 { digest settle time 1 s 5 s; };

protocol device { scan time 10; }

protocol rsguard rsg {
  ipv4 { table rsguard4; };
  ipv6 { table rsguard6; };
  filename "%(tmp)s/rsguard.yml";
  import limits on;
}

filter rs_import {
  if rsguard_import(rsg) then accept;
  reject;
}

template bgp rs_member {
  local %(rs_ip)s as %(rs_as)d;
  rs client;
  interpret communities off;
  connect retry time 2;
  error wait time 1, 5;
  allow as sets on;
  local role rs_server;
}
""" % {"tmp": self.tmp, "rs_ip": RS_IP, "rs_as": rs_as}
        for asn, ip, name in self.clients:
            text += """
# AS%(asn)d, "%(name)s"
protocol bgp AS%(asn)d from rs_member {
  neighbor %(ip)s as %(asn)d;
  ipv4 {
    import table on;
    import filter rs_import;
    export where rsguard_export(rsg, %(ip)s, %(asn)d);
    secondary on;
  };
}
""" % {"asn": asn, "ip": ip, "name": name.replace('"', "'")}
        with open(self.path("bird.conf"), "w") as f:
            f.write(text)

    def bird(self):
        env = dict(os.environ)
        lib = os.path.join(self.args.build, "lib", ".libs")
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"]
                                        if env.get("LD_LIBRARY_PATH") else "")
        env.update(sanitizer_env(os.path.join(lib, "librsguard.so.0")))
        self.spawn("bird", self.rs_ns, [
            os.path.join(self.args.bird, "sbin", "bird"), "-f",
            "-c", self.path("bird.conf"), "-s", self.path("bird.ctl"),
            "-P", self.path("bird.pid")], env=env)

    def birdc(self, *cmd, timeout=120):
        return run([os.path.join(self.args.bird, "sbin", "birdc"), "-s",
                    self.path("bird.ctl")] + list(cmd), timeout=timeout,
                   check=False)

    # --- the participants -----------------------------------------------------
    def exabgp(self, asn, ip, rs_as, lines):
        """A participant: ExaBGP with its routes in its configuration.

        (ExaBGP 4.2.21 takes the full table of a peer, 320,000 routes, in
        about 30 s from its configuration, and then sends them in about
        10 s; the same routes written to it by an API process take about
        100 s.)"""
        routes = "".join("    %s;\n" % exabgp_route(line) for line in lines)
        conf = """\
neighbor %s {
  router-id %s;
  local-address %s;
  local-as %d;
  peer-as %d;
  hold-time 180;
  family {
    ipv4 unicast;
  }
  static {
%s  }
}
""" % (RS_IP, ip, ip, asn, rs_as, routes)
        path = self.path("AS%d.exabgp.conf" % asn)
        with open(path, "w") as f:
            f.write(conf)
        env = dict(os.environ)
        env.update({"exabgp.daemon.user": "root", "exabgp.daemon.drop": "false",
                    "exabgp.daemon.daemonize": "false",
                    "exabgp.api.cli": "false",
                    "exabgp.log.destination": "stdout",
                    "exabgp.log.level": "WARNING",
                    "exabgp.tcp.bind": ""})
        self.spawn("AS%d.exabgp" % asn, self.ns[asn], ["exabgp", path],
                   env=env)


def sanitizer_env(library):
    """LD_PRELOAD for a librsguard built with sanitizers."""
    needed = run(["ldd", library], check=False)
    env, preload = {}, []
    for san in ("asan", "ubsan"):
        m = re.search(r"lib%s\.so[.\d]* => (\S+)" % san, needed)
        if m:
            preload.append(m.group(1))
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
        env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
    return env


# --- birdc output ---------------------------------------------------------
ROUTE_RE = re.compile(r"^(\S+)\s+(unicast|unreachable|blackhole)\s+\[(\w+)")
MORE_RE = re.compile(r"^\s+(unicast|unreachable|blackhole)\s+\[")
LC_RE = re.compile(r"\((\d+),\s*(\d+),\s*(\d+)\)")


def parse_routes(text):
    """`show route ... all`: {prefix: {"lcs": set of "a:b:c", "path": str,
    "next_hop": str}}, the first route of each prefix."""
    routes, cur = {}, None
    for line in text.splitlines():
        m = ROUTE_RE.match(line)
        if m:
            cur = {"lcs": set(), "path": None, "next_hop": None}
            routes[m.group(1)] = cur
            continue
        if cur is None or MORE_RE.match(line):
            cur = None
            continue
        s = line.strip()
        if s.startswith("bgp_large_community:"):
            cur["lcs"] = {"%s:%s:%s" % t for t in LC_RE.findall(s)}
        elif s.startswith("bgp_path:"):
            cur["path"] = s.split(":", 1)[1].strip()
        elif s.startswith("bgp_next_hop:"):
            cur["next_hop"] = s.split(":", 1)[1].split()[0]
    return routes


def channel_stats(text):
    """imported, filtered, import limit (value, action, hit) of a session."""
    m = re.search(r"Routes:\s+(\d+) imported, (?:(\d+) filtered, )?", text)
    imported = int(m.group(1)) if m else 0
    filtered = int(m.group(2) or 0) if m else 0
    lim = re.search(r"Import limit:\s+(\d+)( \[HIT\])?\s+Action:\s+(\w+)", text)
    limit = (int(lim.group(1)), lim.group(3), bool(lim.group(2))) if lim \
        else None
    return imported, filtered, limit


def wait_until(timeout, cond, interval=0.5):
    """cond() until true or timeout seconds; its last value."""
    end = time.time() + timeout
    while True:
        r = cond()
        if r or time.time() > end:
            return r
        time.sleep(interval)


class Demo:
    def __init__(self, args):
        self.args = args
        self.t0 = time.time()
        self.lab = None
        self.rsguard = os.path.join(args.build, "tools", "rsguard")
        self.width = min(max(shutil.get_terminal_size((100, 24)).columns,
                             72), 120)

    def paragraph(self, text, indent=""):
        return textwrap.fill(text, width=self.width, initial_indent=indent,
                             subsequent_indent=indent).replace("\xa0", " ")

    def say(self, msg):
        print("[%5.1f s] %s" % (time.time() - self.t0, msg), flush=True)

    def close(self):
        if self.lab:
            self.lab.close()

    def preflight(self):
        if os.geteuid() != 0:
            raise DemoError("needs root: the LAN is built in network "
                            "namespaces")
        for tool in ("ip", "exabgp", "stayrtr"):
            if not shutil.which(tool):
                raise DemoError(tool + " is not installed "
                                "(examples/install-deps.sh installs it)")
        if not os.access(self.rsguard, os.X_OK):
            raise DemoError("no %s: build rsguard first" % self.rsguard)
        lib = os.path.join(self.args.build, "lib", ".libs", "librsguard.so.0")
        if "tsan" in run(["ldd", lib], check=False):
            raise DemoError("BIRD does not run with a TSan librsguard")
        if not self.args.bird:
            build = os.path.join(TOP, "bird-patches", "build-bird.sh")
            self.say("BIRD 3.3.2 with bird-patches/: build-bird.sh "
                     "(cached after the first build)")
            out = run([build, "--rsguard-build", self.args.build],
                      timeout=1800)
            self.args.bird = out.strip().splitlines()[-1]
        for prog in ("bird", "birdc"):
            if not os.access(os.path.join(self.args.bird, "sbin", prog),
                             os.X_OK):
                raise DemoError("no %s/sbin/%s" % (self.args.bird, prog))

    def run(self):
        args = self.args
        self.preflight()
        clients = load_clients(self.rsguard, POLICY)
        out = run([self.rsguard, "config", "check", "--explain", POLICY])
        m = re.search(r"route server AS(\d+)", out)
        self.rs_as = rs_as = int(m.group(1)) if m else 64496
        dump = load_dump(clients)
        sel = {ip: sample(dump[ip], args.routes) for _, ip, _ in clients}
        total = sum(len(v) for v in sel.values())
        for asn, ip, _ in clients:
            if ip == RS_IP:
                raise DemoError("client AS%d has the route server's "
                                "address %s" % (asn, RS_IP))

        all_routes = sum(len(v) for v in dump.values())
        intro = ("BIRD 3.3.2 with librsguard as the route server AS%d %s of "
                 "the DIX-IE peering LAN 202.249.2.0/24 (Tokyo), with its "
                 "peers of July 2010 as participants: their routes from a "
                 "RIPE RIS dump of 2010-07-01, checked against rpki-client's "
                 "VRPs and ASPAs of 2025-07-20 and PeeringDB of 2026-04-16 "
                 "under tests/data/rsguard-demo.yml. The data sets are years "
                 "apart: a demonstration of the checks, not a statement "
                 "about these networks." % (rs_as, RS_IP))
        if total < all_routes:
            intro += (" A sample: each participant's routes spread evenly "
                      "over the dump, %s (--routes N per participant; "
                      "--all-routes: all %s, about two minutes)." % (
                          # (no-break spaces: one participant, one line)
                          ", ".join(("AS%d\xa0%s\xa0of\xa0%s" % (
                              asn, fmt(len(sel[ip])), fmt(len(dump[ip]))))
                              if len(sel[ip]) < len(dump[ip]) else
                              "AS%d\xa0all\xa0%s" % (asn, fmt(len(dump[ip])))
                              for asn, ip, _ in clients),
                          fmt(all_routes)))
        print("rsguard route-server demo")
        print(self.paragraph(intro, "  "))
        print(flush=True)

        self.lab = lab = Lab(args, clients)
        lab.net()
        self.say("LAN up: route server %s and %d participants, each in a "
                 "network namespace" % (RS_IP, len(clients)))
        vrps, nvrps, naspas = write_vrps(lab.tmp)
        lab.stayrtr(vrps)
        lab.write_policy()
        lab.write_bird(rs_as)
        if not wait_until(90, lambda: "Server started" in lab.log("stayrtr")
                          or not lab.alive("stayrtr")) \
                or not lab.alive("stayrtr"):
            raise DemoError("StayRTR did not start:\n" + lab.log("stayrtr"))
        m = re.search(r"\((\d+) uniques", lab.log("stayrtr", 100000))
        self.say("StayRTR serves %s VRPs over RTR (rpki-client, %s VRPs "
                 "and %d ASPAs)" % (fmt(int(m.group(1))) if m else "?",
                                    fmt(nvrps), naspas))
        lab.bird()

        last_rsg = [""]

        def rsg_ready():
            if not lab.alive("bird"):
                return "dead"
            text = lab.birdc("show", "protocols", "all", "rsg", timeout=10)
            last_rsg[0] = text
            # "ok": the source's data is in service
            return text if re.search(r"^\s*Source rtr .*: ok$", text, re.M) \
                else None
        text = wait_until(90, rsg_ready)
        if not text or text == "dead":
            raise DemoError("BIRD's rsguard protocol did not get the VRPs:\n"
                            + lab.log("bird") + "\n" + last_rsg[0])
        # the source is ok a moment before the generation with its data is
        # published: wait for the generation to stay the same for a second
        prev = [None]

        def stable():
            g = self.generation()
            same, prev[0] = g is not None and g == prev[0], g
            return same
        wait_until(15, stable, interval=1)
        self.say("BIRD is up; rsguard has the VRPs (RTR), the ASPAs and "
                 "PeeringDB: generation %s" % prev[0])

        t_feed = time.time()
        for asn, ip, _ in clients:
            lab.exabgp(asn, ip, rs_as, sel[ip])
        names = ["AS%d" % asn for asn, _, _ in clients]
        self.say("%d ExaBGP participants read their %s routes" % (
            len(names), fmt(total)))

        def alive():
            for name in ["bird"] + [n + ".exabgp" for n in names]:
                if not lab.alive(name):
                    raise DemoError("%s ended (exit status %s)\n%s" % (
                        name, lab.procs[name].returncode, lab.log(name)))

        def established():
            alive()
            text = lab.birdc("show", "protocols", timeout=10)
            return all(re.search(r"^%s\s+BGP\s.*Established" % n, text, re.M)
                       for n in names)
        # ExaBGP reads some 10,000 routes a second before it connects
        most = max(len(v) for v in sel.values())
        if not wait_until(60 + most / 1000.0, established, interval=1):
            raise DemoError("the BGP sessions did not come up:\n" +
                            lab.birdc("show", "protocols") +
                            lab.log("AS%d.exabgp" % clients[0][0]))
        self.say("%d BGP sessions established, the routes go in"
                 % len(names))

        limit = 60 + total / 200.0
        last = [0, time.time()]

        def imported():
            alive()
            got = 0
            for (asn, ip, _), n in zip(clients, names):
                i, f, _ = channel_stats(lab.birdc("show", "protocols", "all",
                                                  n, timeout=30))
                got += min(i + f, len(sel[ip]))
            if got != last[0]:
                last[:] = [got, time.time()]
            if sys.stdout.isatty():
                print("\r[%5.1f s] in BIRD: %s of %s routes " % (
                    time.time() - self.t0, fmt(got), fmt(total)), end="",
                      flush=True)
            # stalled for a minute: give up early
            return got >= total or time.time() - last[1] > 60
        wait_until(limit, imported, interval=1)
        if sys.stdout.isatty():
            print("\r" + " " * 60 + "\r", end="")
        if last[0] < total:
            raise DemoError("BIRD has %s of the %s routes announced after "
                            "%d s" % (fmt(last[0]), fmt(total),
                                      time.time() - t_feed))
        self.t_routes = time.time() - t_feed
        self.say("BIRD has all %s routes, accepted or filtered, %.0f s "
                 "after ExaBGP started" % (fmt(total), self.t_routes))
        return self.view(clients, names, sel)

    def generation(self):
        text = self.lab.birdc("show", "protocols", "all", "rsg", timeout=10)
        m = re.search(r"Generation:\s+(\d+)", text)
        return int(m.group(1)) if m else None

    def settle(self, names, timeout=30):
        """Until BIRD is done re-evaluating: the rsguard generation and
        every session's import counters the same for 2 s."""
        def state():
            out = [self.generation()]
            for n in names:
                text = self.lab.birdc("show", "protocols", "all", n,
                                      timeout=30)
                out += re.findall(r"Import (?:updates|withdraws):.*", text)
            return out
        prev = [state()]

        def same():
            time.sleep(2)
            cur = state()
            stable, prev[0] = cur == prev[0], cur
            return stable
        return wait_until(timeout, same, interval=0)

    def rsguard_table(self, name, lines):
        """rsguard table over lines, with the policy BIRD has and the VRPs
        and ASPAs of the file StayRTR serves. Returns the route server's
        large communities of each filtered route ({prefix: set}), its
        filtered routes by reason ({(code, reason): [count, examples]},
        the first examples with different explanations) and the summary."""
        lab = self.lab
        dump = lab.path(name + ".bgpdump")
        with open(dump, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = lab.path(name + ".rsguard.json")
        with open(out, "w") as f:
            r = subprocess.run(
                [self.rsguard, "table", "-q", "-c", lab.path("rsguard.yml"),
                 "--vrps", lab.path("vrps.json"), "--json", "--show",
                 "filtered", dump], stdout=f, stderr=subprocess.PIPE,
                text=True, timeout=900)
        if r.returncode:
            raise DemoError("rsguard table: exit %d: %s" % (r.returncode,
                                                           r.stderr[-2000:]))
        own = "%d:" % self.rs_as
        lcs, groups, summary, seen = {}, {}, {}, set()
        with open(out) as f:
            for line in f:
                if line.startswith('{"schema"'):
                    v = json.loads(line.rstrip().rstrip(","))
                    route = v["route"]
                    lcs[route["prefix"]] = {
                        c for c in v["communities"]
                        if c.startswith(own) and c.count(":") == 2}
                    for r in v["reasons"]:
                        if r["mode"] != "reject":
                            continue
                        g = groups.setdefault((r["code"], r["reason"]),
                                              [0, [], []])
                        g[0] += 1
                        # examples: the first with different explanations,
                        # then others if there are not enough of those
                        ex = (g[0], route, r["text"], r["fix"])
                        if (r["reason"], r["text"]) not in seen:
                            if len(g[1]) < self.args.examples:
                                seen.add((r["reason"], r["text"]))
                                g[1].append(ex)
                        elif len(g[2]) < self.args.examples:
                            g[2].append(ex)
                elif line.startswith('],"summary":'):
                    summary = json.loads("{" + line[2:])["summary"]
        for key, (count, first, more) in groups.items():
            examples = sorted(first + more[:self.args.examples - len(first)],
                              key=lambda ex: ex[0])
            groups[key] = (count, [ex[1:] for ex in examples])
        if not self.args.keep:
            os.unlink(out)
        return lcs, groups, summary

    def view(self, clients, names, sel):
        lab = self.lab
        t_view = time.time()
        if not self.settle(names):
            raise DemoError("BIRD did not settle within 30 s")
        own = "%d:" % self.rs_as
        total_filtered = total_accepted = 0
        disagree = []
        for (asn, ip, desc), name in zip(clients, names):
            imported, _, limit = channel_stats(
                lab.birdc("show", "protocols", "all", name))
            bird = parse_routes(lab.birdc("show", "route", "filtered",
                                          "protocol", name, "all",
                                          timeout=900))
            lcs, groups, summary = self.rsguard_table(name, sel[ip])
            # route by route: the same routes filtered, with the same
            # communities of the route server
            for prefix in sorted(set(bird) | set(lcs)):
                b, r = bird.get(prefix), lcs.get(prefix)
                if b is None:
                    disagree.append("AS%d %s: rsguard filters it (%s), BIRD "
                                    "does not" % (asn, prefix,
                                                  " ".join(sorted(r))))
                    continue
                b = {c for c in b["lcs"] if c.startswith(own)}
                if r is None:
                    disagree.append("AS%d %s: BIRD filtered it (%s), "
                                    "rsguard accepts it" % (
                                        asn, prefix, " ".join(sorted(b))))
                elif b != r:
                    disagree.append("AS%d %s: BIRD has %s, rsguard %s" % (
                        asn, prefix, " ".join(sorted(b)),
                        " ".join(sorted(r))))
            total_filtered += len(bird)
            total_accepted += imported
            self.participant(asn, ip, desc, len(sel[ip]), imported,
                             len(bird), limit, groups, summary)

        print()
        if not disagree:
            print(self.paragraph(
                "BIRD and rsguard agree on all %s filtered routes: the same "
                "routes, with the same reasons and communities (BIRD's on "
                "its filtered routes, rsguard table's for the routes "
                "announced)." % fmt(total_filtered)))
        else:
            print("BIRD and rsguard disagree on %s routes:"
                  % fmt(len(disagree)))
            for d in disagree[:20]:
                print("  " + d)
            if len(disagree) > 20:
                print("  and %s more" % fmt(len(disagree) - 20))
        print("The route server accepted %s routes and filtered %s." % (
            fmt(total_accepted), fmt(total_filtered)))
        print("The demo took %.0f s: the routes %.0f s, this view %.0f s." % (
            time.time() - self.t0, self.t_routes, time.time() - t_view))
        return 1 if disagree else 0

    def participant(self, asn, ip, desc, announced, accepted, filtered,
                    limit, groups, summary):
        print()
        head = "AS%d  %s  %s" % (asn, desc, ip)
        print(head)
        print("=" * len(head))
        print("  announced %s   accepted %s (%s)   filtered %s (%s)" % (
            fmt(announced), fmt(accepted), pct(accepted, announced),
            fmt(filtered), pct(filtered, announced)))
        rpki, aspa = summary.get("rpki", {}), summary.get("aspa", {})
        print("  RPKI valid %s, invalid %s, not found %s;  ASPA valid %s, "
              "invalid %s, unknown %s" % (
                  fmt(rpki.get("valid", 0)), fmt(rpki.get("invalid", 0)),
                  fmt(rpki.get("not-found", 0)), fmt(aspa.get("valid", 0)),
                  fmt(aspa.get("invalid", 0)), fmt(aspa.get("unknown", 0))))
        if limit:
            # (BIRD marks a limit [HIT] when it blocks, not when it warns)
            print("  max-prefix %s: BIRD's import limit, action %s%s" % (
                fmt(limit[0]), limit[1],
                " (exceeded: BIRD logs a warning)"
                if limit[2] or accepted > limit[0] else ""))
        if not groups:
            print("  no route filtered")
            return
        print("  filtered, by reason (a route can fail several checks):")
        wrap = textwrap.TextWrapper(width=self.width, initial_indent=" " * 8,
                                    subsequent_indent=" " * 10,
                                    break_on_hyphens=False,
                                    break_long_words=False)
        for (code, reason), (count, examples) in sorted(
                groups.items(), key=lambda kv: (-kv[1][0], kv[0])):
            print("    RS:1101:%-3d %-28s %9s route%s" % (
                code, reason, fmt(count), "" if count == 1 else "s"))
            for route, text, fix in examples:
                print("      %s  path %s%s" % (
                    route["prefix"], route["as_path"],
                    "  next hop %s" % route["next_hop"]
                    if route["next_hop"] != ip else ""))
                print(wrap.fill(text))
                print(wrap.fill("fix: " + fix))
            if count > len(examples):
                print("      and %s more" % fmt(count - len(examples)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--routes", type=int, default=DEFAULT_ROUTES,
                    metavar="N", help="routes per participant, spread evenly "
                    "over its part of the dump (default %d; 0: all)"
                    % DEFAULT_ROUTES)
    ap.add_argument("--all-routes", action="store_true",
                    help="every route of the dump (--routes 0)")
    ap.add_argument("--examples", type=int, default=3, metavar="K",
                    help="examples per reason and participant (default 3)")
    ap.add_argument("--all-examples", action="store_true",
                    help="every filtered route as an example")
    ap.add_argument("--quick", action="store_true",
                    help="%d routes per participant and 1 example per "
                    "reason (the test suite's run)" % QUICK_ROUTES)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory")
    ap.add_argument("--build", default=os.environ.get(
        "TOP_BUILDDIR", os.path.join(TOP, "build")),
        help="rsguard's build tree (default: build/)")
    ap.add_argument("--bird", help="a BIRD built with bird-patches/ "
                    "(DIR/sbin/bird); default: bird-patches/build-bird.sh")
    args = ap.parse_args()
    if args.quick:
        args.routes, args.examples = QUICK_ROUTES, 1
    if args.all_routes:
        args.routes = 0
    if args.all_examples:
        args.examples = 1 << 40
    demo = Demo(args)

    def stop(signum, frame):
        print("\nbird-demo: %s: tearing the lab down" % (
            signal.Signals(signum).name), file=sys.stderr)
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        return demo.run()
    except DemoError as e:
        print("\nbird-demo: %s" % e, file=sys.stderr)
        return 1
    finally:
        demo.close()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rsguard lg against the patched BIRD with real peers: the API contract.

The lab of tests/bird/e2e.py (BIRD 3.3.2 with bird-patches/, four ExaBGP
participants, StayRTR, the test IRRd), with a restricted control socket
(`cli "..." { restrict; };`) that `rsguard lg` reads, and rsguard lg
started from the same rsguard.yml (its looking_glass section).

Asserted over HTTP, decoding every answer with the types Alice-LG 6.2
requires of birdwatcher (route_ok() and envelope_ok() below list them):
the envelope (api.Version a string, api.result_from_cache a bool, ttl an
RFC 3339 time in the future), /status, /protocols/bgp (and with a slash),
/routes/protocol, /routes/filtered (every filtered route of e2e.py's
EXPECT, each with exactly its RS:1101 reasons in x_rs_reasons, in words,
with what to fix), /routes/noexport, /routes/table/<t>[/filtered], Bird's
Eye's paths (api/status, api/routes/lc-zwild/protocol/P/RS/1101);
Bird's Eye's api/protocol, api/route/NET/..., api/routes/export;
hostile and unknown names never reach BIRD (404); a VRP change shows up
in the reasons without a restart; BIRD stopped is an error in JSON and
BIRD restarted is served again; more than rate_limit requests a minute
get 429. TAP-like output, exit 1 on a failure, 77 if a part is missing.
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import e2e  # noqa: E402
from e2e import EXPECT, PEERS, RS_AS, check, ok, nok  # noqa: E402

LG_PORT = e2e.free_port()
RATE = 150          # looking_glass.rate_limit: above what the checks ask
RFC3339 = "%Y-%m-%dT%H:%M:%SZ"


def get(lab, path, status=200):
    """GET http://127.0.0.1:PORT/path inside the route server's namespace:
    (HTTP status, decoded JSON or text); status 0 if nothing answers."""
    code = ("import json, sys, urllib.request, urllib.error\n"
            "try:\n"
            "    r = urllib.request.urlopen(sys.argv[1], timeout=30)\n"
            "    s, b = r.status, r.read()\n"
            "except urllib.error.HTTPError as e:\n"
            "    s, b = e.code, e.read()\n"
            "except OSError as e:\n"
            "    s, b = 0, str(e).encode()\n"
            "sys.stdout.write('%d\\n' % s)\n"
            "sys.stdout.write(b.decode())\n")
    out = e2e.run("ip", "netns", "exec", lab.rs_ns, sys.executable, "-c",
                  code, "http://127.0.0.1:%d%s" % (LG_PORT, path))
    head, _, body = out.partition("\n")
    try:
        return int(head), json.loads(body)
    except ValueError:
        return int(head) if head.isdigit() else 0, body


def envelope_ok(doc):
    """Alice's hard assertions on the envelope; the reason or ""."""
    if not isinstance(doc, dict) or not isinstance(doc.get("api"), dict):
        return "no api object"
    api = doc["api"]
    if not isinstance(api.get("Version"), str):
        return "api.Version is no string"
    if not isinstance(api.get("result_from_cache"), bool):
        return "api.result_from_cache is no bool"
    try:
        ttl = datetime.datetime.strptime(doc["ttl"], RFC3339)
    except (KeyError, ValueError):
        return "ttl is no RFC 3339 time: %r" % doc.get("ttl")
    if ttl <= datetime.datetime.utcnow():
        return "ttl is not in the future"
    return ""


def route_ok(r, proto, neighbor):
    """The types Alice decodes a route with; the problems, as text."""
    bad = []
    for k in ("network", "gateway", "learnt_from", "from_protocol",
              "interface", "age"):
        if not isinstance(r.get(k), str):
            bad.append("%s is no string" % k)
    if not isinstance(r.get("metric"), int) or isinstance(r["metric"], bool):
        bad.append("metric is no number")
    if not isinstance(r.get("primary"), bool):
        bad.append("primary is no bool")
    if not re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", r.get("age", "")):
        bad.append("age %r is not YYYY-MM-DD HH:MM:SS" % r.get("age"))
    if r.get("from_protocol") != proto:
        bad.append("from_protocol %r" % r.get("from_protocol"))
    if r.get("learnt_from") != neighbor:
        bad.append("learnt_from %r, not %s" % (r.get("learnt_from"),
                                                neighbor))
    b = r.get("bgp", {})
    if not all(isinstance(a, str) for a in b.get("as_path", [None])):
        bad.append("as_path members are no strings")
    for k in ("local_pref", "med", "otc"):
        if k in b and not isinstance(b[k], str):
            bad.append("bgp.%s is no string" % k)
    for k, n in (("communities", 2), ("large_communities", 3)):
        if not all(isinstance(c, list) and len(c) == n and
                   all(isinstance(x, int) for x in c)
                   for c in b.get(k, [])):
            bad.append("bgp.%s are no lists of %d numbers" % (k, n))
    if not all(isinstance(c, list) and len(c) == 3 and
               all(isinstance(x, str) for x in c)
               for c in b.get("ext_communities", [])):
        bad.append("bgp.ext_communities are no lists of 3 strings")
    return "; ".join(bad)


def expected_report(name):
    """RFC 7948 §4.3 for session name, from e2e.py's data alone: what it
    announces that no route object of its AS-SET registers, and the
    route objects of its AS-SET it does not announce (exact prefixes)."""
    client = name.replace("_6", "")
    peer = PEERS[client]
    v6 = name.endswith("_6")

    def expand(member, seen):
        if member.startswith("AS-"):
            if member in seen:
                return set()
            seen.add(member)
            out = set()
            for m in e2e.IRR_SETS.get(member, []):
                out |= expand(m, seen)
            return out
        return {int(member[2:])}
    origins = expand("AS-" + client.upper(), set()) | {peer["asn"]}
    fam = [p for p, *_ in peer["routes"] if (":" in p) == v6]
    reg = {p for p, a in e2e.IRR_ROUTES if a in origins and (":" in p) == v6}
    return sorted(set(fam) - reg), sorted(reg - set(fam))


def lab_up(lab):
    """e2e.py's lab, with a restricted socket and the looking_glass."""
    lab.net()
    lab.write_vrps(e2e.VRPS)
    lab.write_aspas(e2e.ASPAS)
    lab.write_irr()
    lab.write_rsguard()
    yml = os.path.join(lab.tmp, "rsguard.yml")
    with open(yml, "a") as f:
        f.write("looking_glass:\n  port: %d\n  bird_socket: \"%s\"\n"
                "  ttl: 120\n  rate_limit: %d\n" % (
                    LG_PORT, os.path.join(lab.tmp, "lg.ctl"), RATE))
    lab.write_bird()
    conf = os.path.join(lab.tmp, "bird.conf")
    with open(conf, "a") as f:
        f.write('\ncli "%s" { restrict; };\n' % os.path.join(lab.tmp,
                                                             "lg.ctl"))
    lab.stayrtr()
    lab.irrd()
    lab.bird()
    if not e2e.wait_until("bird", 10, lambda: os.path.exists(
            os.path.join(lab.tmp, "lg.ctl"))):
        nok("BIRD starts with a restricted socket", lab.log("bird"))
        return False
    for name in sorted(PEERS):
        lab.exabgp(name)
    diff = e2e.wait_until("routes", 90, lambda: not e2e.expect_view(
        *e2e.bird_view(lab)))
    if not check(diff, "the lab's routes are in BIRD as e2e.py expects",
                 e2e.expect_view(*e2e.bird_view(lab))):
        return False
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(
        e2e.TOP_BUILDDIR, "lib", ".libs"))
    env.update(e2e.sanitizer_env(os.path.join(
        e2e.TOP_BUILDDIR, "lib", ".libs", "librsguard.so.0")))
    lab.spawn("lg", lab.rs_ns, [
        os.path.join(e2e.TOP_BUILDDIR, "tools", "rsguard"), "lg", "-c", yml],
        env=env)
    up = e2e.wait_until("lg", 20, lambda: get(lab, "/status")[0] == 200)
    return check(up, "rsguard lg answers", lab.log("lg"))


def scenario(lab):
    if not lab_up(lab):
        return
    protos = {}

    # --- /status -------------------------------------------------------------
    code, doc = get(lab, "/status")
    check(code == 200 and not envelope_ok(doc), "/status: the envelope "
          "Alice asserts", envelope_ok(doc) or doc)
    st = doc.get("status", {}) if isinstance(doc, dict) else {}
    check(st.get("version") == "3.3.2" and st.get("router_id") ==
          e2e.RS_IP4 and re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$",
                                  st.get("current_server", "")),
          "/status: BIRD's version, router ID, server time", st)

    # --- /protocols/bgp ------------------------------------------------------
    for path in ("/protocols/bgp", "/protocols/bgp/"):
        code, doc = get(lab, path)
        check(code == 200 and not envelope_ok(doc), "%s: the envelope" % path,
              envelope_ok(doc) or doc)
    protos = doc.get("protocols", {})
    names = {n + s for n in PEERS for s in ("", "_6")}
    check(set(protos) == names, "/protocols/bgp: every BGP session, no "
          "other protocol", sorted(protos))
    bad = []
    for n, p in protos.items():
        peer = PEERS[n.replace("_6", "")]
        want = peer["ip6" if n.endswith("_6") else "ip4"]
        if p.get("neighbor_address") != want or \
                p.get("neighbor_as") != peer["asn"] or \
                not isinstance(p.get("neighbor_as"), int) or \
                p.get("state") != "up" or \
                not isinstance(p.get("routes"), dict) or \
                not all(isinstance(p["routes"].get(k), int) for k in (
                    "imported", "filtered", "exported", "preferred")) or \
                not isinstance(p.get("channels", {}).get(
                    "ipv6" if n.endswith("_6") else "ipv4", {}).get(
                    "routes_count"), dict):
            bad.append("%s: %s" % (n, json.dumps(p)[:300]))
    check(not bad, "/protocols/bgp: neighbor address and AS (a number), "
          "state up, routes and channels.*.routes_count counts", bad)

    # --- routes of a protocol: accepted and filtered ---------------------------
    seen_acc, seen_flt, bad, counts = {}, {}, [], []
    for n, p in sorted(protos.items()):
        for kind, into in (("protocol", seen_acc), ("filtered", seen_flt)):
            code, doc = get(lab, "/routes/%s/%s" % (kind, n))
            if code != 200 or envelope_ok(doc):
                bad.append("/routes/%s/%s: %s %s" % (
                    kind, n, code, envelope_ok(doc) or doc))
                continue
            for r in doc["routes"]:
                why = route_ok(r, n, p["neighbor_address"])
                if why:
                    bad.append("%s %s: %s" % (n, r.get("network"), why))
                into[r["network"]] = (n, r)
            if kind == "filtered" and len(doc["routes"]) != \
                    p["routes"]["filtered"]:
                counts.append("%s: %d filtered routes listed, %d counted" % (
                    n, len(doc["routes"]), p["routes"]["filtered"]))
    check(not bad, "/routes/protocol and /routes/filtered of every session: "
          "Alice's types, from_protocol and learnt_from", bad)
    check(not counts, "/protocols/bgp's filtered counts agree with the "
          "lists", counts)
    want_flt = {p for p, e in EXPECT.items() if not e[1]}
    want_acc = {p for p, e in EXPECT.items() if e[1]}
    check(want_flt <= set(seen_flt) and not (want_flt & set(seen_acc)),
          "every route e2e.py expects filtered is listed filtered",
          sorted(want_flt ^ (want_flt & set(seen_flt))))
    check(want_acc <= set(seen_acc) and not (want_acc & set(seen_flt)),
          "every route e2e.py expects accepted is listed accepted",
          sorted(want_acc - set(seen_acc)))
    bad = []
    for prefix in sorted(want_flt):
        n, r = seen_flt.get(prefix, (None, {}))
        reasons = r.get("x_rs_reasons")
        if not isinstance(reasons, list):
            bad.append("%s: no x_rs_reasons" % prefix)
            continue
        codes = sorted(x.get("code") for x in reasons if x.get("mode") ==
                       "reject")
        if codes != sorted(EXPECT[prefix][2]):
            bad.append("%s: reasons %s, expected %s" % (
                prefix, codes, sorted(EXPECT[prefix][2])))
        for x in reasons:
            if not (isinstance(x.get("text"), str) and x["text"] and
                    isinstance(x.get("fix"), str) and x["fix"] and
                    x.get("community") == [RS_AS, 1101, x.get("code")]):
                bad.append("%s: %s" % (prefix, x))
    check(not bad, "every filtered route comes with exactly its RS:1101 "
          "reasons, each in words with what to fix", bad)
    _, r = seen_flt.get("20.40.0.0/16", (None, {}))
    texts = " ".join(x.get("text", "") + " " + x.get("fix", "")
                     for x in r.get("x_rs_reasons", []))
    check("AS8068" in texts and "AS-C4" in texts, "an IRR reason names the "
          "origin and the AS-SET", texts)
    _, r = seen_flt.get("193.0.24.0/24", (None, {}))
    texts = " ".join(x.get("text", "") for x in r.get("x_rs_reasons", []))
    check("193.0.0.0/16" in texts, "the RPKI reason names the covering VRP",
          texts)
    check(all("x_rs_reasons" not in r for _, r in seen_acc.values()),
          "accepted routes carry no reasons")

    # --- not exported, tables -------------------------------------------------
    code, doc = get(lab, "/routes/noexport/c1")
    check(code == 200 and not envelope_ok(doc) and isinstance(
        doc.get("routes"), list), "/routes/noexport/c1 answers a list",
          doc)
    code, doc = get(lab, "/routes/table/master4")
    nets = {r["network"] for r in doc.get("routes", [])} if code == 200 \
        else set()
    check({p for p in want_acc if ":" not in p} <= nets,
          "/routes/table/master4 lists the accepted IPv4 routes",
          sorted({p for p in want_acc if ":" not in p} - nets))
    code, doc = get(lab, "/routes/table/master4/filtered")
    nets = {r["network"] for r in doc.get("routes", [])} if code == 200 \
        else set()
    check({p for p in want_flt if ":" not in p} <= nets and all(
        "x_rs_reasons" in r for r in doc.get("routes", [])),
        "/routes/table/master4/filtered lists the filtered IPv4 routes, "
        "with reasons", sorted({p for p in want_flt if ":" not in p} - nets))
    code, doc = get(lab, "/routes/filtered/c2?page_size=1&page=1")
    check(code == 200 and len(doc.get("routes", [])) == 1, "paging: "
          "page_size=1&page=1 gives one route", doc)

    # --- Bird's Eye -----------------------------------------------------------
    code, doc = get(lab, "/api/status")
    check(code == 200 and isinstance(doc.get("api", {}).get("version"), str)
          and doc.get("status", {}).get("version") == "3.3.2",
          "Bird's Eye api/status", doc)
    code, doc = get(lab, "/api/routes/lc-zwild/protocol/c2/%d/1101" % RS_AS)
    nets = {r["network"] for r in doc.get("routes", [])} if code == 200 \
        else set()
    want = {p for p in want_flt if EXPECT[p][0] == "c2" and ":" not in p}
    check(nets == want, "Bird's Eye lc-zwild RS:1101:* of c2 answers its "
          "filtered routes (IXP Manager's filtered prefixes)",
          "%s, expected %s" % (sorted(nets), sorted(want)))

    code, doc = get(lab, "/api/protocol/c2")
    p = doc.get("protocol", {}) if code == 200 else {}
    check(p.get("neighbor_as") == 2497 and p.get("routes", {}).get(
        "filtered") == len({x for x in want_flt if EXPECT[x][0] == "c2" and
                            ":" not in x}),
        "Bird's Eye api/protocol/c2: one session, its filtered count", doc)
    code, doc = get(lab, "/api/route/193.0.0.0/21/protocol/c1")
    check(code == 200 and [r["network"] for r in doc.get("routes", [])] ==
          ["193.0.0.0/21"], "Bird's Eye api/route/NET/protocol/P", doc)
    code, doc = get(lab, "/api/route/2001:67c:2e8::/48")
    check(code == 200 and [r["network"] for r in doc.get("routes", [])] ==
          ["2001:67c:2e8::/48"], "Bird's Eye api/route/NET (its family's "
          "table)", doc)
    code, doc = get(lab, "/api/routes/export/c2")
    nets = {r["network"] for r in doc.get("routes", [])} if code == 200 \
        else set()
    check("193.0.0.0/21" in nets and "202.232.0.0/16" not in nets,
          "Bird's Eye api/routes/export/c2: what c2 is sent, not its own",
          sorted(nets))

    # --- the participant page's own API --------------------------------------
    code, doc = get(lab, "/x/state")
    st_ok = code == 200 and isinstance(doc.get("generation"), int) and \
        doc["generation"] > 0 and isinstance(doc.get("bird_rsguard"), list) \
        and set(doc.get("protocols", {})) == set(protos) and all(
            isinstance(v.get(k), int) for v in doc["protocols"].values()
            for k in ("imported", "filtered", "exported"))
    check(st_ok, "/x/state: the library's generation, BIRD's rsguard "
          "protocol and every session's counts", doc)
    code, doc = get(lab, "/x/codes")
    check(code == 200 and doc.get("rs_as") == RS_AS and all(
        isinstance(doc.get("filtered", {}).get(str(c)), str) and
        doc["filtered"][str(c)] for c in (1, 3, 7, 8, 9, 10, 13, 14, 61)),
        "/x/codes: a text for every RS:1101 code the lab uses", doc)
    bad = []
    for n in sorted(protos):
        code, doc = get(lab, "/x/report/" + n)
        want_nr, want_na = expected_report(n)
        got_nr = doc.get("announced_not_registered", {}).get("prefixes") \
            if code == 200 else None
        got_na = [e.get("prefix") for e in doc.get(
            "registered_not_announced", {}).get("entries", [])] \
            if code == 200 else None
        if code != 200 or not doc.get("irr_checked") or \
                doc.get("as_set") != "AS-" + n.replace("_6", "").upper() or \
                sorted(got_nr) != want_nr or sorted(got_na) != want_na or \
                doc["announced_not_registered"]["count"] != len(want_nr) or \
                doc["registered_not_announced"]["count"] != len(want_na):
            bad.append("%s: %s %s; expected not registered %s, not "
                       "announced %s" % (n, code, json.dumps(doc)[:400],
                                         want_nr, want_na))
    check(not bad, "/x/report of every session: announced and not "
          "registered, registered and not announced, as e2e.py's IRR data "
          "says (RFC 7948 §4.3)", bad)
    code, doc = get(lab, "/x/routes/filtered?q=20.41.0.1")
    rr = doc.get("routes", []) if code == 200 else []
    check([r["network"] for r in rr] == ["20.41.0.0/16"] and [
        x["code"] for x in rr[0].get("x_rs_reasons", [])] == [9],
        "/x/routes/filtered?q=ADDRESS: the filtered route for it, with its "
        "reason", doc)
    code, doc = get(lab, "/x/routes/accepted?q=AS8075")
    nets = {r["network"] for r in doc.get("routes", [])} if code == 200 \
        else set()
    want = {p for p, e in EXPECT.items() if e[1] and p in {
        r[0] for r in PEERS["c4"]["routes"]}} | {"20.34.0.0/16"}
    check(want <= nets, "/x/routes/accepted?q=AS8075: the accepted routes "
          "with origin AS8075", "%s, expected %s" % (sorted(nets),
                                                      sorted(want)))
    bad = []
    for q in ("", "x;show%20status", "AS99999999999", "192.0.2.0/99",
              "1.2.3.4%20all", "AS1%20all", "%0Ashow%20status"):
        code, doc = get(lab, "/x/routes/filtered?q=" + q)
        if code != 400 or "error" not in doc:
            bad.append("%r: %s %s" % (q, code, str(doc)[:100]))
    for path in ("/x/report/nosuch", "/x/report/c1%20all", "/x/nosuch",
                 "/x/routes/other?q=1"):
        code, doc = get(lab, path)
        if code != 404:
            bad.append("%s: %s" % (path, code))
    check(not bad, "the page's API: hostile queries get 400, unknown "
          "names 404, none reaches BIRD", bad)
    code, text = get(lab, "/")
    check(code == 200 and isinstance(text, str) and "lg.js" in text,
          "/ serves the participant page", str(text)[:200])

    # --- hostile and unknown names --------------------------------------------
    bad = []
    for path in ("/routes/protocol/nosuch", "/routes/protocol/c1%3Bshow",
                 "/routes/protocol/c1;show%20status",
                 "/routes/protocol/c1%20all", "/routes/filtered/..%2F..",
                 "/routes/table/nosuch", "/routes/table/master4%20all",
                 "/routes/protocol/%22c1%22", "/routes/protocol/" + "a" * 300,
                 "/../../etc/passwd", "/protocols",
                 "/api/route/192.0.2.0/99/protocol/c1",
                 "/api/route/192.0.2.0/24/protocol/c1%20all",
                 "/api/route/x;show/24", "/api/protocol/nosuch"):
        code, doc = get(lab, path)
        if code != 404 or not isinstance(doc, dict) or "error" not in doc:
            bad.append("%s: %s %s" % (path, code, str(doc)[:100]))
    check(not bad, "unknown and hostile names get a 404 and never reach "
          "BIRD", bad)
    code, _ = get(lab, "/status")
    check(code == 200, "rsguard lg keeps serving after them", lab.log("lg"))

    # --- a VRP change, seen in the reasons ------------------------------------
    EXPECT["193.0.24.0/24"] = ("c1", True, [], e2e.VALID, e2e.VALID, [])
    e2e.VRPS[0] = (3333, "193.0.0.0/16", 24)
    lab.write_vrps(e2e.VRPS)
    t0 = time.time()

    def flipped():
        code, doc = get(lab, "/routes/protocol/c1")
        return code == 200 and "193.0.24.0/24" in {
            r["network"] for r in doc.get("routes", [])}
    took = e2e.wait_until("flip", 30, flipped)
    check(took, "a VRP change: 193.0.24.0/24 is listed accepted (%.1f s)" % (
        time.time() - t0))
    code, doc = get(lab, "/routes/filtered/c1")
    check(code == 200 and "193.0.24.0/24" not in {
        r["network"] for r in doc.get("routes", [])},
        "... and no longer filtered", doc)

    # --- BIRD goes away and comes back ----------------------------------------
    bird = lab.procs["bird"]
    bird.terminate()
    bird.wait(20)
    code, doc = get(lab, "/routes/protocol/c1")
    check(code in (502, 503) and isinstance(doc, dict) and "error" in doc,
          "BIRD stopped: rsguard lg answers an error in JSON, not a hang",
          "%s %s" % (code, doc))
    lab.bird()
    back = e2e.wait_until("bird back", 60, lambda: get(
        lab, "/routes/protocol/c1")[0] == 200 and len(get(
            lab, "/routes/protocol/c1")[1].get("routes", [])) > 0)
    check(back, "BIRD restarted: rsguard lg serves its routes again, no "
          "restart of its own", lab.log("lg"))

    # --- the rate limit ---------------------------------------------------------
    # 2 * RATE + 5 requests: one minute of the limiter's gets more than RATE
    got = None
    for _ in range(2 * RATE + 5):
        code, doc = get(lab, "/status")
        if code == 429:
            got = doc
            break
    check(isinstance(got, dict) and "error" in got, "more than rate_limit "
          "requests a minute from one address get 429, said in JSON", got)


def prepare(tools=()):
    """What a looking-glass test needs, checked: root, the tools, rsguard
    lg built, no TSan (BIRD does not run under it), BIRD 3.3.2 with
    bird-patches/ built. BIRD's directory, or an exit status (77 skip, 1
    fail)."""
    if os.geteuid() != 0:
        e2e.skip("needs root for network namespaces")
    for tool in ("ip", "exabgp", "stayrtr") + tuple(tools):
        if not shutil.which(tool):
            e2e.skip(tool + " not installed")
    rsguard = os.path.join(e2e.TOP_BUILDDIR, "tools", "rsguard")
    r = subprocess.run([rsguard, "lg", "--help"], capture_output=True,
                       text=True)
    if "libmicrohttpd" in r.stderr:
        e2e.skip("rsguard lg not built (libmicrohttpd)")
    lib = os.path.join(e2e.TOP_BUILDDIR, "lib", ".libs", "librsguard.so.0")
    if "tsan" in e2e.sanitizer_env(lib).get("LD_PRELOAD", ""):
        print("# skip: BIRD does not run under TSan", flush=True)
        return 77
    build = os.path.join(e2e.TOP_SRCDIR, "bird-patches", "build-bird.sh")
    r = subprocess.run([build, "--rsguard-build", e2e.TOP_BUILDDIR],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode:
        nok("BIRD 3.3.2 with bird-patches/ builds", r.stderr)
        return 1
    bird_dir = os.environ.get("RSG_TEST_BIRD_DIR",
                              r.stdout.strip().splitlines()[-1])
    ok("BIRD 3.3.2 with bird-patches/ (%s)" % bird_dir)
    return bird_dir


def main():
    bird_dir = prepare()
    if isinstance(bird_dir, int):
        return bird_dir
    lab = e2e.Lab(bird_dir)
    try:
        scenario(lab)
    finally:
        if os.environ.get("RSG_TEST_HOLD"):
            print("# holding %s for %s s" % (lab.tmp,
                                             os.environ["RSG_TEST_HOLD"]),
                  flush=True)
            time.sleep(float(os.environ["RSG_TEST_HOLD"]))
        lab.close()
    return 1 if e2e.fails else 0


if __name__ == "__main__":
    sys.exit(main())

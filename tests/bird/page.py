#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rsguard lg's participant page in a real browser, against the real lab.

The lab of tests/bird/lg.py (BIRD 3.3.2 with bird-patches/, ExaBGP
participants, StayRTR, the test IRRd, rsguard lg on a restricted socket),
and Debian's chromium, headless, driven over the DevTools protocol on a
pipe (--remote-debugging-pipe: no port, no npm package). Asserted in the
page's DOM, as a participant would see it:
- it loads with no console error, no exception, no failed request;
- the participant list has every participant; the keyboard alone reaches
  one (Tab, Enter) and lands on its heading;
- each participant's page shows every route e2e.py expects filtered with
  exactly its RS:1101 reasons, each in words with a fix, every route
  expected accepted as accepted, and the RFC 7948 §4.3 report as e2e.py's
  IRR data says;
- the search (typed, Enter) finds a prefix and an ASN;
- on a phone's width the page does not scroll sideways;
- a VRP change flips a route from filtered to accepted on the open page,
  without a reload.
TAP-like output, exit 1 on a failure, 77 if a part is missing.
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import e2e  # noqa: E402
import lg  # noqa: E402
from e2e import EXPECT, PEERS, check, ok, nok  # noqa: E402

CHROMIUM = os.environ.get("RSG_TEST_CHROMIUM", "chromium")


class Browser:
    """Headless chromium in a namespace, one page, the DevTools protocol
    over fds 3 and 4 (NUL-separated JSON)."""

    def __init__(self, ns, profile):
        r_in, self.w = os.pipe()   # we write, chromium reads fd 3
        self.r, w_out = os.pipe()  # chromium writes fd 4, we read

        def fds():
            os.dup2(r_in, 3)
            os.dup2(w_out, 4)
        self.log = open(profile + ".log", "w")
        # the browser runs as Debian built it, without the sanitizers'
        # preloads a test run may carry
        env = {k: v for k, v in os.environ.items() if not k.startswith((
            "LD_PRELOAD", "ASAN_", "UBSAN_", "TSAN_", "LSAN_"))}
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", ns, CHROMIUM, "--headless=new",
             "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-sync",
             "--disable-component-update", "--mute-audio",
             "--remote-debugging-pipe", "--user-data-dir=" + profile,
             "--window-size=1200,900", "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, env=env, stdout=self.log,
            stderr=subprocess.STDOUT, start_new_session=True)
        os.close(r_in)
        os.close(w_out)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = [t for t in targets if t["type"] == "page"][0]
        self.session = self.call("Target.attachToTarget", {
            "targetId": page["targetId"], "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):
            self.call(domain + ".enable")

    def close(self):
        try:
            self.call("Browser.close", session=False, timeout=5)
        except Exception:  # noqa: BLE001 - gone already
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.w)
        os.close(self.r)
        self.log.close()

    def _read(self, timeout):
        import select
        if not select.select([self.r], [], [], timeout)[0]:
            raise TimeoutError("chromium said nothing for %.0f s" % timeout)
        data = os.read(self.r, 1 << 20)
        if not data:
            raise EOFError("chromium closed its pipe")
        self.buf += data

    def call(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        end = time.time() + timeout
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(raw)
                if m.get("id") == self.next_id:
                    if "error" in m:
                        raise RuntimeError("%s: %s" % (method, m["error"]))
                    return m.get("result", {})
                if "method" in m:
                    self.events.append(m)
            left = end - time.time()
            if left <= 0:
                raise TimeoutError(method)
            self._read(left)

    def js(self, expr):
        """The value of a JavaScript expression (promises awaited)."""
        r = self.call("Runtime.evaluate", {
            "expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr[:80], r["exceptionDetails"]))
        return r["result"].get("value")

    def wait(self, expr, timeout=20):
        """Wait until expr is true (as JavaScript sees it): True or False."""
        end = time.time() + timeout * e2e.SLOW
        while True:
            v = self.js("!!(%s)" % expr)
            if v or time.time() > end:
                return v
            time.sleep(0.1)

    def key(self, key, code, vk, text=None):
        base = {"key": key, "code": code, "windowsVirtualKeyCode": vk}
        self.call("Input.dispatchKeyEvent", dict(
            base, type="keyDown", **({"text": text} if text else {})))
        self.call("Input.dispatchKeyEvent", dict(base, type="keyUp"))

    def problems(self):
        """Console errors, exceptions and failed requests so far."""
        out = []
        for m in self.events:
            p = m.get("params", {})
            if m["method"] == "Runtime.exceptionThrown":
                out.append("exception: %s" % json.dumps(
                    p.get("exceptionDetails"))[:300])
            elif m["method"] == "Runtime.consoleAPICalled" and \
                    p.get("type") in ("error", "assert", "warning"):
                out.append("console.%s: %s" % (p["type"], json.dumps(
                    p.get("args"))[:300]))
            elif m["method"] == "Log.entryAdded" and \
                    p.get("entry", {}).get("level") in ("error", "warning"):
                out.append("log: %s" % json.dumps(p["entry"])[:300])
            elif m["method"] == "Network.loadingFailed":
                out.append("request failed: %s" % json.dumps(p)[:300])
            elif m["method"] == "Network.responseReceived" and \
                    p.get("response", {}).get("status", 200) >= 400:
                out.append("HTTP %d: %s" % (p["response"]["status"],
                                            p["response"].get("url")))
        return out


def goto(b, hash_):
    b.js("location.hash = %s" % json.dumps(hash_))


def filtered_cards(b):
    """{prefix: [(code community, text, fix)]} of the filtered cards."""
    return b.js("""Object.fromEntries([...document.querySelectorAll(
        '#filtered li.route.filtered')].map(c => [c.dataset.prefix,
        [...c.querySelectorAll('li[data-reason]')].map(r => [
          r.querySelector('.code').textContent,
          r.querySelector('.text').textContent,
          (r.querySelector('.fix') || {}).textContent || ''])]))""")


def accepted_rows(b):
    return b.js("""[...document.querySelectorAll(
        '#accepted tr.route.accepted')].map(r => r.dataset.prefix)""")


def scenario(lab, b):
    base = "http://127.0.0.1:%d/" % lg.LG_PORT
    b.call("Page.navigate", {"url": base})
    b.wait("document.querySelectorAll('#participants tbody tr').length")
    asns = sorted(b.js("""[...document.querySelectorAll(
        '#participants tbody tr')].map(r => Number(r.dataset.asn))""") or [])
    check(asns == sorted(p["asn"] for p in PEERS.values()),
          "the page loads and lists every participant", 
          asns)
    check(not b.problems(), "... with no console error, exception or "
          "failed request", "\n".join(b.problems()))

    # --- the keyboard alone: Tab to a participant, Enter --------------------
    b.js("document.activeElement && document.activeElement.blur()")
    first = None
    for i in range(30):
        b.key("Tab", "Tab", 9)
        el = b.js("""(e => e ? e.className + '|' + (e.getAttribute('href')
                     || '') : '')(document.activeElement)""")
        if i == 0:
            first = el
        if el.endswith("|#/as/3333"):
            break
    check(first and first.startswith("skip|"), "the first Tab reaches the "
          "skip link", first)
    check(el.endswith("|#/as/3333"), "Tab reaches a participant's link "
          "(%d presses)" % (i + 1), el)
    b.key("Enter", "Enter", 13, "\r")
    landed = b.wait("""location.hash === '#/as/3333' &&
        document.activeElement && document.activeElement.id === 'heading'
        && document.activeElement.textContent.startsWith('AS3333')""")
    check(landed, "Enter opens it, and the focus is on its heading",
          b.js("location.hash + ' ' + document.activeElement.outerHTML"))

    # --- every participant: filtered with reasons, accepted, the report ----
    bad, report_bad, seen = [], [], 0
    for name, peer in sorted(PEERS.items()):
        asn = peer["asn"]
        goto(b, "#/as/%d" % asn)
        if not b.wait("""(h => h && h.textContent.startsWith('AS%d') &&
                document.getElementById('report'))(
                document.getElementById('heading'))""" % asn):
            bad.append("AS%d: the page does not show" % asn)
            continue
        seen += 1
        cards = filtered_cards(b)
        acc = set(accepted_rows(b))
        mine = {p for p, *_ in peer["routes"]}
        for prefix, e in sorted(EXPECT.items()):
            if e[0] != name:
                continue
            if e[1]:
                if prefix not in acc or prefix in cards:
                    bad.append("AS%d %s: not shown accepted" % (asn, prefix))
                continue
            got = cards.get(prefix)
            if got is None or prefix in acc:
                bad.append("AS%d %s: not shown filtered" % (asn, prefix))
                continue
            codes = sorted(int(c.strip("()").split(":")[2]) for c, _, _ in got)
            if codes != sorted(e[2]) or not all(t and f.startswith("Fix: ")
                                                and len(f) > 5
                                                for _, t, f in got):
                bad.append("AS%d %s: reasons %s, expected %s" % (
                    asn, prefix, got, sorted(e[2])))
        extra = set(cards) - mine
        if extra:
            bad.append("AS%d: filtered routes not its own: %s" % (
                asn, sorted(extra)))
        nr = set(b.js("""[...document.querySelectorAll(
            '#not-registered li')].map(l => l.textContent)""") or [])
        na = set(b.js("""[...document.querySelectorAll(
            '#not-announced li')].map(l => l.textContent.split(' ')[0])""")
                 or [])
        want_nr, want_na = set(), set()
        for s in (name, name + "_6"):
            x, y = lg.expected_report(s)
            want_nr |= set(x)
            want_na |= set(y)
        if nr != want_nr or na != want_na:
            report_bad.append("AS%d: not registered %s (expected %s), not "
                              "announced %s (expected %s)" % (
                                  asn, sorted(nr), sorted(want_nr),
                                  sorted(na), sorted(want_na)))
    check(not bad and seen == len(PEERS), "each participant's page: every filtered route with "
          "exactly its RS:1101 reasons, in words with a fix; every "
          "accepted route accepted", bad)
    check(not report_bad and seen == len(PEERS), "each participant's page: announced and not "
          "registered, registered and not announced (RFC 7948 §4.3)",
          report_bad)
    goto(b, "#/as/8075")
    b.wait("""document.querySelector('li.route[data-prefix="20.40.0.0/16"]')
           """)
    text = b.js("""document.querySelector(
        'li.route[data-prefix="20.40.0.0/16"]').textContent""") or ""
    check("AS8068" in text and "AS-C4" in text, "an IRR reason names the "
          "origin and the AS-SET on the page", text)

    # --- search, typed --------------------------------------------------------
    for q, sel, want in (
            ("20.41.0.0/16", "#filtered li.route", "20.41.0.0/16"),
            ("AS8075", "#accepted tr.route", "20.33.0.0/16")):
        b.js("(q => { q.value = ''; q.focus(); })(document.getElementById('q'))")
        b.call("Input.insertText", {"text": q})
        b.key("Enter", "Enter", 13, "\r")
        found = b.wait("""location.hash === '#/search/%s' &&
            [...document.querySelectorAll('%s')].some(
              e => e.dataset.prefix === '%s')""" % (
            q.replace("/", "%2F"), sel, want))
        check(found, "search %s (typed, Enter) shows %s" % (q, want),
              b.js("location.hash + ' ' + document.getElementById('view')"
                   ".textContent.slice(0, 300)"))
    link = b.wait("""document.querySelector('#view a[href="#/as/8075"]')""")
    check(link, "an ASN search links to its participant", b.js(
        "location.hash + ' ' + document.getElementById('view').innerHTML"
        ".slice(0, 600)"))
    goto(b, "#/search/20.41.0.1")
    got = b.wait("""(c => c && c.textContent.includes(':1101:9'))(
        document.querySelector(
          '#filtered li.route[data-prefix="20.41.0.0/16"]'))""")
    check(got, "an address search shows the filtered route with its reason")

    # --- a phone's width ---------------------------------------------------------
    b.call("Emulation.setDeviceMetricsOverride", {
        "width": 360, "height": 740, "deviceScaleFactor": 2,
        "mobile": True})
    goto(b, "#/as/2497")
    b.wait("""document.querySelector('#filtered li.route')""")
    time.sleep(0.3)
    widths = b.js("""[document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
        document.getElementById('q').getBoundingClientRect().right]""")
    check(widths and widths[0] <= widths[1] + 1 and widths[2] <= widths[1],
          "on a phone's width (360 px) the page does not scroll sideways "
          "and the search fits", widths)
    b.call("Emulation.clearDeviceMetricsOverride")

    # --- a VRP change flips a route on the open page ---------------------------
    goto(b, "#/as/3333")
    shown = b.wait("""document.querySelector(
        '#filtered li.route[data-prefix="193.0.24.0/24"]')""")
    check(shown, "193.0.24.0/24 is shown filtered (RPKI invalid)")
    b.js("window.rsgMark = 42")
    e2e.VRPS[0] = (3333, "193.0.0.0/16", 24)
    lab.write_vrps(e2e.VRPS)
    t0 = time.time()
    flipped = b.wait("""!document.querySelector(
        '#filtered li.route[data-prefix="193.0.24.0/24"]') &&
        !!document.querySelector(
        '#accepted tr.route[data-prefix="193.0.24.0/24"]')""", timeout=40)
    took = time.time() - t0
    check(flipped and b.js("window.rsgMark") == 42,
          "a VRP change: the open page shows 193.0.24.0/24 accepted, "
          "without a reload (%.1f s)" % took,
          b.js("document.getElementById('view').textContent.slice(0, 400)"))
    said = b.js("document.getElementById('live').textContent")
    check("193.0.24.0/24 now accepted" in (said or ""), "... and says so "
          "in its live region", said)
    check(b.js("""!!document.querySelector(
        'tr.route.changed[data-prefix="193.0.24.0/24"]')"""),
          "... and marks the route that changed")
    check(not b.problems(), "no console error, exception or failed request "
          "in the whole session", "\n".join(b.problems()))


def main():
    bird_dir = lg.prepare(tools=(CHROMIUM,))
    if isinstance(bird_dir, int):
        return bird_dir
    lab = e2e.Lab(bird_dir)
    b = None
    try:
        if lg.lab_up(lab):
            b = Browser(lab.rs_ns, os.path.join(lab.tmp, "chromium"))
            ok("headless chromium runs (%s)" % b.call(
                "Browser.getVersion", session=False).get("product"))
            scenario(lab, b)
    except (RuntimeError, TimeoutError, EOFError, OSError) as err:
        nok("the browser session", "%s\n%s" % (err, lab.log("chromium")))
    finally:
        if b is not None:
            b.close()
        if os.environ.get("RSG_TEST_HOLD"):
            time.sleep(float(os.environ["RSG_TEST_HOLD"]))
        lab.close()
    return 1 if e2e.fails else 0


if __name__ == "__main__":
    sys.exit(main())

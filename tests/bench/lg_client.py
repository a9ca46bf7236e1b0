#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rsguard lg's clients for bird_bench.py, run where rsguard lg listens.

    lg_client.py stream URL            one answer read to its end:
                                       {"routes", "seconds", "bytes"}
    lg_client.py browse BASE SECONDS CLIENTS PROTO...
                                       CLIENTS threads browsing for
                                       SECONDS: {"requests", "p50_ms",
                                       "p99_ms", "errors"}
    lg_client.py first URL             time to the first route and to the
                                       end of a page: {"ms", "routes"}
    lg_client.py report URL            time to a whole x/report answer:
                                       {"ms", "announced", "registered"}

Prints one JSON object. Routes are counted as the answer streams in
("network" keys), so hundreds of MB are never held.
"""
import json
import random
import sys
import threading
import time
import urllib.request

KEY = b'"network":'


def stream(url):
    t0 = time.monotonic()
    n = size = 0
    tail = b""
    with urllib.request.urlopen(url, timeout=600) as r:
        while True:
            chunk = r.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            data = tail + chunk
            n += data.count(KEY)
            # a key cut between two chunks is counted with the next
            tail = data[-(len(KEY) - 1):]
            n -= tail.count(KEY)
    return {"routes": n, "seconds": time.monotonic() - t0, "bytes": size}


def browse(base, seconds, clients, protos):
    lat, errors = [], [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client(k):
        rnd = random.Random(k)
        i = 0
        while time.monotonic() < end:
            p = rnd.choice(protos)
            path = ("/protocols/bgp" if i % 5 == 0 else
                    "/routes/filtered/%s?page_size=100" % p if i % 2 else
                    "/routes/protocol/%s?page_size=100" % p)
            i += 1
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(base + path, timeout=120) as r:
                    r.read()
                ok = True
            except Exception:
                ok = False
            ms = (time.monotonic() - t0) * 1000
            with lock:
                if ok:
                    lat.append(ms)
                else:
                    errors[0] += 1
    threads = [threading.Thread(target=client, args=(k,))
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat.sort()

    def pct(q):
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else 0
    return {"requests": len(lat), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "errors": errors[0]}


def first(url):
    t0 = time.monotonic()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read()
    return {"ms": (time.monotonic() - t0) * 1000,
            "routes": body.count(KEY)}


def report(url):
    t0 = time.monotonic()
    with urllib.request.urlopen(url, timeout=300) as r:
        doc = json.loads(r.read())
    return {"ms": (time.monotonic() - t0) * 1000,
            "announced": doc["announced"], "registered": doc["registered"]}


def main():
    what = sys.argv[1]
    if what == "stream":
        out = stream(sys.argv[2])
    elif what == "browse":
        out = browse(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]),
                     sys.argv[5:])
    elif what == "first":
        out = first(sys.argv[2])
    elif what == "report":
        out = report(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

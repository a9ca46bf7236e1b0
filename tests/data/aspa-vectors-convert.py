#!/usr/bin/env python3
# Convert aspa-vectors.json (the reference vectors, draft -27) into the
# line format read by tests/check_aspa.c:
#   table NAME CUSTOMER:PROVIDER,PROVIDER ...
#   vector ID TABLE up|down NEIGHBOR(0=none) RS_CLIENT(0|1) EXPECTED PATH...
# PATH uses the bgpdump notation ({a,b} is an AS_SET).
# Usage: python3 aspa-vectors-convert.py aspa-vectors.json > aspa-vectors.txt
import json
import sys

d = json.load(open(sys.argv[1]))
print("# generated from aspa-vectors.json by aspa-vectors-convert.py; "
      "do not edit")
print("# " + d["spec"])


def table_line(name, t):
    ents = " ".join("%s:%s" % (c, ",".join(str(p) for p in ps))
                    for c, ps in sorted(t.items(), key=lambda kv: int(kv[0])))
    return ("table %s %s" % (name, ents)).rstrip()


for name, t in d["tables"].items():
    print(table_line(name, t))
for v in d["vectors"]:
    tab = v["aspa_table"]
    if not isinstance(tab, str):
        name = "T_" + v["id"]
        print(table_line(name, tab))
        tab = name
    segs = []
    for s in v["as_path"]:
        if s["type"] == "SEQ":
            segs.append(" ".join(str(a) for a in s["asns"]))
        elif s["type"] == "SET":
            segs.append("{" + ",".join(str(a) for a in s["asns"]) + "}")
        else:
            raise SystemExit("unknown segment type " + s["type"])
    print("vector %s %s %s %d %d %s %s" % (
        v["id"], tab, "up" if v["direction"] == "upstream" else "down",
        v["neighbor_as"] or 0, 1 if v["receiver_is_rs_client"] else 0,
        v["expected"], " ".join(segs)))

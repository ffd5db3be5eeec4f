#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Check gshap's adverse reasons against the JSON records of the same run:
# per row the K contributions of the adverse sign, largest first (ties by
# index), with the same value, contribution and stderr; groups when the
# record has them. Usage: reasonscheck.py JSON REASONS.csv|REASONS.json K
# lower|higher
import csv
import json
import sys


def die(msg):
    print("reasonscheck: " + msg)
    sys.exit(1)


def expected(rec, k, adverse):
    sign = -1 if adverse == "lower" else 1
    items = rec.get("groups") or rec["features"]
    value = {f["name"]: f["value"] for f in rec["features"]}
    for g in rec.get("groups") or []:
        # A group of one feature has that feature's value.
        if len(g["members"]) == 1:
            g["value"] = value[g["members"][0]]
    cand = [(i, f) for i, f in enumerate(items)
            if f["attribution"] is not None and f["attribution"] * sign > 0]
    cand.sort(key=lambda p: (-p[1]["attribution"] * sign, p[0]))
    return [f for _, f in cand[:k]]


def main():
    recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    path, k, adverse = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    got = {}
    if path.endswith(".csv"):
        rows = list(csv.DictReader(open(path, encoding="utf-8")))
        for r in rows:
            if r["adverse"] != adverse:
                die("adverse %s" % r["adverse"])
            got.setdefault(int(r["row"]), []).append({
                "feature": r["feature"], "rank": int(r["reason"]),
                "value": float(r["value"]) if r["value"] else None,
                "contribution": float(r["contribution"]),
                "stderr": float(r["stderr"]) if r["stderr"] else None})
    else:
        for l in open(path, encoding="utf-8"):
            o = json.loads(l)
            if o["adverse"] != adverse:
                die("adverse %s" % o["adverse"])
            got[o["row"]] = [dict(r, rank=r["reason"]) for r in o["reasons"]]
    if sorted(got) != sorted(r["row"] for r in recs if expected(r, k, adverse)):
        die("rows %s" % sorted(got))
    n = 0
    for rec in recs:
        want = expected(rec, k, adverse)
        have = got.get(rec["row"], [])
        if len(have) != len(want):
            die("row %d: %d reasons, expected %d" % (rec["row"], len(have), len(want)))
        for i, (h, w) in enumerate(zip(have, want)):
            if h["rank"] != i + 1 or h["feature"] != w["name"] or \
                    h["contribution"] != w["attribution"] or \
                    h["stderr"] != w["stderr"] or \
                    h["value"] != w.get("value"):
                die("row %d reason %d: %s, expected %s" % (rec["row"], i + 1, h, w))
            n += 1
    print("ok: %d reasons in %d rows" % (n, len(recs)))


main()

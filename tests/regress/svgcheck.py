#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Read an SVG figure of gshap back and check it against the JSON record of
# the same run: every bar's width is |attribution| times one scale, the
# labels are the JSON's feature names in |phi| order, the rest row is the
# sum of the others. Usage: svgcheck.py bar|waterfall|force|heat SVG JSON [K]
import json
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def die(msg):
    print("svgcheck: " + msg)
    sys.exit(1)


def main():
    fig, svg, js = sys.argv[1], sys.argv[2], sys.argv[3]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    root = ET.parse(svg).getroot()
    rec = json.loads(open(js, encoding="utf-8").readline())
    phi = {f["name"]: f["attribution"] for f in rec["features"]}
    names = [f["name"] for f in rec["features"]]
    if root.tag != NS + "svg" or fig not in root.get("class", "").split():
        die("not a %s figure" % fig)
    if fig == "heat":
        cells = [r for r in root.iter(NS + "rect") if r.get("class") == "cell"]
        if len(cells) != len(names):
            die("%d cells for %d pixels" % (len(cells), len(names)))
        for c, n in zip(cells, names):
            if abs(float(c.get("data-phi")) - phi[n]) > 1e-6 * max(1, abs(phi[n])):
                die("cell %s: %s, JSON %s" % (n, c.get("data-phi"), phi[n]))
        return
    cls = "push" if fig == "force" else "bar"
    bars = [r for r in root.iter(NS + "rect")
            if cls in r.get("class", "").split()]
    # The order every output shows: |phi| descending, ties by index.
    order = sorted(range(len(names)), key=lambda i: (-abs(phi[names[i]]), i))
    d = len(names)
    keep = d if fig == "force" or d <= k else k - 1
    want = [names[i] for i in order[:keep]]
    if fig == "force":
        got = sorted(b.get("data-name") for b in bars)
        if got != sorted(n for n in names if phi[n] != 0):
            die("force segments are not the features")
    else:
        got = [b.get("data-name") for b in bars]
        if d > k:
            want.append("Sum of %d other features" % (d - keep))
        if got != want:
            die("bars %s, expected %s" % (got[:4], want[:4]))
        labels = [t for t in root.iter(NS + "text") if t.get("class") == "label"]
        texts = ["".join(t.itertext()) for t in labels]
        # As the terminal labels them: "value = name", a category
        # "name = level", the rest row its own words.
        if len(texts) != len(want):
            die("%d labels for %d bars" % (len(texts), len(want)))
        for t, n in zip(texts, want):
            if t != n and not t.endswith(" = " + n) and \
                    not t.startswith(n + " = "):
                die("label %r does not name %r" % (t, n))
    rest = sum(phi[names[i]] for i in order[keep:])
    scale = None
    for b in bars:
        n = b.get("data-name")
        v = phi[n] if n in phi else rest
        w = float(b.get("width"))
        if abs(float(b.get("data-phi")) - v) > 1e-6 * max(1, abs(v)):
            die("%s: data-phi %s, JSON %s" % (n, b.get("data-phi"), v))
        if abs(v) < 1e-12:
            continue
        if scale is None:
            scale = w / abs(v)
        if abs(w - scale * abs(v)) > 1e-3 + 1e-4 * w:
            die("%s: width %g is not |%g| x %g" % (n, w, v, scale))
    if scale is None:
        die("no bars")
    print("ok %s: %d bars, %.6g px per unit" % (fig, len(bars), scale))


main()

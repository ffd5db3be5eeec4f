#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Read a gshap HTML report back. Usage:
#   reportcheck.py command REPORT         print the reproducing command
#   reportcheck.py table REPORT JSON      every row's attributions and SEs
#                                         equal, as text, those of the JSON
#                                         Lines (the command's output)
#   reportcheck.py hashes REPORT          print the two SHA-256 digests
#   reportcheck.py flags REPORT           print the flag classes, one a line
#   reportcheck.py self-contained REPORT  no script, link, external URL
import json
import re
import sys
from html.parser import HTMLParser


class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.command = ""
        self.hashes = {}
        self.rows = []          # per section: [(name, phi, se)]
        self.cells = None
        self.flags = []
        self.tags = []
        self.attrs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs.extend(attrs)
        cls = a.get("class", "") or ""
        self.stack.append((tag, a.get("id"), cls))
        if tag == "section" and "row" in cls.split():
            self.rows.append([])
        if tag == "tr" and cls == "feature":
            self.cells = []
        if tag == "td" and self.cells is not None:
            self.cells.append("")
        if tag == "li" and "flag" in cls.split():
            self.flags.append(cls.split()[1])

    def handle_endtag(self, tag):
        if tag == "tr" and self.cells is not None:
            c = self.cells
            self.rows[-1].append((c[0], c[2], c[3]))
            self.cells = None
        while self.stack:
            t = self.stack.pop()
            if t[0] == tag:
                break

    def handle_data(self, data):
        if not self.stack:
            return
        tag, ident, cls = self.stack[-1]
        if ident == "command":
            self.command += data
        elif ident in ("model-sha256", "data-sha256"):
            self.hashes[ident] = data
        elif tag == "td" and self.cells is not None:
            self.cells[-1] += data


def main():
    mode, path = sys.argv[1], sys.argv[2]
    r = Report()
    r.feed(open(path, encoding="utf-8").read())
    if mode == "command":
        print(r.command)
    elif mode == "hashes":
        print(r.hashes["model-sha256"])
        print(r.hashes["data-sha256"])
    elif mode == "flags":
        for f in r.flags:
            print(f)
    elif mode == "self-contained":
        bad = [t for t in r.tags if t in ("script", "link", "iframe",
                                           "img", "object", "embed")]
        bad += ["%s=%s" % a for a in r.attrs if a[0] in ("src", "href")]
        if bad:
            sys.exit("external or active content: %s" % bad[:3])
        text = open(path, encoding="utf-8").read()
        for u in re.findall(r"https?://[^\"' <]*", text):
            if u != "http://www.w3.org/2000/svg":
                sys.exit("a URL: %s" % u)
        if "@import" in text or "url(" in text:
            sys.exit("CSS fetches something")
    elif mode == "table":
        recs = [json.loads(l, parse_float=str, parse_int=str)
                for l in open(sys.argv[3], encoding="utf-8")]
        if len(recs) != len(r.rows):
            sys.exit("%d rows in the report, %d in the JSON" % (len(r.rows), len(recs)))
        for rec, rows in zip(recs, r.rows):
            want = sorted((f["name"], f["attribution"] or "", f["stderr"] or "")
                          for f in rec["features"])
            if sorted(rows) != want:
                diff = [x for x in sorted(rows) if x not in want][:3]
                sys.exit("row %s differs: %s" % (rec["row"], diff))
        print("ok: %d rows, %d attributions" % (len(recs), sum(map(len, r.rows))))


main()

#!/bin/sh
# SPDX-License-Identifier: ISC
# A headless browser (Chromium, when installed; skipped otherwise) prints a
# report to PDF without errors, on A4 pages, and draws it as a PNG.
. "$srcdir/tests/regress/lib.sh"
B=
for b in chromium chromium-browser google-chrome; do
	command -v $b >/dev/null 2>&1 && { B=$b; break; }
done
[ -n "$B" ] || { echo "no headless browser: skipped"; exit 77; }
# Chromium wants a writable home and runs without its sandbox as root.
export HOME="$T"
CH="$B --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars --user-data-dir=$T/profile"

expect_exit 0 -- report --row 17 --samples 64 -o "$T/r.html"
timeout 120 $CH --no-pdf-header-footer --print-to-pdf="$T/r.pdf" "file://$T/r.html" >"$T/log" 2>&1
[ -s "$T/r.pdf" ] && pass || { fail "no PDF"; tail -5 "$T/log"; }
# Every page is A4 (595 x 842 points).
n=$(grep -a -o 'MediaBox \[0 0 59[45][.0-9]* 84[12][.0-9]*\]' "$T/r.pdf" | wc -l)
all=$(grep -a -o 'MediaBox \[[^]]*\]' "$T/r.pdf" | wc -l)
[ "$n" -ge 2 ] && [ "$n" -eq "$all" ] && pass || fail "pages not A4 ($n of $all)"
timeout 120 $CH --window-size=800,1130 --screenshot="$T/r.png" "file://$T/r.html" >"$T/log" 2>&1
# A PNG, and not a blank one.
head -c 8 "$T/r.png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' && pass || fail "no PNG"
[ "$(wc -c <"$T/r.png")" -gt 20000 ] && pass || fail "the PNG is nearly empty"

# The credit demo's applicant report (doc/report-credit.png) draws too.
expect_exit 0 -- report --demo credit --row 113 --samples 64 -o "$T/c.html"
timeout 120 $CH --window-size=794,1123 --screenshot="$T/c.png" "file://$T/c.html" >"$T/log" 2>&1
head -c 8 "$T/c.png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' && pass || fail "no PNG of the credit report"
[ "$(wc -c <"$T/c.png")" -gt 20000 ] && pass || fail "the credit PNG is nearly empty"

finish

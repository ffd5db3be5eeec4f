#!/bin/sh
# SPDX-License-Identifier: ISC
# PNG figures (a gshap built with cairo; skipped without): gshap explain
# --format png and the REPL's write FILE.png draw the SVG's figure at twice
# its size (tests/unit/test-png reads the pixels back); the same figure from
# both; bad requests fail with a message and leave no file; without libcairo
# at run time a PNG fails with a message and nothing else changes.
. "$srcdir/tests/regress/lib.sh"
"$GSHAP" explain --row 0 --samples 8 --format png > "$T/probe" 2> "$T/err"
if grep -q "need cairo" "$T/err"; then
	grep -q "libcairo2-dev" "$T/err" && echo "no cairo: skipped (the message says what to install)"
	exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
# Width and height of a PNG from its IHDR chunk.
size() {
	python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR", "not a PNG"
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"
}
svgsize() {
	sed -n 's/.*<svg [^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1x\2/p' "$1" | head -1
}
twice() { echo "$1" | awk -Fx '{ print $1 * 2 "x" $2 * 2 }'; }

# The credit demo's bar figure: twice the SVG's size.
expect_exit 0 -- explain --demo credit --row 113 --format png
cp "$T/out" "$T/bar.png"
expect_exit 0 -- explain --demo credit --row 113 --format svg
cp "$T/out" "$T/bar.svg"
[ "$(size "$T/bar.png")" = "$(twice "$(svgsize "$T/bar.svg")")" ] && pass || fail "PNG $(size "$T/bar.png"), SVG $(svgsize "$T/bar.svg")"
[ "$(size "$T/bar.png")" = 1440x672 ] && pass || fail "bar size $(size "$T/bar.png")"
# Every figure; the heat map of an image model.
for v in waterfall force; do
	expect_exit 0 -- explain --row 3 --samples 64 --format png --view $v
	cp "$T/out" "$T/$v.png"
	expect_exit 0 -- explain --row 3 --samples 64 --format svg --view $v
	[ "$(size "$T/$v.png")" = "$(twice "$(svgsize "$T/out")")" ] && pass || fail "$v size"
done
M="$srcdir/tests/data/models"
expect_exit 0 -- explain --model $M/cnn_digits.onnx --data $srcdir/tests/data/csv/digits.csv --target label --row 0 --samples 16 --format png --view heat
size "$T/out" > /dev/null && pass || fail "heat map PNG"
# The REPL's write FILE.png draws the same image as --format png.
expect_exit 0 -- --no-config -c "set samples 64; explain 3; write $T/repl.png waterfall"
expect_out "wrote row 3 to $T/repl.png"
cmp -s "$T/repl.png" "$T/waterfall.png" && pass || fail "REPL write differs from --format png"
# Bad requests.
expect_exit 1 -- --no-config -c "explain 3; write $T/nodir/x.png"
expect_err "write: $T/nodir/x.png: No such file or directory"
expect_exit 0 -- --no-config -c "set samples 64; explain 3; export png $T/export.png"
size "$T/export.png" > /dev/null && pass || fail "export png"
expect_exit 1 -- --no-config -c "write $T/x.png"
expect_err "nothing to write yet"
[ ! -e "$T/x.png" ] && pass || fail "a failed write left a file"
expect_exit 2 -- explain --all --format png
expect_err "--format png draws one row"
expect_empty_out
# gshap loads libcairo only when it draws a PNG. Without it (an empty file
# stands in its place here) every other output works, and a PNG asked for
# says what is missing, exits non-zero and leaves no file.
mkdir "$T/nocairo" && : > "$T/nocairo/libcairo.so.2"
gs_llp=${LD_LIBRARY_PATH-}
LD_LIBRARY_PATH="$T/nocairo${gs_llp:+:$gs_llp}"
export LD_LIBRARY_PATH
expect_exit 0 -- explain --row 3 --samples 8 --format svg
expect_out "<svg"
expect_exit 2 -- explain --row 3 --samples 8 --format png
expect_err "--format png: PNG output needs libcairo ("
expect_err "install the Debian package libcairo2"
expect_empty_out
expect_exit 1 -- --no-config -c "set samples 8; explain 3; write $T/nocairo.png"
expect_err "write: PNG output needs libcairo"
[ ! -e "$T/nocairo.png" ] && pass || fail "a PNG without libcairo left a file"
if [ -n "$gs_llp" ]; then LD_LIBRARY_PATH=$gs_llp; else unset LD_LIBRARY_PATH; fi
finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain --format svg: each figure read back (tests/regress/svgcheck.py)
# against the JSON output of the same run: bar widths proportional to the
# attributions, labels the JSON's names; the heat map's cells are the
# pixels' attributions; names from the file are escaped; bad requests fail
# with a message and write nothing.
. "$srcdir/tests/regress/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
CHECK="python3 $srcdir/tests/regress/svgcheck.py"
M="$srcdir/tests/data/models"
D="$srcdir/tests/data/csv"
xml_ok() {
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1" && pass || fail "$1 is not well-formed XML"
	fi
}

# The demo, row 3: every figure against the JSON of the same options.
expect_exit 0 -- explain --row 3 --samples 64 --format json
cp "$T/out" "$T/demo.json"
for v in bar waterfall force; do
	expect_exit 0 -- explain --row 3 --samples 64 --format svg --view $v
	cp "$T/out" "$T/$v.svg"
	xml_ok "$T/$v.svg"
	$CHECK $v "$T/$v.svg" "$T/demo.json" && pass || fail "$v figure"
done
# gshap view VIEW ROW --format svg writes the figure instead of the explorer.
expect_exit 0 -- view waterfall 3 --samples 64 --format svg
cmp -s "$T/out" "$T/waterfall.svg" && pass || fail "gshap view --format svg"
# The print palette changes colours only.
expect_exit 0 -- explain --row 3 --samples 64 --format svg --palette print
$CHECK bar "$T/out" "$T/demo.json" && pass || fail "print palette"
grep -q '#ffaf00\|#005faf' "$T/out" && pass || fail "print colours"
grep -q '#ff0051' "$T/out" && fail "screen colour in print" || pass

# An image model: the heat map's cells are the 8x8 pixels' attributions.
IMG="--model $M/cnn_digits.onnx --data $D/digits.csv --target label --row 0 --samples 16"
expect_exit 0 -- explain $IMG --format json
cp "$T/out" "$T/img.json"
expect_exit 0 -- explain $IMG --format svg --view heat
xml_ok "$T/out"
$CHECK heat "$T/out" "$T/img.json" && pass || fail "heat figure"
# A model whose input is no image says so in the figure.
expect_exit 0 -- explain --row 0 --samples 16 --format svg --view heat
expect_out "not an image"

# Names from the file are escaped (&, <, quotes, control characters).
printf '%s\n' 'a&b,<c>,"d""e",y' > "$T/odd.csv"
sed 1d "$srcdir/tests/data/linear_tiny.csv" >> "$T/odd.csv"
ODD="--model $M/linear_tiny.onnx --data $T/odd.csv --target y --baseline zeros"
expect_exit 0 -- explain $ODD --row 1 --format json
cp "$T/out" "$T/odd.json"
expect_exit 0 -- explain $ODD --row 1 --format svg
xml_ok "$T/out"
$CHECK bar "$T/out" "$T/odd.json" && pass || fail "escaped names"
expect_out 'a&amp;b'
expect_out '&lt;c&gt;'
# A control character, which XML cannot hold, is shown as \x01.
printf 'a\001b,c,d,y\n1,2,3,4\n2,3,4,5\n' > "$T/ctl.csv"
expect_exit 0 -- explain --model $M/linear_tiny.onnx --data "$T/ctl.csv" --target y --baseline zeros --format svg
xml_ok "$T/out"
expect_out 'data-name="a\x01b"'

# The REPL's write draws the same figure from the same settings.
expect_exit 0 -- --no-config -c "set samples 64; explain 3; write $T/repl.svg waterfall"
expect_out "wrote row 3 to $T/repl.svg"
cmp -s "$T/repl.svg" "$T/waterfall.svg" && pass || fail "REPL write differs from --format svg"
expect_exit 1 -- --no-config -c "explain 3; write $T/nodir/x.svg"
expect_err "write: $T/nodir/x.svg: No such file or directory"
[ ! -e "$T/nodir" ] && pass || fail "write made something"
expect_exit 1 -- --no-config -c "explain 3; write $T/x.gif"
expect_err "name the file FILE.svg or FILE.png (a figure), .csv, .json or .txt"
expect_exit 1 -- --no-config -c "explain 3; write $T/x.svg summary"
expect_err "unknown figure 'summary' (bar, waterfall, force, heat)"
expect_exit 1 -- --no-config -c "write $T/x.svg"
expect_err "nothing to write yet"
[ ! -e "$T/x.svg" ] && [ ! -e "$T/x.gif" ] && pass || fail "a failed write left a file"

# Bad requests: a message, nothing on stdout.
expect_exit 2 -- explain --all --format svg
expect_err "--format svg draws one row"
expect_empty_out
expect_exit 2 -- explain --row 1 --format svg --view summary
expect_err "--format svg draws bar, waterfall, force or heat, not summary"
expect_exit 2 -- explain --row 1 --format svg --palette neon
expect_err "unknown palette 'neon' (screen, print)"
expect_exit 2 -- explain --row 1 --format gif
expect_err "unknown format 'gif' (text, csv, json, svg, png, reasons, reasons-json)"
expect_exit 2 -- explain --row 100000 --format svg
expect_err "the data has 569 rows"
expect_empty_out

finish

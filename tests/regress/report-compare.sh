#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap report --compare-model / --model-b (issue 18): the report gains a
# section on the second model with both predictions, every feature's
# A - B with its paired SE and verdict, as gshap explain --compare-model
# computes them with the same settings; model B's digest; a command that
# reproduces the comparison; a model against itself differs by exactly 0;
# a pair that does not fit is refused and leaves no file.
. "$srcdir/tests/regress/lib.sh"
export LC_ALL=C
B="$srcdir/data/twins/int8.onnx"
OPTS="--rows 188:192 --samples 64"

expect_exit 0 -- report --model-b "$B" $OPTS -o "$T/r.html"
expect_empty_out
H="$T/r.html"
grep -q '<section class="compare" id="compare">' "$H" && pass || fail "no compare section"
[ "$(grep -c '^<h2>Row 1[89][0-9]: bc_mlp against int8</h2>$' "$H")" -eq 4 ] && pass || fail "one table a row"
grep -qF "$(sha256sum "$B" | cut -d' ' -f1)" "$H" && pass || fail "model B's SHA-256"
if command -v tidy >/dev/null 2>&1; then
	tidy -q -e "$H" >"$T/tidy" 2>&1 && pass || { fail "tidy"; head -5 "$T/tidy"; }
fi
# The same numbers as explain --compare-model: each feature's A - B and SE
# to 4 digits, the verdicts "larger than noise" one for one.
expect_exit 0 -- explain --compare-model "$B" $OPTS --format csv
awk -F, 'NR > 1 && NF > 20 { printf "<tr><td>%s</td><td class=\"num\">%+.4g</td><td class=\"num\">%+.4g</td><td class=\"num\">%+.4g</td><td class=\"num\">%.4g</td><td class=\"num\">%.4g</td>\n", $14, $16, $18, $20, $21, $23 }' \
    "$T/out" > "$T/want"
[ "$(wc -l < "$T/want")" -eq 120 ] && pass || fail "csv rows"
found=$(grep -oF -f "$T/want" "$H" | sort -u | wc -l)
[ "$found" -eq 120 ] && pass || fail "only $found of 120 features' numbers in the report"
larger=$(awk -F, '$26 == "larger than noise"' "$T/out" | wc -l)
[ "$larger" -gt 0 ] && [ "$(grep -c '<td class="bad">larger than noise</td>' "$H")" -eq "$larger" ] &&
    pass || fail "verdicts: $larger larger than noise"
# The command in the section reproduces the comparison.
sed -n '/<section class="compare"/,/<\/section>/p' "$H" | sed -n 's/^<pre>//; s/<\/pre>$//p' |
    sed 's/&#39;/'"'"'/g; s/&quot;/"/g; s/&amp;/\&/g' > "$T/cmd"
grep -q -- '--compare-model ' "$T/cmd" && pass || fail "no command: $(cat "$T/cmd")"
sed "s|^gshap |\"\$GSHAP\" |" "$T/cmd" > "$T/cmd.sh"
sh "$T/cmd.sh" > "$T/again" 2>"$T/err" && pass || fail "the command failed: $(cat "$T/cmd")"
# Its numbers are those of explain --compare-model with the report's
# settings (compared with each other, not with digits written here: the
# last bits follow the machine's BLAS kernels).
grep -o '"delta":[^,]*' "$T/again" > "$T/again.delta"
expect_exit 0 -- explain --compare-model "$B" $OPTS --format json
grep -o '"delta":[^,]*' "$T/out" > "$T/want.delta"
[ "$(wc -l < "$T/want.delta")" -gt 120 ] && cmp -s "$T/again.delta" "$T/want.delta" &&
    pass || fail "the command's numbers: $(diff "$T/want.delta" "$T/again.delta" | head -3)"

# Itself: every difference exactly 0.
expect_exit 0 -- report --compare-model "$srcdir/data/bc_mlp.onnx" --row 3 --samples 64 -o "$T/s.html"
grep -q '<td>0 of 30 features' "$T/s.html" && pass || fail "itself: larger than noise"
[ "$(grep -c '<td>same</td></tr>$' "$T/s.html")" -eq 30 ] && pass || fail "itself: verdicts"
# A model with other inputs: refused, no file left, an old one kept.
echo old > "$T/keep.html"
expect_exit 1 -- report --model-b "$srcdir/tests/data/models/mlp_sigmoid.onnx" --row 0 -o "$T/keep.html"
expect_err "mlp_sigmoid.onnx takes 5: two models compared must take the same columns"
[ "$(cat "$T/keep.html")" = old ] && pass || fail "the old file was touched"
finish

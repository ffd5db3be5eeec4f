#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain output formats against golden files, on a linear model whose
# attributions are exact (w_i (x_i - b_i)) whatever the seed, so the golden
# numbers do not depend on the BLAS kernel of the machine.
. "$srcdir/tests/regress/lib.sh"
G="$srcdir/tests/regress/golden"
LIN="--model $srcdir/tests/data/models/linear_tiny.onnx --data $srcdir/tests/data/linear_tiny.csv --target y"

expect_exit 0 -- explain $LIN --all --baseline zeros --format csv
expect_golden "$G/linear-zeros.csv"
expect_exit 0 -- explain $LIN --rows 1:3 --method ig --baseline row:0 --rule trapezoid --steps 7 --format json
expect_golden "$G/linear-ig-row0.json"
expect_exit 0 -- explain $LIN --row 2 --baseline row:0 --samples 10 --seed 3
expect_golden "$G/linear-row0.txt"
expect_exit 0 -- explain $LIN --row 4 --method saliency --format csv
expect_golden "$G/linear-saliency.csv"
expect_exit 0 -- explain $LIN --row 4 --method ixg --format json
expect_golden "$G/linear-ixg.json"

# The default plans: reg for Gradient SHAP; --plan reg asked of SmoothGrad
# runs (and says) its own best plan, antithetic pairs.
expect_exit 0 -- explain --row 0 --samples 50
expect_out "method gradshap  samples 50  plan reg  seed 0"
expect_exit 0 -- explain --row 0 --samples 50 --method smoothgrad --noise 15% --plan reg
expect_out "plan antithetic  seed 0"

# Half-open ranges with open ends.
expect_exit 0 -- explain $LIN --rows 3: --baseline zeros --format csv
[ "$(cut -d, -f1 "$T/out" | sort -u | tr '\n' ' ')" = "3 4 row " ] && pass || fail "--rows 3: rows"
expect_exit 0 -- explain $LIN --rows :2 --baseline zeros --format json
[ "$(wc -l <"$T/out")" -eq 2 ] && pass || fail "--rows :2 lines"

# The demo: one JSON object per row with every key, seed and samples stated.
expect_exit 0 -- explain --rows 0:3 --format json --seed 9 --samples 50
[ "$(wc -l <"$T/out")" -eq 3 ] && pass || fail "demo json lines"
for k in '"row":0' '"output":0' '"output_name":"benign"' '"output_label":"P(benign)"' '"method":"gradshap"' \
    '"seed":9' '"samples":50' '"baseline":"data"' '"noise":null' '"fx":' \
    '"base":' '"gap":' '"name":"mean_radius"' '"stderr":'; do
	expect_out "$k"
done
# The same seed gives the same bytes; another seed does not.
cp "$T/out" "$T/a"
expect_exit 0 -- explain --rows 0:3 --format json --seed 9 --samples 50
cmp -s "$T/a" "$T/out" && pass || fail "the same seed changed the numbers"
expect_exit 0 -- explain --rows 0:3 --format json --seed 10 --samples 50
cmp -s "$T/a" "$T/out" && fail "seed did not change the numbers" || pass
# CSV: header, then 30 lines per row.
expect_exit 0 -- explain --rows 0:2 --format csv
[ "$(head -1 "$T/out" | cut -d, -f1-12)" = "row,output,method,feature,value,attribution,stderr,rank,fx,base,base_kind,base_label" ] && pass || fail "csv header"
[ "$(head -1 "$T/out" | cut -d, -f37-)" = "output_name,imputed" ] && pass || fail "csv header's last columns"
[ "$(wc -l <"$T/out")" -eq 61 ] && pass || fail "csv line count"
# Text: the header names everything that produced the result.
expect_exit 0 -- explain --row 17
for k in "row 17" "f(x) =" "base E[f(b)] over 569 rows =" "gap =" "(within noise)" "method gradshap" "samples 200" \
    "seed 0" "baseline data (all 569 rows of breast_cancer)" "noise none"; do
	expect_out "$k"
done

# A model that rounds (the model-ops sweep's fake-quantised MLP: QDQ around
# both Gemms; its rows are the first inputs of fakequant_o13.io): every
# gradient method's header says gradients passed straight through its
# rounding, in every format, the explorer's and the REPL's too; a method
# that only evaluates the model, and a float model, say nothing of it.
Q="$srcdir/tests/data/sweep/fakequant_o13.onnx"
printf 'a,b,c,d,e,f\n0.07777913,-0.56532156,1.1858469,-0.7826252,-1.7254226,0.764525\n0.28809077,-0.19917232,-0.8554526,0.299947,0.03089384,2.6784828\n' >"$T/q.csv"
NOTE="model rounds: straight-through gradients explain the float function it approximates"
for m in ig gradshap saliency smoothgrad; do
	expect_exit 0 -- explain --model "$Q" --data "$T/q.csv" --method $m --samples 20
	grep -qxF "$NOTE" "$T/out" && pass || fail "$m text: no rounding note"
done
expect_exit 0 -- explain --model "$Q" --data "$T/q.csv" --method ig --format json
expect_out '"model_rounds":true,'
expect_exit 0 -- explain --model "$Q" --data "$T/q.csv" --method ig --format csv
head -1 "$T/out" | grep -q ',model_rounds,output_name,imputed$' && pass || fail "CSV: no model_rounds column"
awk -F, 'NR > 1 && $(NF - 2) != 1 { bad = 1 } END { exit bad }' "$T/out" && pass ||
    fail "CSV: model_rounds is not 1 on every line"
expect_exit 0 -- explain --model "$Q" --data "$T/q.csv" --method ig --ascii --dump-screen 120x16
sed -n 4p "$T/out" | grep -q ', straight-through gradients *$' && pass ||
    fail "explorer header: no rounding note"
"$GSHAP" --no-config -c 'info model; method ig; explain 1' "$Q" "$T/q.csv" >"$T/out" 2>&1
grep -qxF "$NOTE" "$T/out" && grep -q '^  rounds  ' "$T/out" && pass ||
    { fail "REPL: no rounding note"; cat "$T/out"; }
# (CSV always has the model_rounds column, third from the end: there it
# must say 0.)
said_rounds() {
	if [ "$1" = csv ]; then
		awk -F, 'NR > 1 && $(NF - 2) != 0 { s = 1 } END { exit !s }' "$T/out"
	else
		grep -q 'rounds' "$T/out"
	fi
}
for f in text json csv; do
	expect_exit 0 -- explain --model "$Q" --data "$T/q.csv" --method kernel --samples 64 --format $f
	said_rounds $f && fail "kernel ($f): rounding note" || pass
	expect_exit 0 -- explain $LIN --method ig --format $f
	said_rounds $f && fail "float model ($f): rounding note" || pass
done
expect_exit 0 -- explain $LIN --method ig --ascii --dump-screen 160x16
grep -q 'straight-through' "$T/out" && fail "float model: explorer note" || pass

finish

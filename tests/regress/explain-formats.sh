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
[ "$(head -1 "$T/out" | cut -d, -f36-)" = "output_name,imputed" ] && pass || fail "csv header's last columns"
[ "$(wc -l <"$T/out")" -eq 61 ] && pass || fail "csv line count"
# Text: the header names everything that produced the result.
expect_exit 0 -- explain --row 17
for k in "row 17" "f(x) =" "base E[f(b)] over 569 rows =" "gap =" "(within noise)" "method gradshap" "samples 200" \
    "seed 0" "baseline data (all 569 rows of breast_cancer)" "noise none"; do
	expect_out "$k"
done

finish

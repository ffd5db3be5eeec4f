#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL with two models (issue 18): load model B FILE, model A|B,
# compare --models on a row (both models, A - B with its paired SE) and on
# a range (the summary); a model B that does not fit is refused naming
# both files and leaves the session as it was.
. "$srcdir/tests/regress/lib.sh"
cd "$srcdir" || exit 99
M=tests/data/models
A="$M/cmp_logit.onnx tests/data/mlp_smooth.csv"

# A model against itself: every difference is exactly 0 ("=").
expect_exit 0 -- --no-config -c "load model B $M/cmp_logit.onnx; set samples 64; compare --models -r 3" $A
expect_out "model B cmp_logit: 6 inputs"
expect_out "predictions agree"
n=$(grep -c ' +0 .* =$' "$T/out")
[ "$n" -eq 6 ] && pass || fail "itself: $n of 6 differences exactly 0"

# The pruned twin: one row, then the summary over all rows.
expect_exit 0 -- --no-config -c "model; load model B $M/cmp_logit_pruned.onnx; model; compare -m 2; compare --models all" $A
expect_out "* A cmp_logit ($M/cmp_logit.onnx)"
expect_out "  (no model B: load model B FILE.onnx)"
expect_out "  B cmp_logit_pruned ($M/cmp_logit_pruned.onnx)"
expect_out "row 2  logit[0]  A cmp_logit: f(x) = -0.17693  B cmp_logit_pruned: f(x) = -0.197048"
expect_out "paired SE"
expect_out "summary: cmp_logit (A) against cmp_logit_pruned (B) over 6 rows"
expect_out "predictions agree on 6 of 6 rows"

# model B is explained after model B; model A goes back; a new model A drops B.
expect_exit 0 -- --no-config -c "load model B $M/cmp_logit_pruned.onnx; model B; explain 2; model A; explain 2; load model $M/cmp_logit.onnx; model" $A
expect_out "model B: cmp_logit_pruned explained, compared with cmp_logit"
expect_out "f(x) = -0.197"
expect_out "model A: cmp_logit explained, compared with cmp_logit_pruned"
expect_out "f(x) = -0.1769"
expect_err "model B (cmp_logit_pruned) dropped"
expect_out "  (no model B: load model B FILE.onnx)"

# rows -s disagree: the rows in the order of the summary's "disagree
# most" list, with B's prediction and the agreement columns.
expect_exit 0 -- --no-config -c "load model B $M/cmp_logit_pruned.onnx; rows -s disagree -n 0; compare --models all" $A
awk '$NF == ">noise" { on = 1; next } on && /^[* ] +[0-9]/ { sub(/^\*/, " "); printf "%s ", $1 } / rows$/ { on = 0 }' \
    "$T/out" > "$T/sorted"
sed -n 's/^    row \([0-9]*\) .*/\1/p' "$T/out" | tr '\n' ' ' > "$T/worst"
[ -s "$T/sorted" ] && cmp -s "$T/sorted" "$T/worst" && pass || fail "rows -s disagree: $(cat "$T/sorted") against the summary's $(cat "$T/worst")"
expect_out "     row        pred      pred B  disagree  top5    rho  >noise"
expect_out "       3     -0.2471      -0.267     0.323     5   0.60       6"
expect_out "cmp_logit (A) against cmp_logit_pruned (B) on 6 rows, gradshap, 200 samples, seed 0, the same draws for both"
# -r and a predicate: only the rows kept are compared.
expect_exit 0 -- --no-config -c "load model B $M/cmp_logit_pruned.onnx; rows -s disagree -r row < 3" $A
[ "$(awk '/^[* ] +[0-9]/ { sub(/^\*/, " "); printf "%s ", $1 }' "$T/out")" = "2 1 0 " ] && pass || fail "rows -s disagree -r"
expect_out "on 3 rows, gradshap"
# -a on the demo and its distilled student: the 44 rows of doc/twins.md
# whose predictions agree while their reasons do not, row 128 first.
expect_exit 0 -- --no-config -c "load model B data/twins/student.onnx; rows -a -s disagree -n 3"
expect_out "3 of 44 matching rows shown"
expect_out "     128      0.8885           1      0.1115      0.6553     0.700     3   0.49      22"
expect_out "  -a: predictions agree, but top5 under half of 5 or rho below 0.5"
grep -q "predictions differ" "$T/out" && fail "-a kept a row whose predictions differ" || pass

# Refused: no model B, one that does not fit, a bad letter.
expect_exit 1 -- --no-config -c "rows -s disagree" $A
expect_err "rows: -s disagree compares two models; load one with load model B FILE.onnx"
expect_exit 1 -- --no-config -c "rows -a" $A
expect_err "rows: -a compares two models"
expect_exit 1 -- --no-config -c "compare --models" $A
expect_err "no model B; load one with load model B FILE.onnx"
expect_exit 1 -- --no-config -c "load model B $M/mlp_sigmoid.onnx" $A
expect_err "$M/cmp_logit.onnx takes 6 inputs per row but $M/mlp_sigmoid.onnx takes 5"
expect_exit 1 -- --no-config -c "load model B $M/cmp_logit_2out.onnx" $A
expect_err "has 1 output but"
expect_exit 1 -- --no-config -c "model B" $A
expect_err "no model B: load model B FILE.onnx first"
expect_exit 1 -- --no-config -c "model C" $A
expect_err "model: model A or model B"
expect_exit 1 -- --no-config -c "load model C x.onnx" $A
expect_err "load model A FILE.onnx or load model B FILE.onnx"

finish

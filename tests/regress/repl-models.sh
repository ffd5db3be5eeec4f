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

# Refused: no model B, one that does not fit, a bad letter.
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

#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain --compare-model: two models explained with the same draws
# (issue 18). A model against itself differs by exactly zero in every
# format; a pruned twin gives both predictions, both attributions, the
# difference with its paired SE, rank changes and a summary over rows;
# pairs that do not fit are refused naming both files.
. "$srcdir/tests/regress/lib.sh"
M="$srcdir/tests/data/models"
A="--model $M/cmp_logit.onnx --data $srcdir/tests/data/mlp_smooth.csv"

# Itself: every difference is 0 and called the same.
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit.onnx" --all --format csv
[ "$(head -1 "$T/out" | cut -d, -f20-22)" = "delta,se_delta,se_kind" ] && pass || fail "csv header"
[ "$(awk -F, 'NR > 1 && NF > 20 { print $20 }' "$T/out" | sort -u)" = "0" ] && pass || fail "itself: delta not 0"
[ "$(awk -F, 'NR > 1 && NF > 20 { print $26 }' "$T/out" | sort -u)" = "same" ] && pass || fail "itself: verdicts"
expect_out "feature,mean_abs_delta,se_rows"

# The pruned twin, text: header, columns, verdicts, summary.
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --rows 0:4 --samples 100 --seed 5
for k in "A cmp_logit: f(x) =" "B cmp_logit_pruned: f(x) =" "predictions agree" \
    "method gradshap  samples 100  plan stratified+antithetic  seed 5  (the same draws for both models)" \
    "paired SE" "rank A>B" "larger than noise" "summary: cmp_logit (A) against cmp_logit_pruned (B) over 4 rows" \
    "top-5 agreement" "rank correlation of |phi|" "rows whose explanations disagree most" \
    "rows where the predictions agree but the reasons do not"; do
	expect_out "$k"
done
# JSON Lines: one object a row, then the summary; the same seed, the same bytes.
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --rows 0:4 --samples 100 --format json
[ "$(wc -l <"$T/out")" -eq 5 ] && pass || fail "json lines"
for k in '"model_a":"cmp_logit"' '"model_b":"cmp_logit_pruned"' '"common_random_numbers":true' \
    '"se_kind":"paired"' '"delta":' '"se_delta":' '"rank_a":' '"verdict":' '{"summary":' \
    '"topk_agreement":' '"disagree_most":[' '"same_prediction_other_reasons":['; do
	expect_out "$k"
done
# The provenance strings: a JSON string when set, null when not.
expect_out '"baseline":"data","noise":null,'
cp "$T/out" "$T/a"
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --rows 0:4 --samples 100 --format json
cmp -s "$T/a" "$T/out" && pass || fail "the same seed changed the numbers"
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --rows 0:1 --samples 100 --noise 0.1 --format json
expect_out '"baseline":"data","noise":"0.1",'
# The CSV summary's rows: every row, the explanations that disagree most
# first, as the text summary lists them.
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --all --format csv
sed -n '/^row,f_a,f_b,agree,topk_shared,k,rank_corr,disagree,features_larger_than_noise,same_prediction_other_reasons$/,$p' \
    "$T/out" | tail -n +2 > "$T/rows"
[ "$(wc -l < "$T/rows")" -eq 6 ] && pass || fail "csv summary rows: $(wc -l < "$T/rows")"
sort -t, -k8,8gr -s "$T/rows" | cmp -s - "$T/rows" && pass || fail "csv summary rows not by disagreement"
cut -d, -f1 "$T/rows" | tr '\n' ' ' > "$T/csvorder"
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --all
sed -n 's/^    row \([0-9]*\)  .*rho.*/\1/p' "$T/out" | tr '\n' ' ' > "$T/textorder"
cmp -s "$T/csvorder" "$T/textorder" && pass || fail "csv order $(cat "$T/csvorder") text $(cat "$T/textorder")"
# --model-b is the same option under the issue's name: the same bytes.
expect_exit 0 -- explain $A --model-b "$M/cmp_logit_pruned.onnx" --rows 0:4 --samples 100 --format json
cmp -s "$T/a" "$T/out" && pass || fail "--model-b differs from --compare-model"
# A deterministic method: no SE, differences beyond rounding marked.
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --row 2 --method ig
expect_out "ig is deterministic: no noise"
# A non-linear aggregate: the unpaired bound, said so.
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --row 2 --method smoothgrad --smooth sq --samples 40
expect_out "unpaired SE"

# Refused: other widths, other outputs, a missing file, --tol, --mpi.
expect_exit 1 -- explain $A --compare-model "$M/mlp_sigmoid.onnx"
expect_err "takes 6 inputs per row but"
expect_err "mlp_sigmoid.onnx takes 5"
expect_err "cmp_logit.onnx"
expect_exit 1 -- explain $A --compare-model "$M/cmp_logit_2out.onnx"
expect_err "has 1 output but"
expect_exit 1 -- explain $A --compare-model "$T/nothing.onnx"
expect_err "nothing.onnx"
expect_exit 1 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --tol 1%
expect_err "--tol does not work with a comparison of two models yet"
expect_exit 2 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --mpi
grep -q "does not work with --mpi\|built without MPI" "$T/err" && pass || fail "--mpi"
expect_exit 2 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --metrics
expect_err "--compare-model does not work with --metrics yet"

# The explorer's models view, printed: both models on the row; its tab
# shows only with a model B.
expect_exit 0 -- view models 2 $A --compare-model "$M/cmp_logit_pruned.onnx" --dump-screen 100x24 --ascii
for k in "W Models" "A = cmp_logit: f(x) = -0.1769   B = cmp_logit_pruned: f(x) = -0.197   predictions agree" \
    "same draws for A and B" "paired SE" "larger than noise:"; do
	expect_out "$k"
done
expect_exit 0 -- view models 2 $A --dump-screen 100x24 --ascii
expect_out "models: no model B (gshap view --compare-model B.onnx; REPL: load model B FILE)"
expect_exit 0 -- view exact 2 $A --dump-screen 100x24 --ascii
grep -q "W Models" "$T/out" && fail "models tab without a model B" || pass

# --rows random:N with --compare-model compares the rows drawn: the same
# rows as explain draws alone by that seed, each as compared on its own,
# then the summary over them; the explorer refuses a sample, saying why.
expect_exit 0 -- explain $A --rows random:3 --samples 50 --seed 3 --format json
grep -o '^{"row":[0-9]*' "$T/out" >"$T/drawn"
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --rows random:3 --samples 50 --seed 3 --format json
expect_err "a random sample: 3 of 6 rows drawn by seed 3"
grep -o '^{"row":[0-9]*' "$T/out" | diff - "$T/drawn" >/dev/null && pass ||
    fail "compare over random:3 did not compare the rows drawn"
expect_out '{"summary":'
r=$(head -1 "$T/drawn" | sed 's/.*://')
head -1 "$T/out" >"$T/first"
expect_exit 0 -- explain $A --compare-model "$M/cmp_logit_pruned.onnx" --rows "$r:$((r + 1))" --samples 50 --seed 3 --format json
head -1 "$T/out" | cmp -s - "$T/first" && pass || fail "a drawn row compared differently"
expect_exit 2 -- explain $A --rows random:3 --view bar
expect_err "--rows random:N: not with the explorer, whose rows are the data's rows in order"

finish

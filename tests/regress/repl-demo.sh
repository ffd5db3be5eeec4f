#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL on the bundled demo (the numbers depend on float rounding, so
# only the structure is checked): start-up with no model, explain and its
# header, the cache, summary, and the piped example of the man page.
. "$srcdir/tests/regress/lib.sh"

# gshap with commands and no model starts on the demo.
expect_exit 0 -- --no-config -c 'info'
expect_out "model bc_mlp ("
expect_out "  output  0 prob, 1 value per row (explained)"
expect_out "data breast_cancer ("
expect_out "  rows    569"
expect_out "  target  target"

expect_exit 0 -- --no-config -c 'explain 17'
expect_out "row 17  P(benign)  f(x) = "
expect_out "  max se = "
expect_out "  seed 0"
expect_out "method gradshap  samples 200  plan reg  baseline data (all 569 rows of breast_cancer)  noise none"
expect_out "Sum of 21 other features "
[ "$(grep -c '[-+]|\|  *|[-+]' "$T/out")" -eq 10 ] && pass ||
    { fail "explain shows 10 bars"; cat "$T/out"; }
if grep -q 'gshap bc_mlp' "$T/out"; then fail "prompt in piped output"; else
	pass; fi

# The man page's piped example; the second explain comes from the cache.
printf 'row 17\nexplain\nexplain\n' | "$GSHAP" --no-config >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || fail "piped example"
expect_out "row 17 of breast_cancer (line 19)  pred prob = "
[ "$(grep -c '^row 17  P(benign)' "$T/out")" -eq 2 ] &&
    [ "$(grep -c '(cached)$' "$T/out")" -eq 1 ] && pass ||
    { fail "cache"; cat "$T/out"; }
sed -n '/^row 17  P(benign)/,$p' "$T/out" | sed 's/  (cached)$//' >"$T/both"
n=$(wc -l <"$T/both")
head -n $((n / 2)) "$T/both" >"$T/a"
tail -n $((n / 2)) "$T/both" >"$T/b"
cmp -s "$T/a" "$T/b" && pass || fail "a cached result differs"

# A setting that matters drops the cache; one that does not keeps it.
printf 'explain 3\nset top-k 3\nexplain 3\nset seed 1\nexplain 3\n' |
    "$GSHAP" --no-config >"$T/out" 2>"$T/err"
[ "$(grep -c '(cached)$' "$T/out")" -eq 1 ] && grep -q 'seed 1$' "$T/out" &&
    pass || { fail "cache invalidation"; cat "$T/out"; }

# Methods and baselines side by side; deterministic methods have no se.
expect_exit 0 -- --no-config -c 'set precision 2; compare -r 5 ig saliency'
expect_out "A method ig  steps 50  rule gausslegendre  baseline mean (column means of breast_cancer)"
expect_out "B method saliency  signed  baseline none  noise none"
expect_out "rank correlation (Spearman, by |phi|): "

# summary over a few rows, and rows sorted by error.
expect_exit 0 -- --no-config -c 'set samples 20; summary -n 30'
expect_out "summary of 30 rows of breast_cancer  P(benign)  importance = mean |phi|"
expect_out "Sum of 21 other features |"
expect_out "mean(|SHAP value|) over 30 rows"
expect_out "SHAP value (impact on model output), 30 rows"
expect_exit 0 -- --no-config -c 'rows -s error -n 5'
[ "$(wc -l <"$T/out")" -eq 7 ] && expect_out "5 of 569 matching rows shown"

# The class setting on a classifier with three outputs.
expect_exit 0 -- --no-config -c 'set class 2; explain 0' \
    "$srcdir/tests/data/models/softmax_iris.onnx" \
    "$srcdir/tests/data/csv/iris.csv" --target target
expect_out "row 0  prob[2]  f(x) = "
# "class K", as help settings writes it (issue 21.6): in the REPL (and so
# the explorer's :set), on the command line and in Lua; a class that is
# no number is refused by the options table in each.
IRIS="$srcdir/tests/data/models/softmax_iris.onnx $srcdir/tests/data/csv/iris.csv --target target"
expect_exit 0 -- --no-config -c 'set output class 1; show output; explain 0' $IRIS
expect_out "output      class 1 (default auto)"
expect_out "row 0  prob[1]  f(x) = "
expect_exit 1 -- --no-config -c 'set output class x' $IRIS
expect_err "output 'class x': class takes a whole number (class 0)"
expect_exit 0 -- explain --model "$srcdir/tests/data/models/softmax_iris.onnx" \
    --data "$srcdir/tests/data/csv/iris.csv" --target target --row 0 \
    --output "class 1"
expect_out "row 0  prob[1]  f(x) = "
expect_exit 2 -- explain --output "class x"
expect_err "output 'class x': class takes a whole number"
printf 'local m, d = gshap.demo()\nlocal e = gshap.explainer{model = m, data = d, output = "class 0", samples = 20}\nlocal ex = e:explain(0)\nprint("class", ex.output, ex.class)\nprint(pcall(gshap.explainer, {model = m, data = d, output = "class x"}))\n' >"$T/cls.lua"
expect_exit 0 -- -s "$T/cls.lua"
expect_out "class	prob	0"
expect_out "class takes a whole number"
expect_exit 0 -- --no-config -c 'rows -n 2' \
    "$srcdir/tests/data/models/softmax_iris.onnx" \
    "$srcdir/tests/data/csv/iris.csv" --target target
expect_out "  class"

finish

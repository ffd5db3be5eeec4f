#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL driven through a pipe on the linear model y = 1.5a - 2b + 0.25c
# + 0.5, whose attributions are exact: every command's normal output is
# compared with a golden file, and exports are checked.
. "$srcdir/tests/regress/lib.sh"
G="$srcdir/tests/regress/golden"
cd "$srcdir" || exit 99

cat >"$T/cmds" <<CMDS
# Comments and blank lines are skipped.

info
info columns
rows
rows -s pred -n 3
rows -r -s error
row 2
row next
row prev
row
method ig
baseline zeros
explain 1
export csv $T/one.csv
export json $T/one.json
explain 1
set precision 3; explain 2
set top-k 2
set width 10
explain 2
set top-k default; set width default; set precision default
method gradshap
baseline mean
explain 4
method ixg
explain 3
method saliency
set abs on
explain 3
set abs off
baseline zeros
method ig
compare ig saliency
compare -r 0 mean zeros
export csv $T/two.csv
groups auto
groups
explain 0
groups off
summary
export csv $T/all.csv
summary -n 2
baseline
noise
noise 10%
noise
show
show steps
set steps 7
set rule left
show rule
set output 0
set class auto
help
help explain
help settings
help baselines
help keys
help files
help seed
help attribution
history 3
quit
explain
CMDS
"$GSHAP" --no-config tests/data/models/linear_tiny.onnx \
    tests/data/linear_tiny.csv --target y <"$T/cmds" >"$T/raw" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && pass || { fail "exit status $rc"; cat "$T/err"; }
[ -s "$T/err" ] && { fail "stderr not empty"; cat "$T/err"; } || pass
sed "s#$T#T#g" "$T/raw" >"$T/out"
expect_golden "$G/repl-linear.out"

# Exports: one row of ig against zeros is w * x exactly.
# Each line also carries the row's f(x), base and its label, gap, its SE
# and verdict, seed and the method's parameters.
cat >"$T/want" <<'CSV'
row,output,method,feature,value,attribution,stderr,rank,fx,base,base_kind,base_label,gap,gap_se,gap_verdict,seed,samples,steps,rule,plan,baseline,noise
1,0,ig,a,-1,-1.5,,,-1,0.5,zeros,f(zeros),G,0,within noise,0,,50,gausslegendre,,zeros,
1,0,ig,b,0.5,-1,,,-1,0.5,zeros,f(zeros),G,0,within noise,0,,50,gausslegendre,,zeros,
1,0,ig,c,4,1,,,-1,0.5,zeros,f(zeros),G,0,within noise,0,,50,gausslegendre,,zeros,
CSV
# (the gap is float rounding, whatever its last digits)
cut -d, -f1-22 "$T/one.csv" | awk -F, -v OFS=, 'NR > 1 { if ($13 + 0 > 1e-12 ||
    $13 + 0 < -1e-12) $13 = "BAD"; else $13 = "G" } { print }' >"$T/got"
diff -u "$T/want" "$T/got" && pass || fail "export csv of one row"
# The last two columns: the output's name, and no value imputed.
[ "$(cut -d, -f37- "$T/one.csv" | sort -u | tr '\n' ' ')" = "output_name,imputed y, " ] &&
    pass || fail "export csv: output_name and imputed"
grep -qF '"row":1,"output":0,"output_name":"y","output_label":"y[0]","method":"ig"' "$T/one.json" &&
    grep -q '"baseline":"zeros"' "$T/one.json" &&
    grep -q '{"name":"b","value":0.5,"attribution":-1,"stderr":null,"imputed":null}' \
    "$T/one.json" && pass || { fail "export json"; cat "$T/one.json"; }
[ "$(wc -l <"$T/two.csv")" -eq 7 ] && grep -q '^0,0,ig,b,2,-4,,,.*,y,$' \
    "$T/two.csv" && pass || { fail "export after compare"; cat "$T/two.csv"; }
# After summary, export writes the importance table it showed (b 3.8,
# a 2.17, c 0.65 above), not the rows behind it.
cat >"$T/want" <<'CSV'
rank,feature,mean_abs_attribution,mean_attribution,rows,output,method,seed,samples,baseline,base_label
1,b,3.8,-1.4,5,0,ig,0,,zeros,f(zeros)
2,a,2.175,1.575,5,0,ig,0,,zeros,f(zeros)
3,c,0.65,0.45,5,0,ig,0,,zeros,f(zeros)
CSV
diff -u "$T/want" "$T/all.csv" && pass || fail "export after summary"

# Gradient SHAP over the data: sampled, so only the structure is checked.
printf 'baseline data\nexplain 4\n' | "$GSHAP" --no-config \
    tests/data/models/linear_tiny.onnx tests/data/linear_tiny.csv --target y \
    >"$T/mout"
grep -q '^row 4  y\[0\]  f(x) = -0.25  base E\[f(b)\] over 5 rows = 1.125  gap = .* +/- .* (within noise)  max se = .*  seed 0$' \
    "$T/mout" && grep -q '^method gradshap  samples 200  plan reg  baseline data (all 5 rows of linear_tiny)  noise none$' \
    "$T/mout" && pass || { fail "gradshap over the data"; cat "$T/mout"; }

# The method list comes from the method table, the current one marked.
printf 'method ixg\nmethod\nhelp methods\n' | "$GSHAP" --no-config \
    tests/data/models/linear_tiny.onnx tests/data/linear_tiny.csv --target y \
    >"$T/mout"
grep -q '^\* ixg  *input times gradient$' "$T/mout" &&
    grep -q '^  gradshap  *Gradient SHAP' "$T/mout" &&
    grep -q '^  smoothgrad  *gradients averaged .* (standard errors)$' \
    "$T/mout" && pass || { fail "method list"; cat "$T/mout"; }

# info names the opset and the producer; a producer string with control
# characters (the file's own "pytorch", same length, so the protobuf stays
# valid) is shown with them made visible, never sent to the terminal.
perl -0777 -pe 's/pytorch/py\e[2J\a/' tests/data/models/linear_tiny.onnx \
    >"$T/evil.onnx" || exit 99
"$GSHAP" --no-config -c 'info model' "$T/evil.onnx" tests/data/linear_tiny.csv \
    --target y >"$T/mout" 2>"$T/err"
grep -q '^  opset   13, producer py\\x1b\[2J\\x07 1\.13\.0$' "$T/mout" &&
    ! grep -q "$(printf '\033')" "$T/mout" && pass ||
    { fail "info: producer with control characters"; cat "$T/mout" "$T/err"; }

finish

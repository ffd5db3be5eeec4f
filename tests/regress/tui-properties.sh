#!/bin/sh
# SPDX-License-Identifier: ISC
# The teaching views on the demo model, checked by what their numbers must
# satisfy rather than by a frozen screen (the layouts have golden files in
# test-tui): a 64-sample run of row 3 agrees with a 10^6-sample reference
# (tests/data/reference) within 3 standard errors, feature by feature;
# the reference adds up to f(x) - base (completeness); the views show
# the numbers of the JSON record of the same run; the convergence and
# trace views' estimates agree with the reference within 3 of their own
# standard errors, and the trace ends at the explanation; the path view's integrated gradients add up to
# f(x) - f(b); the metrics stay in their ranges.
. "$srcdir/tests/regress/lib.sh"
REF="$srcdir/tests/data/reference/demo-row3.csv"
DEMO="--model $srcdir/data/bc_mlp.onnx --data $srcdir/data/breast_cancer.csv --target target --row 3 --seed 1 --threads 1 --samples 64"

# near A B TOL: |A - B| <= TOL.
near() {
	awk -v a="$1" -v b="$2" -v t="$3" \
	    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}
# ref_phi NAME and ref_se NAME: the reference's attribution and its SE; a
# name ending in ~ (cut on the screen) matches as a prefix.
ref_field() {
	awk -F, -v n="$1" -v f="$2" '
	    /^#/ || $4 == "feature" { next }
	    { name = $4 }
	    n ~ /~$/ { if (index(name, substr(n, 1, length(n) - 1)) == 1) {
		print $f; exit } ; next }
	    name == n { print $f; exit }' "$REF"
}
ref_phi() { ref_field "$1" 6; }
ref_se() { ref_field "$1" 7; }
# within3 NAME V SE: V is within 3 SE of the reference (both errors).
within3() {
	rp=$(ref_phi "$1") rs=$(ref_se "$1")
	if [ -z "$rp" ]; then fail "no reference for $1"; return; fi
	if awk -v v="$2" -v s="$3" -v r="$rp" -v q="$rs" 'BEGIN {
	    d = v - r; if (d < 0) d = -d; exit !(d <= 3 * sqrt(s * s + q * q)) }'
	then pass; else fail "$1: $2 +/- $3 is not within 3 SE of the reference $rp"; fi
}

# The run's record: f(x), the base, the gap and every attribution.
expect_exit 0 -- explain $DEMO --format json
FX=$(grep -o '"fx":[^,]*' "$T/out" | cut -d: -f2)
BASE=$(grep -o '"base":[^,]*' "$T/out" | cut -d: -f2)
GAP=$(grep -o '"gap":[^,]*' "$T/out" | cut -d: -f2)
[ -n "$FX" ] && [ -n "$BASE" ] && [ -n "$GAP" ] && pass ||
    fail "the JSON record lacks fx, base or gap"
expect_exit 0 -- explain $DEMO --format csv
cp "$T/out" "$T/run.csv"
[ "$(grep -c '^3,' "$T/run.csv")" -eq 30 ] && pass ||
    fail "the CSV record lacks features"

# Every attribution of the run agrees with the reference within 3 SE.
while IFS=, read -r _ _ _ name _ phi se _; do
	[ "$name" = feature ] && continue
	within3 "$name" "$phi" "$se"
done <"$T/run.csv"
# The gap is what the attributions leave of f(x) - base.
SUM=$(awk -F, '$1 == 3 { s += $6 } END { printf "%.9g", s }' "$T/run.csv")
near "$SUM" "$(awk -v f="$FX" -v b="$BASE" -v g="$GAP" \
    'BEGIN { printf "%.9g", f - b + g }')" 1e-6 && pass ||
    fail "sum(phi) $SUM is not f(x) - base + gap"
# Completeness: the reference adds up to f(x) - base (within 0.1 %), for
# the same f(x) and base as the run.
RFX=$(sed -n 's/^# fx:\([^,]*\),.*/\1/p' "$REF")
RBASE=$(sed -n 's/^# .*base:\([^,]*\),.*/\1/p' "$REF")
RSUM=$(awk -F, '$1 == 3 { s += $6 } END { printf "%.9g", s }' "$REF")
near "$RFX" "$FX" 1e-6 && near "$RBASE" "$BASE" 1e-6 && pass ||
    fail "the reference's f(x) or base differ from the run's"
near "$RSUM" "$(awk -v f="$FX" -v b="$BASE" 'BEGIN { print f - b }')" \
    "$(awk -v f="$FX" -v b="$BASE" 'BEGIN { d = f - b; if (d < 0) d = -d;
    print 0.001 * d }')" && pass ||
    fail "the reference's attributions add up to $RSUM, not f(x) - base"

# screen VIEW: the view at 80x24 in ASCII, in $T/screen.
screen() {
	LC_ALL=C "$GSHAP" explain $DEMO --view "$1" --dump-screen 80x24 \
	    >"$T/screen" 2>"$T/err" && pass ||
	    { fail "the $1 view"; head -3 "$T/err"; }
}
# Each view's frame shows the record's f(x), base and gap.
for v in metrics path trace convergence; do
	screen $v
	grep -q "f(x) = $(awk -v f="$FX" 'BEGIN { printf "%.3g", f }') " \
	    "$T/screen" && grep -q "E\[f(b)\] = $(awk -v b="$BASE" \
	    'BEGIN { printf "%.3f", b }') " "$T/screen" &&
	    grep -q "gap $(awk -v g="$GAP" 'BEGIN { printf "%+.3g", g }')" \
	    "$T/screen" && pass ||
	    { fail "the $v view's frame is not the JSON record's"; head -4 "$T/screen"; }
done

# Convergence: the cursor feature's estimate is the run's, within 3 of
# its SE of the reference (the view shows 1.96 SE).
screen convergence
line=$(sed -n 's/^ phi(\([^)]*\)) = \([^ ]*\) +\/- \([^ ]*\) at 64 samples.*/\1 \2 \3/p' \
    "$T/screen")
set -- $line
if [ $# -eq 3 ]; then
	pass
	near "$2" "$(awk -F, -v n="$1" '$4 == n { print $6 }' "$T/run.csv")" \
	    0.0005 && pass || fail "convergence: phi($1) = $2 is not the run's"
	within3 "$1" "$2" "$(awk -v h="$3" 'BEGIN { print h / 1.96 }')"
else
	fail "convergence: no 'phi(F) = V +/- H at 64 samples' line"
fi

# Trace: each listed feature's estimate after the 64 samples it replays,
# within 3 of its SE of the reference; its final is the explanation's.
screen trace
sed -n 's/^[> ] *\([^ ]*\)  *\([-+][0-9.]*\)+\/-\([0-9.]*\) .* \([-+][0-9.]*\)$/\1 \2 \3 \4/p' \
    "$T/screen" >"$T/trace"
[ "$(wc -l <"$T/trace")" -ge 5 ] && pass || fail "trace: too few features"
while read -r name v h final; do
	within3 "$name" "$v" "$(awk -v h="$h" 'BEGIN { print h / 1.96 }')"
	near "$final" "$(awk -F, -v n="$name" '
	    n ~ /~$/ { if (index($4, substr(n, 1, length(n) - 1)) == 1) {
		print $6; exit } ; next }
	    $4 == n { print $6; exit }' "$T/run.csv")" 0.0005 && pass ||
	    fail "trace: the final of $name, $final, is not the explanation's"
done <"$T/trace"

# Path: integrated gradients from baseline row 0 add up to f(x) - f(b).
screen path
FB=$(sed -n 's/.*: f(b) = \([^,]*\), f(x) = .*/\1/p' "$T/screen")
SUMP=$(sed -n 's/.*sum over features: \([-+0-9.e]*\) = f(x) - f(b).*/\1/p' \
    "$T/screen")
if [ -n "$FB" ] && [ -n "$SUMP" ]; then
	near "$SUMP" "$(awk -v f="$FX" -v b="$FB" 'BEGIN { print f - b }')" \
	    "$(awk -v f="$FX" 'BEGIN { print 1e-6 + 0.01 * (f < 0 ? -f : f) }')" &&
	    pass || fail "path: the features sum to $SUMP, not f(x) - f(b)"
else
	fail "path: no f(b) or sum over features"
fi

# Metrics: the stability table's phi are the run's; scores in range.
screen metrics
sed -n 's/^  *\([a-z_]*\)  *\([-+][0-9.]*\)  *[0-9.]*  *#.*/\1 \2/p' \
    "$T/screen" >"$T/stab"
[ "$(wc -l <"$T/stab")" -ge 3 ] && pass || fail "metrics: no stability table"
while read -r name v; do
	near "$v" "$(awk -F, -v n="$name" '$4 == n { print $6 }' "$T/run.csv")" \
	    0.00005 && pass || fail "metrics: phi($name) = $v is not the run's"
done <"$T/stab"
rho=$(sed -n 's/.*mean rank correlation rho = \([-+0-9.]*\).*/\1/p' "$T/screen")
awk -v r="$rho" 'BEGIN { exit !(r != "" && r >= -1 && r <= 1) }' && pass ||
    fail "metrics: rho '$rho' is not in [-1, 1]"
sed -n 's/.*deletion, area \([0-9.]*\) .*insertion, area \([0-9.]*\) .*/\1 \2/p' \
    "$T/screen" | awk 'NF == 2 && $1 >= 0 && $1 <= 1 && $2 >= 0 && $2 <= 1 {
    ok = 1 } END { exit !ok }' && pass ||
    fail "metrics: deletion and insertion areas are not in [0, 1]"

finish

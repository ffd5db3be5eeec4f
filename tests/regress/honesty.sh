#!/bin/sh
# SPDX-License-Identifier: ISC
# The honesty suite (issue 16): for several methods and baselines, every
# format and view shows the f(x), base (with its label), gap (with its SE
# and verdict), class, method parameters and seed of the JSON record of the
# same run. Text, CSV, Lua, the REPL and every explorer view (dumped at
# 80x24 and 120x36) are read back and compared with the record, each number
# to the precision it is shown with.
. "$srcdir/tests/regress/lib.sh"
DEMO="--model $srcdir/data/bc_mlp.onnx --data $srcdir/data/breast_cancer.csv --target target"
IRIS="--model $srcdir/tests/data/models/softmax_iris.onnx --data $srcdir/tests/data/csv/iris.csv --target target"
LIN="--model $srcdir/tests/data/models/linear_tiny.onnx --data $srcdir/tests/data/linear_tiny.csv --target y"
export LC_ALL=C

# shown_near SHOWN EXACT: SHOWN is EXACT rounded to the digits it shows.
shown_near() {
	awk -v s="$1" -v x="$2" 'BEGIN {
	    if (s == "" || x == "") exit 1
	    e = 0; m = s
	    if (match(m, /[eE][-+]?[0-9]+$/)) {
		e = substr(m, RSTART + 1) + 0; m = substr(m, 1, RSTART - 1) }
	    p = index(m, "."); d = p ? length(m) - p : 0
	    t = 0.5 * 10 ^ (-d) * 10 ^ e * 1.000001 + 1e-300
	    v = s - x; if (v < 0) v = -v
	    exit !(v <= t) }'
}
# jfield KEY: a field of the JSON record in $T/rec (strings unquoted).
jfield() {
	sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" "$T/rec" | head -1 |
	    sed 's/^"\(.*\)"$/\1/'
}
# The label in ASCII, as text and the screen write it (the JSON record
# writes x-bar with a combining macron).
ascii_label() { printf '%s\n' "$1" | sed 's/f(x\xcc\x84)/f(mean x)/'; }

# check_run NAME ARGS...: the JSON record, then every format against it.
check_run() {
	name=$1; shift
	"$GSHAP" explain "$@" --format json >"$T/rec" 2>"$T/err" ||
	    { fail "$name: json"; head -3 "$T/err"; return; }
	FX=$(jfield fx) BASE=$(jfield base) GAP=$(jfield gap)
	GSE=$(jfield gap_se) VERDICT=$(jfield gap_verdict)
	LABEL=$(ascii_label "$(jfield base_label)") KIND=$(jfield base_kind)
	SEED=$(jfield seed) METHOD=$(jfield method) OUT=$(jfield output)
	OLABEL=$(jfield output_label) SAMPLES=$(jfield samples)
	STEPS=$(jfield steps)
	[ -n "$FX" ] && [ -n "$VERDICT" ] && [ -n "$LABEL" ] && pass ||
	    { fail "$name: the record lacks fx, gap_verdict or base_label"; return; }

	# Text: the header line and the method line.
	"$GSHAP" explain "$@" --format text >"$T/text" 2>"$T/err" ||
	    { fail "$name: text"; return; }
	h=$(head -1 "$T/text")
	case $h in *"$OLABEL  f(x) = "*) pass ;;
	    *) fail "$name: text names no $OLABEL: $h" ;; esac
	shown_near "$(printf '%s\n' "$h" | sed -n 's/.*f(x) = \([^ ]*\).*/\1/p')" \
	    "$FX" && pass || fail "$name: text f(x) is not $FX: $h"
	if [ "$KIND" != none ]; then
		case $h in *"  base $LABEL = "*) pass ;;
		    *) fail "$name: text base is not labelled $LABEL: $h" ;; esac
		shown_near "$(printf '%s\n' "$h" |
		    sed -n 's/.*  base .* = \([^ ]*\)  sum(phi).*/\1/p')" \
		    "$BASE" && pass || fail "$name: text base is not $BASE: $h"
		shown_near "$(printf '%s\n' "$h" |
		    sed -n 's/.*  gap = \([^ ]*\).*/\1/p')" "$GAP" && pass ||
		    fail "$name: text gap is not $GAP: $h"
		case $h in *"($VERDICT)"*) pass ;;
		    *) fail "$name: text verdict is not $VERDICT: $h" ;; esac
		if [ "$GSE" != 0 ] && [ "$GSE" != null ]; then
			shown_near "$(printf '%s\n' "$h" |
			    sed -n 's/.*  gap = [^ ]* +\/- \([^ ]*\).*/\1/p')" \
			    "$GSE" && pass || fail "$name: text gap SE is not $GSE: $h"
		fi
		if [ "$VERDICT" = "larger than noise" ]; then
			sed -n 2p "$T/text" | grep -q '^note: ' && pass ||
			    fail "$name: no hint under a gap larger than noise"
		fi
	fi
	m=$(grep '^method ' "$T/text")
	case $m in "method $METHOD"*"  seed $SEED") pass ;;
	    *) fail "$name: text method line: $m" ;; esac
	if [ "$SAMPLES" != null ]; then
		case $m in *"samples $SAMPLES"*) pass ;;
		    *) fail "$name: text samples are not $SAMPLES: $m" ;; esac
	fi
	if [ "$STEPS" != null ]; then
		case $m in *"steps $STEPS"*) pass ;;
		    *) fail "$name: text steps are not $STEPS: $m" ;; esac
	fi

	# CSV: the record's numbers exactly, on every line of the row.
	"$GSHAP" explain "$@" --format csv >"$T/csv" 2>"$T/err" ||
	    { fail "$name: csv"; return; }
	jn() { [ "$1" = null ] && echo || echo "$1"; }
	want="$OUT,$METHOD,$(jn "$FX"),$(jn "$BASE"),$KIND,$(jfield base_label),$(jn "$GAP"),$(jn "$GSE"),$VERDICT,$SEED,$(jn "$SAMPLES"),$(jn "$STEPS")"
	bad=$(awk -F, -v w="$want" -v r="$(jfield row)" 'NR > 1 && $1 == r { g = $2 "," $3 "," $9 "," $10 "," \
	    $11 "," $12 "," $13 "," $14 "," $15 "," $16 "," $17 "," $18
	    if (g != w) { print g; exit } }' "$T/csv")
	[ -z "$bad" ] && pass || fail "$name: csv line $bad is not the record's $want"

	# Lua: the explanation's fields (of a run of one row).
	case " $* " in *" --rows "*) ;; *)
	cat >"$T/h.lua" <<'LUA'
local a = {}
for i = 1, #arg do a[#a + 1] = arg[i] end
local o = {}
local k = 1
while k <= #a do o[a[k]:sub(3)] = a[k + 1]; k = k + 2 end
local ds = assert(gshap.load_data(o.data, {target = o.target}))
local m = assert(gshap.load_model(o.model))
local e = gshap.explainer{model = m, data = ds, method = o.method,
    baseline = o.baseline, samples = tonumber(o.samples), seed = tonumber(o.seed)}
local ex = e:explain(tonumber(o.row))
print(string.format("%.9g|%s|%s|%.9g|%s|%s|%d|%s|%d", ex.fx,
    tostring(ex.base_label), ex.base_kind, ex.gap, tostring(ex.gap_se),
    ex.gap_verdict, ex.seed, ex.method, ex.class))
LUA
	# (Lua gets the run's own options; check_run's callers give them in
	# the order --model M --data D --target T --row R --method X ...)
	"$GSHAP" -s "$T/h.lua" "$@" >"$T/lua" 2>"$T/err" || {
		fail "$name: lua"; head -3 "$T/err"; }
	IFS='|' read -r lfx llab lkind lgap lgse lver lseed lmeth lcls <"$T/lua"
	[ "$lfx" = "$FX" ] && [ "$(ascii_label "$llab")" = "$LABEL" ] &&
	    [ "$lkind" = "$KIND" ] && [ "$lver" = "$VERDICT" ] &&
	    [ "$lseed" = "$SEED" ] && [ "$lmeth" = "$METHOD" ] &&
	    [ "$lcls" = "$OUT" ] && pass ||
	    fail "$name: lua says $(cat "$T/lua")" ;;
	esac

	# The screens: the frame of every view listed in $VIEWS.
	for v in $VIEWS; do
		for size in 80x24 120x36; do
			"$GSHAP" explain "$@" --view $v --dump-screen $size \
			    >"$T/scr" 2>"$T/err" ||
			    { fail "$name: $v $size"; head -3 "$T/err"; continue; }
			check_screen "$name $v $size"
		done
	done
}

# check_screen WHAT: the frame of the screen in $T/scr against the record.
check_screen() {
	t=$(sed -n 1p "$T/scr") s=$(sed -n 3p "$T/scr") mt=$(sed -n 4p "$T/scr")
	case $t in *" $OLABEL "*) pass ;;
	    *) fail "$1: the title names no $OLABEL: $t" ;; esac
	shown_near "$(printf '%s\n' "$s" | sed -n 's/^ f(x) = \([^ ]*\).*/\1/p')" \
	    "$FX" && pass || fail "$1: f(x) is not $FX: $s"
	if [ "$KIND" != none ]; then
		short=$(printf '%s\n' "$LABEL" | sed 's/ over .*//')
		case $s in *"  $LABEL = "*|*"  $short = "*) pass ;;
		    *) fail "$1: the base is not labelled $LABEL: $s" ;; esac
		shown_near "$(printf '%s\n' "$s" | awk -v a="  $LABEL = " \
		    -v b="  $short = " '{ i = index($0, a); l = length(a)
		    if (i == 0) { i = index($0, b); l = length(b) }
		    if (i > 0) { t = substr($0, i + l); sub(/ .*/, "", t)
		    print t } }')" "$BASE" && pass ||
		    fail "$1: the base is not $BASE: $s"
		shown_near "$(printf '%s\n' "$s" |
		    sed -n 's/.*  gap \([^ ]*\) .*/\1/p')" "$GAP" && pass ||
		    fail "$1: the gap is not $GAP: $s"
		case $s in *" $VERDICT"*) pass ;;
		    *) fail "$1: the verdict is not $VERDICT: $s" ;; esac
		case $s in *" +/- "*)
			shown_near "$(printf '%s\n' "$s" |
			    sed -n 's/.* +\/- \([^ ]*\) .*/\1/p')" "$GSE" &&
			    pass || fail "$1: the gap's SE is not $GSE: $s" ;;
		esac
	fi
	case $mt in " $METHOD,"*", seed $SEED"*) pass ;;
	    *) fail "$1: the method line is not $METHOD seed $SEED: $mt" ;; esac
	if [ "$SAMPLES" != null ]; then
		case $mt in *", $SAMPLES samples"*) pass ;;
		    *) fail "$1: the screen's samples are not $SAMPLES: $mt" ;; esac
	fi
}

ALL="bar waterfall force summary importance heat dependence exact metrics path trace convergence"
VIEWS=$ALL
check_run "gradshap data" $DEMO --row 3 --method gradshap --samples 64 --seed 5
VIEWS="bar waterfall force"
check_run "ig zeros" $DEMO --row 3 --method ig --baseline zeros
check_run "ig mean" $DEMO --row 263 --method ig --baseline mean
check_run "gradshap row" $DEMO --row 10 --method gradshap --baseline row:5 --samples 50 --seed 2
check_run "kernel" $IRIS --row 70 --method kernel --samples 300 --seed 4
check_run "exact" $IRIS --row 70 --method exact
check_run "saliency" $LIN --row 2 --method saliency
VIEWS=$ALL
check_run "linear" $LIN --row 2 --method gradshap --baseline row:0 --samples 10 --seed 3

# The compare view: its frame is the first row's.
VIEWS=compare
check_run "compare" $DEMO --rows 3:5 --method gradshap --samples 32 --seed 1

# A gap larger than its noise: the explorer's last line says what to do.
"$GSHAP" explain $DEMO --row 3 --method ig --baseline mean --steps 4 \
    --format json >"$T/rec"
if [ "$(jfield gap_verdict)" = "larger than noise" ]; then
	"$GSHAP" explain $DEMO --row 3 --method ig --baseline mean --steps 4 \
	    --view bar --dump-screen 80x24 >"$T/scr"
	tail -1 "$T/scr" | grep -q 'raise --steps' && pass ||
	    fail "no hint on the last line: $(tail -1 "$T/scr")"
else
	fail "ig at 4 steps: the gap was expected larger than noise"
fi

# The REPL's header: the same numbers and words.
printf 'method ig\nbaseline zeros\nexplain 3\n' | "$GSHAP" --no-config \
    "$srcdir/data/bc_mlp.onnx" "$srcdir/data/breast_cancer.csv" \
    --target target >"$T/repl" 2>"$T/err"
"$GSHAP" explain $DEMO --row 3 --method ig --baseline zeros --format json \
    >"$T/rec"
h=$(grep '^row 3 ' "$T/repl")
case $h in *"base f(zeros) = "*"($(jfield gap_verdict))"*) pass ;;
    *) fail "repl header: $h" ;; esac
shown_near "$(printf '%s\n' "$h" | sed -n 's/.*f(x) = \([^ ]*\).*/\1/p')" \
    "$(jfield fx)" && pass || fail "repl f(x): $h"


# Lua's ex:force(k) lists the k largest pushes each side (issue 16).
cat >"$T/force.lua" <<'LUA'
local ds = assert(gshap.load_data(arg[2], {target = "target"}))
local e = gshap.explainer{model = assert(gshap.load_model(arg[1])),
    data = ds, samples = 20}
local ex = e:explain(3)
ex:force(2)
print("--")
ex:force(6)
LUA
"$GSHAP" -s "$T/force.lua" "$srcdir/data/bc_mlp.onnx" \
    "$srcdir/data/breast_cancer.csv" >"$T/force" 2>"$T/err" ||
    { fail "ex:force"; head -3 "$T/err"; }
n2=$(sed -n '1,/^--$/p' "$T/force" | grep -c '^   [-+][0-9]')
n6=$(sed -n '/^--$/,$p' "$T/force" | grep -c '^   [-+][0-9]')
[ "$n2" -eq 2 ] && [ "$n6" -eq 6 ] && pass ||
    fail "ex:force(k): $n2 and $n6 table lines for k = 2 and 6"


# A predicate naming a column the data lacks says so (issue 16).
printf 'rows x.mean_radiuss > 3\n' | "$GSHAP" --no-config >"$T/out" 2>"$T/err"
grep -q "unknown column 'mean_radiuss', did you mean mean_radius?" "$T/err" &&
    pass || { fail "rows with a misspelt column"; head -5 "$T/err"; }
grep -q 'attempt to compare' "$T/err" "$T/out" &&
    fail "rows with a misspelt column compares nil" || pass


# The exact view compares an estimate with what it estimates, and shows
# the method's bias apart (issue 16 item 3): Gradient SHAP's intervals
# against exact expected gradients (iris row 70, 100,000 samples: they
# used to be judged against Shapley values, "0 of 4 inside").
"$GSHAP" explain $IRIS --row 70 --samples 100000 --view exact \
    --dump-screen 80x24 >"$T/scr" 2>"$T/err" || fail "exact view"
cov=$(sed -n 's/^ vs exact expected gradients: \([0-9]*\) of 4 within 1.96 SE.*/\1/p' "$T/scr")
[ -n "$cov" ] && [ "$cov" -ge 3 ] && pass ||
    { fail "exact view: coverage against expected gradients '$cov'"; cat "$T/scr"; }
grep -q '^ method bias (reference - Shapley): up to ' "$T/scr" &&
    grep -q "^ Gradient SHAP estimates expected gradients" "$T/scr" && pass ||
    fail "exact view: no method bias line"
"$GSHAP" explain $IRIS --row 70 --method kernel --view exact \
    --dump-screen 80x24 >"$T/scr" 2>"$T/err" || fail "exact view, kernel"
grep -q '^ vs exact Shapley values: [0-9] of 4 within 1.96 SE' "$T/scr" &&
    pass || { fail "exact view: kernel against Shapley"; cat "$T/scr"; }


# Exact Shapley values with groups (issue 16 item 10): the groups are the
# players, so text lists groups, not features' equal shares; the views
# show groups with their names whole; --groups auto --view exact plays
# the groups (30 features alone are too many players).
"$GSHAP" explain $DEMO --row 3 --method exact --groups auto >"$T/out" 2>"$T/err" ||
    fail "exact with groups"
grep -q '^  players: the 12 groups' "$T/out" &&
    grep -q '^  fractal_dimension_error (1) ' "$T/out" &&
    ! grep -q '^  worst_texture ' "$T/out" && pass ||
    { fail "exact with groups lists features"; head -8 "$T/out"; }
"$GSHAP" explain $DEMO --row 3 --method exact --groups auto --view bar \
    --dump-screen 80x24 >"$T/scr" 2>"$T/err"
grep -q ' fractal_dimension_error ' "$T/scr" && ! grep -q 'worst_texture' "$T/scr" &&
    pass || { fail "exact with groups: the bar view shows features"; cat "$T/scr"; }
"$GSHAP" explain $DEMO --row 3 --samples 32 --groups auto --view exact \
    --dump-screen 100x30 >"$T/scr" 2>"$T/err"
grep -q 'exact Shapley values of 12 groups' "$T/scr" &&
    grep -q ' fractal_dimension_error ' "$T/scr" && pass ||
    { fail "--groups auto --view exact"; cat "$T/scr"; }

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# The explorer's models view over the dataset (issue 18), in a real
# terminal under tmux: D lists every row by the demo model and its
# distilled student in the order of the REPL's rows -s disagree, then the
# rows of rows -a (predictions agree, reasons do not); Enter goes to a
# row. The work runs in the background: Esc and Ctrl-C stop it within a
# row and the explorer goes on. The view's lines fit 60 and 150 columns.
. "$srcdir/tests/regress/lib.sh"
. "$srcdir/tests/regress/tmux.sh"
cd "$srcdir" || exit 99
DEMO="--model data/bc_mlp.onnx --data data/breast_cancer.csv --target target"
B=data/twins/student.onnx
# After gshap, the shell says how it ended.
AFTER="echo gshap-exit-\$?; sleep 60"

# rows_on_screen: the row numbers of the list on the screen, in order.
rows_on_screen() {
	screen | awk '/pred A +pred B +disagree/ { on = 1; next }
	    on && /^[ >*]+[0-9]+ / { sub(/^[ >*]+/, ""); printf "%s ", $1; next }
	    on { exit }'
}

# What the REPL lists: the first 8 rows by disagreement, the first 5 of -a.
"$GSHAP" --no-config -c "load model B $B; rows -s disagree -n 8" >"$T/worst" 2>&1 ||
    fail "rows -s disagree: $(cat "$T/worst")"
want_worst=$(awk '$NF == ">noise" { on = 1; next } on && /^[* ] +[0-9]/ { sub(/^\*/, " "); printf "%s ", $1 }' "$T/worst")
"$GSHAP" --no-config -c "load model B $B; rows -a -s disagree -n 5" >"$T/same" 2>&1 ||
    fail "rows -a: $(cat "$T/same")"
want_same=$(awk '$NF == ">noise" { on = 1; next } on && /^[* ] +[0-9]/ { sub(/^\*/, " "); printf "%s ", $1 }' "$T/same")
nsame=$(sed -n 's/.* of \([0-9]*\) matching rows shown.*/\1/p' "$T/same")
[ -n "$want_worst" ] && [ -n "$want_same" ] && [ -n "$nsame" ] && pass ||
    fail "the REPL's lists: '$want_worst' '$want_same' '$nsame'"

start 100 30 "TERM=xterm-256color LC_ALL=C '$GSHAP' explain $DEMO --compare-model $B --row 3 --view models; $AFTER"
check "| row 3/569"
check "A = bc_mlp: f(x) = "
keys D
check "rows by how much the explanations disagree: 1-" 60
check "bc_mlp (A) against student (B): 569 of 569 rows  gradshap, 200 samples, seed 0"
got=$(rows_on_screen | cut -d' ' -f1-8)
[ "$got " = "$want_worst" ] && pass || fail "D: rows '$got' against the REPL's '$want_worst'"
keys D
check "rows whose predictions agree, reasons not: 1-"
check "of $nsame  (D: back to the row)"
got=$(rows_on_screen | cut -d' ' -f1-5)
[ "$got " = "$want_same" ] && pass || fail "D D: rows '$got' against the REPL's -a '$want_same'"
check_not "predictions differ"
# The third row of the list, and back to it: its row is marked '*'.
third=$(echo "$want_same" | cut -d' ' -f3)
keys j j Enter
check "| row $third/569"
check "A = bc_mlp: f(x) = "
check "row $third: number 3 of $nsame in the list"
keys D D
check "rows whose predictions agree, reasons not: 1-"
screen | grep -q "^ \*  *$third " && pass || fail "row $third not marked"
# Esc leaves the list for the row's comparison.
keys Escape
check "same draws for A and B"
check_not "rows by how much"
# The help overlay has the key.
keys '?'
check "W           models view: model A against model B, same draws (D: rows by"
i=0
while [ $i -lt 40 ]; do keys j; i=$((i + 1)); done
check "D           models view (W): every row by A and B"
keys q q
check "gshap-exit-0"

# Cancelling: 1000000 samples a row, Esc within the first row; the time
# from the key to the screen that says so (loosely: under 1 s here, where
# a row takes seconds; 0.12 s measured on a loaded machine).
fresh
start 100 30 "TERM=xterm-256color LC_ALL=C '$GSHAP' explain $DEMO --compare-model $B --row 3 --view bar --samples 1000000; $AFTER"
check "| row 3/569" 60
check "phi = " 120
keys D
check "comparing models A and B on every row: 0 of 569 (Esc cancels)"
t0=$(date +%s%N)
keys Escape
if wait_for "not computed (cancelled; Ctrl-L or D computes it)" 10; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	echo "Esc in the models view's list: ${ms} ms to the redrawn screen"
	[ "$ms" -lt 1000 ] && pass || fail "Esc took $ms ms"
else
	fail "Esc did not stop the work"; screen | tail -4
fi
check "cancelled"
# The session goes on: other views and rows.
keys 1
check "SHAP value (impact on model output)"
keys ']'
check "| row 4/569" 120
# D asks again; Ctrl-C stops it and the explorer stays.
keys D
check "comparing models A and B on every row: 0 of 569 (Esc cancels)" 60
keys C-c
check "not computed (cancelled; Ctrl-L or D computes it)" 10
check_not "gshap-exit"
keys q
check "gshap-exit-0"

# The lines fit the screen: whole at 60 columns, the track at 150.
fresh
start 60 16 "TERM=xterm-256color LC_ALL=C '$GSHAP' explain $DEMO --compare-model $B --row 128 --view models; $AFTER"
check "predictions agree" 60
check "same draws for A and B"
check " rank"
check "* larger than noise: 22 of 30  top-5 shared 3  rho 0.49"
keys D
check "disagree most: 1-"
check "*  128 "
keys q
fresh
start 150 30 "TERM=xterm-256color LC_ALL=C '$GSHAP' explain $DEMO --compare-model $B --row 128 --view models; $AFTER"
check "A = bc_mlp: f(x) = 0.8885   B = student: f(x) = 0.6553   predictions agree" 60
check "A - B +/-1.96 SE"
check "* larger than noise: 22 of 30 features  top-5 shared 3  rank correlation 0.49"
keys q

# Without a model B, D says what it needs.
fresh
start 100 30 "TERM=xterm-256color LC_ALL=C '$GSHAP' explain $DEMO --row 3 --view bar; $AFTER"
check "| row 3/569" 60
keys D
check "D: the models view's lists need a model B"
keys q
check "gshap-exit-0"
finish

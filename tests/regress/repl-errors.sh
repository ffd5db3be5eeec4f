#!/bin/sh
# SPDX-License-Identifier: ISC
# REPL errors: every command's bad input gets one clear message on stderr
# naming where the command came from, and leaves the session as it was;
# piped input stops at the first failure with exit status 1 unless
# --keep-going; start-up errors.
. "$srcdir/tests/regress/lib.sh"
G="$srcdir/tests/regress/golden"
cd "$srcdir" || exit 99
LIN="tests/data/models/linear_tiny.onnx tests/data/linear_tiny.csv --target y"

cat >"$T/cmds" <<'CMDS'
frobnicate
ex
s
load
load model tests/data/none.onnx
info model
load data tests/data/csv/bad-ragged.csv
load data tests/data/csv/iris.csv
load model tests/data/models/bad_unsupported_op.onnx
load -t y model tests/data/models/linear_tiny.onnx
load frob x
info
info frob
row 5
row -1
row abc
row 0; row prev
row 4; row next
explain 99
explain 1 2
set samples 0
set samples abc
set seed -1
set nosuch 1
set s 1
show nosuch
set baseline nonsense
set baseline sample:99
set baseline file:tests/data/none.csv
set baseline row:7
set baseline tests/data/none.lua
set noise -3
set noise 5x
set noise frob
set groups frob
set output nosuch
set output 3
set output y:x
set abs maybe
set top-k 0
set precision 18
set baseline data
method ig
compare
compare ig nonsense
compare -r 9 ig saliency
compare -q ig saliency
export xml x.csv
export csv
export csv x.csv
rows -s frob
rows -n x
rows -q
rows -s
history x
help nothing-like-this
source tests/data/none.cmds
explain 'unterminated
show
quit now
CMDS
"$GSHAP" --no-config --keep-going $LIN <"$T/cmds" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && pass || fail "--keep-going with errors exited $rc, not 1"
expect_golden "$G/repl-errors.out"
if diff -u "$G/repl-errors.err" "$T/err" >"$T/diff"; then pass; else
	fail "stderr differs from $G/repl-errors.err"; head -40 "$T/diff"
fi

# The list of methods in messages comes from the method table.
printf 'set method shapley\n' | "$GSHAP" --no-config $LIN >"$T/out" 2>"$T/err"
expect_err "stdin:1: method: unknown value 'shapley' (gradshap, ig, saliency"

# Without --keep-going the first failure stops the input: exit 1.
printf 'show seed\nset seed x\nshow seed\n' |
    "$GSHAP" --no-config $LIN >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && pass || fail "piped error did not exit 1"
expect_err "gshap: stdin:2: seed: 'x' is not a whole number"
[ "$(grep -c 'whole number from' "$T/out")" -eq 1 ] && pass ||
    fail "commands after a failure ran"
# quit ends the input with status 0; nothing after it runs.
printf 'quit\nfrobnicate\n' | "$GSHAP" --no-config $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && [ ! -s "$T/err" ] && pass || fail "quit"
# -c runs ';'-separated commands, stopping at the first failure.
expect_exit 0 -- --no-config -c 'set seed 5; show seed' $LIN
expect_out "  seed        5 (default 0)"
expect_exit 1 -- --no-config -c 'set seed x; show seed' $LIN
expect_err "gshap: -c: seed: 'x' is not a whole number"
expect_empty_out
# No input at all is fine.
"$GSHAP" --no-config $LIN </dev/null >"$T/out" 2>"$T/err" && [ ! -s "$T/out" ] &&
    pass || fail "empty input"

# Start-up errors.
expect_exit 2 -- --no-config tests/data/models/linear_tiny.onnx
expect_err "give a model and a dataset"
expect_exit 2 -- --no-config --frobnicate $LIN
expect_err "unknown option '--frobnicate'"
expect_exit 2 -- --no-config -c
expect_err "option '-c' needs a value"
expect_exit 2 -- --no-config $LIN extra.csv
expect_err "unexpected argument 'extra.csv'"
expect_exit 1 -- --no-config -c info tests/data/none.onnx tests/data/linear_tiny.csv
expect_err "tests/data/none.onnx"
expect_exit 1 -- --no-config -c info tests/data/models/linear_tiny.onnx tests/data/linear_tiny.csv
expect_err "the model takes 3 inputs but the data has 4 input columns"

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain: every kind of bad input gets a clear message on stderr,
# nothing on stdout, and the documented exit status (1 runtime, 2 usage).
. "$srcdir/tests/regress/lib.sh"
M="$srcdir/tests/data/models"
D="$srcdir/tests/data/csv"
LIN="--model $M/linear_tiny.onnx --data $srcdir/tests/data/linear_tiny.csv --target y"

# Usage errors: exit 2.
expect_exit 2 -- explain --method shapley
expect_err "--method: unknown value 'shapley' (gradshap, ig,"
expect_empty_out
expect_exit 2 -- explain --samples 0
expect_err "--samples: 0 is out of range"
expect_exit 2 -- explain --samples 12x
expect_err "not a whole number"
expect_exit 2 -- explain --rule simpson
expect_err "--rule: unknown value 'simpson'"
# Gauss-Legendre's nodes cost steps^2: past its limit it says so at once,
# and --tol's doubling stops there, reported as not met.
expect_exit 1 -- explain --row 0 --method ig --steps 20000
expect_err "the gausslegendre rule takes at most 16384 steps"
expect_exit 0 -- explain --row 0 --method ig --tol 1e-12 --max-samples 1000000
expect_out "tolerance 1e-12 NOT met (budget spent) after 16384 steps"
expect_exit 2 -- explain --format xml
expect_err "unknown format 'xml'"
expect_exit 2 -- explain --row 1 --all
expect_err "give one of --row, --rows and --all"
expect_exit 2 -- explain --row 100000
expect_err "the data has 569 rows (0 to 568)"
expect_exit 2 -- explain --rows 5:5
expect_err "the range is empty"
expect_exit 2 -- explain --model x.onnx
expect_err "--model and --data go together"
expect_exit 2 -- explain --frobnicate
expect_err "unknown option '--frobnicate'"
expect_exit 2 -- explain --seed
expect_err "needs a value"
expect_exit 2 -- explain --method saliency --baseline zeros
expect_err "--baseline does not apply to saliency (only to gradshap, ig, exact, permutation, kernel and exactig)"
expect_exit 2 -- explain --method ig --noise 1
expect_err "--noise does not apply to ig (only to gradshap and smoothgrad)"
expect_exit 2 -- explain --noise -3
expect_err "not negative"
expect_exit 2 -- explain --output nosuch
expect_err "the model's outputs are 'prob'"
expect_exit 2 -- explain $LIN --output 3
expect_err "--output: output class 3 is out of range: output 'y' has 1 element (0 to 0)"
expect_exit 2 -- frobnicate
expect_err "unknown command 'frobnicate'"
# No arguments start the REPL (tests/regress/repl-*.sh); with no input it ends.
"$GSHAP" </dev/null >"$T/out" 2>"$T/err" && pass || fail "gshap </dev/null"

# Runtime errors: exit 1, naming the file and what is wrong.
expect_exit 1 -- explain --model "$T/none.onnx" --data "$D/iris.csv"
expect_err "none.onnx"
expect_exit 1 -- explain --model "$M/bad_truncated.onnx" --data "$D/iris.csv"
expect_err "bad_truncated.onnx"
expect_exit 1 -- explain --model "$M/bad_unsupported_op.onnx" --data "$D/iris.csv"
expect_err "mystery"
expect_exit 1 -- explain $LIN --baseline sample:99
expect_err "only 5 usable rows"
expect_exit 1 -- explain $LIN --baseline nonsense
expect_err "unknown baseline 'nonsense'"
expect_exit 1 -- explain $LIN --method ig --baseline data
expect_err "one baseline row"

expect_exit 1 -- explain --model "$M/linear_tiny.onnx" --data "$srcdir/tests/data/linear_tiny.csv"
expect_err "the model takes 3 inputs but the data has 4"
expect_exit 1 -- explain $LIN --baseline "file:$T/missing.csv"
expect_err "missing.csv"
expect_exit 1 -- explain --model "$M/linear_tiny.onnx" --data "$D/bad-ragged.csv"
expect_err "bad-ragged.csv:"
expect_exit 1 -- explain --model "$M/linear_tiny.onnx" --data "$D/credit_data.csv" --target Status
expect_err "columns make 26 (22 dropping each category's first level)"

# A missing value in the explained row: an error naming the column, unless imputed.
printf 'a,b,c,y\n1,,3,0\n2,2,2,0\n' >"$T/miss.csv"
expect_exit 1 -- explain --model "$M/linear_tiny.onnx" --data "$T/miss.csv" --target y --baseline zeros
expect_err "'b'"
expect_exit 0 -- explain --model "$M/linear_tiny.onnx" --data "$T/miss.csv" --target y --baseline zeros --impute mean --format csv
expect_out "0,0,gradshap,b,2,"

# A model is read from any readable stream (a FIFO here); a directory is
# named as one. (The 1 GiB limit on streams is not tried: a gigabyte.)
DATA="--data $srcdir/tests/data/linear_tiny.csv --target y"
expect_exit 1 -- explain --model "$T" $DATA
expect_err "is a directory, not an ONNX model file"
if mkfifo "$T/model.fifo" 2>/dev/null; then
	cat "$M/linear_tiny.onnx" >"$T/model.fifo" &
	expect_exit 0 -- explain --model "$T/model.fifo" $DATA --row 1 --format csv
	expect_out "1,0,gradshap,"
	wait
fi


# A theme that is not there is said, with colour or without (issue 16).
LIN16="--model $srcdir/tests/data/models/linear_tiny.onnx --data $srcdir/tests/data/linear_tiny.csv --target y"
expect_exit 0 -- explain $LIN16 --row 2 --theme nosuchtheme --view bar --dump-screen 80x24
expect_err "no theme 'nosuchtheme'"
expect_exit 0 -- explain $LIN16 --row 2 --theme nosuchtheme
expect_err "no theme 'nosuchtheme'"

finish

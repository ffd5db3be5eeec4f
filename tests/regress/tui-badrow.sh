#!/bin/sh
# SPDX-License-Identifier: ISC
# The explorer never waits on a row it cannot explain (issues 15 and 16):
# with a schema that lets no Assets cell be missing, row 29 (Assets
# missing) shows why and what to do; the next row and the dataset-wide
# importance view still work, in a real terminal under tmux.
. "$srcdir/tests/regress/lib.sh"
. "$srcdir/tests/regress/tmux.sh"
sed 's/"missing": "median", "fill": 3000/"missing": "error"/' \
    "$srcdir/data/credit.schema.json" >"$T/s.json"
grep -q '"missing": "error"' "$T/s.json" || { fail "schema not edited"; finish; }
$TM new-session -d -x 100 -y 30 "TERM=xterm-256color LC_ALL=C '$GSHAP' view \
    --model '$srcdir/data/credit_mlp.onnx' --data '$srcdir/data/credit_data.csv' \
    --schema '$T/s.json' --target Status --row 28 --samples 50; sleep 60" ||
    { echo "tmux cannot start a session"; exit 77; }
check "row 28/4454"
check "= Amount"
$TM send-keys ']'
check "row 29/4454"
check "Assets"
check "the dataset views (4 to 7) still work"
$TM send-keys ']'
check "row 30/4454"
check "3300 = Debt"
$TM send-keys '5'
check "mean(|SHAP value|) over"
$TM send-keys q
finish

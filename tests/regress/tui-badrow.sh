#!/bin/sh
# SPDX-License-Identifier: ISC
# The explorer never waits on a row it cannot explain (issues 15 and 16):
# with a schema that lets no Assets cell be missing, row 29 (Assets
# missing) shows why and what to do, its title still naming the class
# explained ("P(bad)", not "prob"); the next row and the dataset-wide
# importance view still work, in a real terminal under tmux. And the
# explorer's ':set classes' renames the classes in its title, and K
# stacks both classes in the importance view.
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
# The title names the class explained even though the row has no result.
check "credit_data | P(bad) | row 29/4454"
check "the dataset views (4 to 7) still work"
$TM send-keys ']'
check "row 30/4454"
check "3300 = Debt"
$TM send-keys '5'
check "mean(|SHAP value|) over"
# K: the importance of both classes stacked, each named below; K again:
# one class.
$TM send-keys 'K'
check "importance: all 2 classes stacked (K: one)"
check "rows, 2 classes stacked"
check "# P(bad)   = P(good)"
$TM send-keys 'K'
check "importance of one class (K: all stacked)"
check "mean(|SHAP value|) over"
$TM send-keys q
sleep 0.5
$TM kill-server 2>/dev/null

# The explorer opened from the REPL: ':set classes' renames the classes in
# its title (the setting every front end has).
mkdir -p "$T/home"
$TM new-session -d -x 100 -y 30 "HOME='$T/home' TERM=xterm-256color LC_ALL=C \
    '$GSHAP' --no-config --demo credit; sleep 60" ||
    { echo "tmux cannot start a session"; exit 77; }
check "credit_data[0]>"
$TM send-keys 'set samples 20' Enter 'view 0' Enter
check "credit_data | P(good) | row 0/4454"
$TM send-keys ':' 'set classes refused,granted' Enter
check "[press Enter to return to the explorer]"
$TM send-keys Enter
check "credit_data | P(granted) | row 0/4454"
$TM send-keys q
finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# The explorer's :report FILE and its key R in a real terminal (a private
# tmux server): the report on the row shown, reproduced by its command;
# after a what-if edit out of the data's range, the range flag and no
# command.
. "$srcdir/tests/regress/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
CHECK="python3 $srcdir/tests/regress/reportcheck.py"
WAIT=60
. "$srcdir/tests/regress/tmux.sh"
mkdir -p "$T/home"

$TM new-session -d -x 120 -y 40 -c "$T" \
    "HOME='$T/home' '$GSHAP' view bar 3 --samples 32; echo gshap-exit-\$?; sleep 60" ||
    { echo "tmux cannot start a session"; exit 77; }

check "Sum of 21 other features" 60
keys ":report $T/row3.html" Enter
check "wrote a report on row 3 to $T/row3.html"
$CHECK command "$T/row3.html" | sed "s|^gshap |\"\$GSHAP\" |" > "$T/cmd.sh"
sh "$T/cmd.sh" > "$T/again.json" && pass || fail "the command failed"
$CHECK table "$T/row3.html" "$T/again.json" && pass || fail "explorer report differs from its command"
# R: the same report, under the name offered (in the working directory).
keys R
check "report to file: gshap-report-row3.html"
keys Enter
check "wrote a report on row 3 to gshap-report-row3.html"
cmp -s "$T/row3.html" "$T/gshap-report-row3.html" && pass || fail "R wrote another report than :report"
# The help overlay lists the key (scrolled down to its section).
keys '?'
check "other key closes"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do keys j; done
check "write the HTML report on this row"
keys q

# A what-if far outside the data: flagged, and no command claimed.
keys i
keys C-u '1000' Enter
check " -> 1000" 30
sleep 2
keys ":report $T/whatif.html" Enter
check "(what-if) to $T/whatif.html" 30
grep -q 'class="flag range"' "$T/whatif.html" && pass || fail "no range flag"
grep -q 'outside the data: m[ai][xn] ' "$T/whatif.html" && pass || fail "range wording"
grep -q 'No command reproduces this run: the values were edited' "$T/whatif.html" && pass || fail "a what-if claims a command"
keys q
check "gshap-exit-0" 10

finish

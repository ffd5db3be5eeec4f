#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL in a real terminal: run gshap under a private tmux server, type
# with send-keys (Tab completion, history, Ctrl-C at the prompt and during
# a long summary, Ctrl-D), and read the screen with capture-pane.
. "$srcdir/tests/regress/lib.sh"
# A private server whose socket lives in $T, removed with it; checks read
# 300 lines of scrollback and wait up to a minute.
SCROLLBACK=300 WAIT=60
. "$srcdir/tests/regress/tmux.sh"
mkdir -p "$T/home" "$T/state"

$TM new-session -d -x 120 -y 50 \
    "HOME='$T/home' XDG_STATE_HOME='$T/state' '$GSHAP' --no-config; echo gshap-exit-\$?; sleep 60" ||
    { echo "tmux cannot start a session"; exit 77; }


check "gshap bc_mlp:breast_cancer[0]>" 30

# Tab completes a command name; the prompt follows the current row.
keys 'expl' Tab
check "breast_cancer[0]> explain"
keys '17' Enter
check "row 17  P(benign)  f(x) = " 30
check "gshap bc_mlp:breast_cancer[17]>"

# Setting names and values complete; a double Tab lists the choices.
keys 'set sam' Tab
check "> set samples"
keys '20000' Enter
check "samples     20000 (default auto)"
keys 'set rule tr' Tab
check "> set rule trapezoid"
keys Enter
keys 'set s' Tab Tab
check "smooth"
check "steps"
# Ctrl-C at the prompt drops the line and gives a fresh prompt.
keys C-c
check "> set s^C"
keys 'rows x.mean_ra' Tab
check "> rows x.mean_radius"
keys C-c
check "> rows x.mean_radius ^C"
keys 'rows -n 2 -s pred' Enter
check "2 of 569 matching rows shown"

# A long summary shows progress; Ctrl-C stops it and keeps the session.
keys 'summary' Enter
check "summary: " 30
check " left" 90
keys C-c
check "summary: interrupted after" 30
check "(they stay cached)"
# Ctrl-C stops a Lua loop; the Lua state stays usable.
keys 'lua while true do end' Enter
sleep 0.5
keys C-c
check "interrupted" 30
keys "lua print('answer ' .. 6 * 7)" Enter
check "answer 42"
keys 'show samples' Enter
check "  samples     20000 (default auto)"
# The history: Up recalls the last command.
keys C-l
keys Up
check "> show samples"
keys C-c
check "> show samples^C"
keys 'help quit' Enter
check "leave gshap (so does Ctrl-D)"

# Ctrl-D on an empty line leaves with status 0 and saves the history.
keys C-d
check "gshap-exit-0" 30
grep -q '^show samples$' "$T/state/gshap/history" && pass ||
    { fail "history file"; cat "$T/state/gshap/history"; }

finish

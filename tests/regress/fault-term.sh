#!/bin/sh
# SPDX-License-Identifier: ISC
# SIGTERM and SIGHUP during batch output are handled like Ctrl-C (one
# interrupt module, issue 19 item 8): gshap explain --all stops after whole
# records and says so, with exit status 128 plus the signal; a Lua script
# too.
. "$srcdir/tests/regress/lib.sh"

# wait_for FILE: until FILE is not empty (at most 30 s).
wait_for() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
}

for sig in TERM HUP INT; do
	case $sig in TERM) want=143 ;; HUP) want=129 ;; INT) want=130 ;; esac
	rm -f "$T/out" "$T/err"
	"$GSHAP" explain --all --format csv --samples 20000 --threads 1 \
	    >"$T/out" 2>"$T/err" &
	pid=$!
	wait_for "$T/out"
	kill -$sig $pid
	wait $pid
	got=$?
	[ "$got" -eq "$want" ] && pass ||
	    fail "SIG$sig during explain --all: exit $got, expected $want"
	case $sig in TERM) what=terminated ;; HUP) what="hung up" ;;
	    INT) what=interrupted ;; esac
	if grep -q "$what after [0-9]* of 569 rows" "$T/err"; then pass; else
		fail "SIG$sig: no message"; head -3 "$T/err"
	fi
	# Whole records: every line has the header's 8 fields, each row's
	# 30 features are all there, and the file ends with a newline.
	awk -F, 'NF != 8 { bad = 1 } END { exit bad }' "$T/out" && pass ||
	    fail "SIG$sig: a cut line in the output"
	rows=$(($(wc -l <"$T/out") - 1))
	[ $((rows % 30)) -eq 0 ] && [ "$rows" -gt 0 ] && pass ||
	    fail "SIG$sig: $rows feature lines is not whole rows of 30"
	[ "$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')" = '\n' ] && pass ||
	    fail "SIG$sig: the output ends mid-line"
done

# A Lua script is stopped by SIGTERM like Ctrl-C, with 143.
printf 'print("started")\nio = nil\nlocal n = 0\nwhile true do n = n + 1 end\n' \
    >"$T/spin.lua"
rm -f "$T/out" "$T/err"
"$GSHAP" -s "$T/spin.lua" >"$T/out" 2>"$T/err" &
pid=$!
wait_for "$T/out"
kill -TERM $pid
wait $pid
got=$?
[ "$got" -eq 143 ] && pass || fail "SIGTERM to a script: exit $got, not 143"
expect_err "spin.lua:4: interrupted"

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# Hangs no one could stop: an endless loop, backtracking patterns
# (find, gsub, gmatch), a looping __gc (also one swapped in after
# setmetatable), table.move over 10^12 slots and, trusted, a looping
# coroutine. Each is stopped by the instruction budget, and by Ctrl-C
# within a second (the figure is printed; the design goal is 100 ms).
. "$srcdir/tests/regress/lib.sh"

bombs='loop:while true do end
find:local s = ("a"):rep(3000) return s:find(("a-"):rep(10) .. "b")
gsub:local s = ("a"):rep(3000) return s:gsub(("a-"):rep(10) .. "b", "")
gmatch:for _ in ("a"):rep(3000):gmatch(("a-"):rep(10) .. "b") do end
match:return (("a"):rep(3000) .. "c"):match(("(a*)"):rep(8) .. "b")
gc:setmetatable({}, {__gc = function() while true do end end}) collectgarbage()
gcswap:local mt = {__gc = function() end} local t = setmetatable({}, mt) mt.__gc = function() while true do end end t = nil collectgarbage()
move:table.move({}, 1, 1e12, 1)'

now_ms() { echo $(($(date +%s%N) / 1000000)); }

echo "$bombs" >"$T/bombs"
while IFS=: read -r name body; do
	# The budget stops it.
	printf 'gshap.limits{instructions = 20000000}\n%s\n' "$body" >"$T/$name.lua"
	expect_exit 1 -- -s "$T/$name.lua"
	expect_err "instruction limit of 20000000 exceeded"
	# Ctrl-C stops it, quickly, under the default budget.
	printf 'print("started")\n%s\n' "$body" >"$T/$name-int.lua"
	# Empty first: the shell truncates the file only once the child runs,
	# and a Ctrl-C before gshap is ready is ignored (a background job).
	: >"$T/out"
	"$GSHAP" -s "$T/$name-int.lua" >"$T/out" 2>"$T/err" &
	pid=$!
	i=0
	while ! grep -q started "$T/out" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3
	t0=$(now_ms)
	kill -INT $pid
	# The time until it says it stopped (exiting may take longer under
	# a leak checker).
	i=0
	while ! grep -q interrupted "$T/err" && [ $i -lt 500 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	ms=$(($(now_ms) - t0))
	wait $pid
	got=$?
	echo "$name: stopped by Ctrl-C in $ms ms"
	if [ "$got" -eq 130 ] && grep -q interrupted "$T/err"; then pass; else
		fail "$name: Ctrl-C gave exit $got"; head -3 "$T/err"
	fi
	if [ "$ms" -le 1000 ]; then pass; else fail "$name: $ms ms after Ctrl-C"; fi
done <"$T/bombs"

# A coroutine that loops (coroutines need --trust-scripts).
printf 'gshap.limits{instructions = 20000000}\nlocal co = coroutine.wrap(function() while true do end end)\nprint(pcall(co))\nprint("went on")\n' >"$T/co.lua"
expect_exit 1 -- --trust-scripts -s "$T/co.lua"
expect_err "instruction limit of 20000000 exceeded"
if grep -q "went on" "$T/out"; then fail "the script went on after the stop"; else pass; fi

# A finalizer that loops at exit is stopped by the closing budget.
printf 'setmetatable({}, {__gc = function() while true do end end})\nprint("done")\n' >"$T/exitgc.lua"
expect_exit 0 -- -s "$T/exitgc.lua"
expect_out "done"
expect_out "error in __gc"

# The REPL's lua command: Ctrl-C stops a pattern bomb, status 130.
mkfifo "$T/in"
: >"$T/out"
"$GSHAP" --no-config <"$T/in" >"$T/out" 2>"$T/err" &
pid=$!
exec 3>"$T/in"
echo 'lua print("started") return ("a"):rep(3000):find(("a-"):rep(10) .. "b")' >&3
i=0
while ! grep -q started "$T/out" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kill -INT $pid
exec 3>&-
wait $pid
got=$?
if [ "$got" -eq 130 ]; then pass; else fail "REPL lua: exit $got after Ctrl-C"; fi
expect_err "interrupted"
finish

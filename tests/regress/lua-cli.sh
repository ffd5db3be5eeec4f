#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap -s: exit statuses, messages with file:line and a traceback,
# arguments, the instruction budget, Ctrl-C, and --trust-scripts.
. "$srcdir/tests/regress/lib.sh"

expect_exit 2 -- -s
expect_err "option '-s' needs a value"
expect_exit 1 -- -s "$T/missing.lua"
expect_err "cannot open $T/missing.lua"

printf 'x = = 1\n' >"$T/syntax.lua"
expect_exit 1 -- -s "$T/syntax.lua"
expect_err "syntax.lua:1:"

printf 'print("before")\nerror("boom")\n' >"$T/boom.lua"
expect_exit 1 -- -s "$T/boom.lua"
expect_err "boom.lua:2: boom"
expect_err "stack traceback:"
expect_out "before"

printf 'local a, b = ...\nprint(arg[0] ~= nil, a, b, select("#", ...))\nreturn 3\n' \
    >"$T/args.lua"
expect_exit 3 -- -s "$T/args.lua" one two
expect_out "true	one	two	2"
# A returned number is the status: 0 to 255, whole; others are refused
# (issue 21.5: 300 exited 44 and -1 255). Values not numbers give 0.
for v in 300 -1 256 3.5; do
	printf 'print("ran")\nreturn %s\n' "$v" >"$T/ret.lua"
	expect_exit 1 -- -s "$T/ret.lua"
	expect_err "ret.lua returned $v: an exit status is a whole number from 0 to 255"
	expect_out "ran"
done
printf 'return 255\n' >"$T/ret.lua"
expect_exit 255 -- -s "$T/ret.lua"
printf 'return 2.0\n' >"$T/ret.lua"
expect_exit 2 -- -s "$T/ret.lua"
printf 'return "7"\n' >"$T/ret.lua"
expect_exit 0 -- -s "$T/ret.lua"

printf 'gshap.limits{instructions = 1000000}\nwhile true do end\n' >"$T/loop.lua"
expect_exit 1 -- -s "$T/loop.lua"
expect_err "loop.lua:2: instruction limit of 1000000 exceeded"

printf 'print(io ~= nil)\n' >"$T/io.lua"
expect_exit 0 -- -s "$T/io.lua"
expect_out "false"
expect_exit 0 -- --trust-scripts -s "$T/io.lua"
expect_out "true"
printf 'io.write("x")\n' >"$T/iowrite.lua"
expect_exit 1 -- -s "$T/iowrite.lua"
expect_err "iowrite.lua:1: attempt to index a nil value (global 'io')"

# Ctrl-C stops a running script with status 130.
printf 'print("started")\nio = nil\nlocal n = 0\nwhile true do n = n + 1 end\n' \
    >"$T/spin.lua"
: >"$T/out"
"$GSHAP" -s "$T/spin.lua" >"$T/out" 2>"$T/err" &
pid=$!
i=0
while [ ! -s "$T/out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3	# past print, into the loop of line 4
kill -INT $pid
wait $pid
got=$?
if [ "$got" -eq 130 ]; then pass; else fail "Ctrl-C: exit $got, expected 130"; fi
expect_err "spin.lua:4: interrupted"

# Trusted scripts reach metatables with the debug library: a model's
# __gc run by hand leaves the explainer using it working (it holds its own
# reference), and the closed model refuses cleanly (no use after free).
cat >"$T/gc.lua" <<'LUA'
local m, d = gshap.demo()
local e = gshap.explainer{model = m, data = d, samples = 8}
local before = e:explain(0).phi[1]
debug.getmetatable(m).__gc(m)
debug.getmetatable(d).__gc(d)
local ok, err = pcall(m.name, m)
print(ok, err)
print(before == e:explain(0).phi[1])
LUA
expect_exit 1 -- --trust-scripts -s "$T/gc.lua"
expect_out "false	this model is closed"
expect_err "explainer's dataset is closed"
cat >"$T/gc2.lua" <<'LUA'
local m, d = gshap.demo()
local e = gshap.explainer{model = m, data = d, samples = 8}
local row = {}
for i, v in ipairs(e:explain(0).values) do row[i] = v end
local before = e:explain(0).phi[1]
debug.getmetatable(m).__gc(m)
collectgarbage()
print(e:explain(row, 0).phi[1] == before)
debug.getmetatable(e).__gc(e)
print(pcall(e.explain, e, row, 0))
LUA
expect_exit 0 -- --trust-scripts -s "$T/gc2.lua"
expect_out "true"
expect_out "false	this explainer is closed"

"$GSHAP" --help >"$T/out"
expect_out "-s FILE.lua"

# A finalizer that runs as the state closes cannot make a gshap object
# (whose own finalizer Lua would never run, leaking its C memory): it gets
# an error, shown as a warning, and the script still succeeds.
cat >"$T/fin.lua" <<EOF
warn("@on")
setmetatable({}, {__gc = function()
	KEEP = gshap.load_data("$srcdir/data/breast_cancer.csv", {target = "target"})
end})
print("done")
EOF
expect_exit 0 -- -s "$T/fin.lua"
expect_out "done"
expect_out "no new gshap.Dataset while the Lua state closes"

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL's Lua: one-line chunks, row predicates, source, baseline
# scripts, and the start-up files init.lua and gshaprc.
. "$srcdir/tests/regress/lib.sh"
cd "$srcdir" || exit 99
LIN="tests/data/models/linear_tiny.onnx tests/data/linear_tiny.csv --target y"

# Lua is always built in: a chunk that fails here is a failure, not a skip.
"$GSHAP" --no-config -c 'lua x = 1; print(x + 1)' $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || { fail "a one-line Lua chunk"; cat "$T/err"; }
expect_out "2"

# Chunks take the rest of the line, ';' included; globals persist.
cat >"$T/cmds" <<'CMDS'
lua n = 0; for i = 1, 4 do n = n + i end; print(n)
lua n * 2
lua error("boom")
lua n
rows x.a > 0 and pred < 0
rows -s pred x.c >= 3
rows pred >
summary x.b > 0
CMDS
"$GSHAP" --no-config --keep-going $LIN <"$T/cmds" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && pass || fail "exit status with Lua errors"
cat >"$T/want" <<'OUT'
10
20
10
     row        pred      target       error
*      0       -1.25       -2.75         1.5
       3      -1.625      -1.625           0
       4       -0.25         0.5        0.75
3 of 5 rows
     row        pred      target       error
       4       -0.25         0.5        0.75
       1          -1          -1           0
*      0       -1.25       -2.75         1.5
3 of 5 rows
summary of 4 rows of linear_tiny  y  importance = mean |phi|
OUT
head -n 14 "$T/out" >"$T/got"
diff -u "$T/want" "$T/got" && pass || fail "lua, rows and summary output"
expect_err "gshap: stdin:3: lua: lua:1: boom"
expect_err "gshap: stdin:7: rows: "
grep -q "boom" "$T/out" && fail "a traceback went to stdout" || pass

# source: a Lua file with arguments, and a file of commands.
cat >"$T/hello.lua" <<'LUA'
print("hello " .. arg[1] .. " " .. select("#", ...))
LUA
printf 'set seed 9\nshow seed\n' >"$T/cmds.txt"
"$GSHAP" --no-config -c "source $T/hello.lua world x; source $T/cmds.txt" \
    $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || { fail "source"; cat "$T/err"; }
expect_out "hello world 2"
expect_out "  seed        9 (default 0)"

# A baseline script that ignores the row equals the built-in spec; one
# that takes the row is called for each row (here: x / 2, so that ig
# gives w * x / 2).
cat >"$T/zeros.lua" <<'LUA'
return function(ds) return { { 0, 0, 0 } } end
LUA
cat >"$T/half.lua" <<'LUA'
return function(ds, r)
	local b = {}
	for i, v in ipairs(r.x) do b[i] = v / 2 end
	return { b }
end
LUA
"$GSHAP" --no-config -c "method ig; baseline $T/zeros.lua; explain 1; baseline zeros; explain 1; baseline $T/half.lua; explain 1" \
    $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || { fail "baseline scripts"; cat "$T/err"; }
[ "$(grep -c '^ *-1 = a -1.5 ' "$T/out")" -eq 2 ] && pass ||
    { fail "a zeros script equals baseline zeros"; cat "$T/out"; }
grep -q '^ *-1 = a -0.75 ' "$T/out" &&
    grep -q '^ *4 = c .* +0.5$' "$T/out" && pass ||
    { fail "a per-row baseline script"; cat "$T/out"; }
"$GSHAP" --no-config -c "baseline $T/none.lua" $LIN >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && pass || fail "a missing baseline script: exit status"
expect_err "none.lua"

# A noise script that adds nothing leaves Gradient SHAP against the mean
# exact (w * (x - mean)); a groups script sums its members.
cat >"$T/zero.lua" <<'LUA'
return function(noise, x, stats, rng) noise:fill(0) end
LUA
cat >"$T/ab.lua" <<'LUA'
return function(names, data) return { { name = "ab", members = { "a", "b" } } } end
LUA
"$GSHAP" --no-config -c "baseline mean; noise $T/zero.lua; explain 4; method ig; baseline zeros; groups $T/ab.lua; explain 1" \
    $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || { fail "noise and groups scripts"; cat "$T/err"; }
grep -q "noise $T/zero.lua\$" "$T/out" && grep -q '^ *3 = b -4.6 ' \
    "$T/out" && pass || { fail "a zero noise script"; cat "$T/out"; }
grep -q '^  ab: a b$' "$T/out" && grep -q '^ *ab -2.5 ' "$T/out" &&
    grep -q '^ *c  *[|│].* +1$' "$T/out" && pass ||
    { fail "a groups script"; cat "$T/out"; }

# Start-up files run unless --no-config.
mkdir -p "$T/config/gshap"
echo 'greeting = "hi from init.lua"' >"$T/config/gshap/init.lua"
printf '# start-up commands\nset seed 42\n' >"$T/config/gshap/gshaprc"
XDG_CONFIG_HOME="$T/config" "$GSHAP" -c 'show seed; lua print(greeting)' \
    $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || { fail "init.lua and gshaprc"; cat "$T/err"; }
expect_out "hi from init.lua"
expect_out "  seed        42 (default 0)"
XDG_CONFIG_HOME="$T/config" "$GSHAP" --no-config \
    -c 'show seed; lua print(greeting)' $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || { fail "--no-config"; cat "$T/err"; }
expect_out "nil"
grep -qx '  seed        0' "$T/out" && pass || fail "--no-config ran gshaprc"
# A failing line in gshaprc is reported; the session still starts.
printf 'set seed x\nset seed 3\n' >"$T/config/gshap/gshaprc"
XDG_CONFIG_HOME="$T/config" "$GSHAP" -c 'show seed' $LIN >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || fail "a bad gshaprc line stops gshap"
expect_err "gshaprc:1: seed: 'x' is not a whole number"
expect_out "  seed        3 (default 0)"

finish

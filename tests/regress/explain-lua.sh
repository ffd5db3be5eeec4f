#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain with Lua baseline, noise and groups scripts: a zeros script
# gives exactly --baseline zeros, a groups script's groups are the sums of
# their members, and script errors are reported with file and line.
. "$srcdir/tests/regress/lib.sh"
LIN="--model $srcdir/tests/data/models/linear_tiny.onnx --data $srcdir/tests/data/linear_tiny.csv --target y"

expect_exit 0 -- explain $LIN --all --baseline zeros --format csv
cp "$T/out" "$T/builtin"
expect_exit 0 -- explain $LIN --all --baseline lua:zeros --format csv
cmp -s "$T/builtin" "$T/out" && pass || fail "lua:zeros differs from zeros"
expect_exit 0 -- explain $LIN --all --baseline "$srcdir/scripts/baselines/zeros.lua" --format csv
cmp -s "$T/builtin" "$T/out" && pass || fail "zeros.lua differs from zeros"

# Groups from a script: {a, b} and c.
cat >"$T/ab.lua" <<'LUA'
return function(names)
	return {{name = "ab", members = {"a", "b"}}}
end
LUA
expect_exit 0 -- explain $LIN --row 2 --baseline zeros --groups "$T/ab.lua" --format csv
# Row 2 is (2, -3, 1): phi = (3, 6, 0.25), so group ab = 9.
expect_out "2,0,gradshap,group:ab,,9,"
expect_out "2,0,gradshap,group:c,,0.25,"

# A noise script runs: a script that adds nothing changes nothing.
cat >"$T/none.lua" <<'LUA'
return function(noise, x, stats, rng)
end
LUA
expect_exit 0 -- explain $LIN --row 1 --baseline zeros --noise "$T/none.lua" --format csv --samples 20
expect_out "1,0,gradshap,a,-1,-1.5,"

# Errors name the script and line, exit 1.
printf 'return function(data)\n  error("no rows here")\nend\n' >"$T/bad.lua"
expect_exit 1 -- explain $LIN --baseline "$T/bad.lua"
expect_err "bad.lua:2:"
expect_exit 1 -- explain $LIN --baseline "$T/missing.lua"
expect_err "missing.lua"
# Not a built-in and no such script: what it could have been (as in the REPL).
expect_exit 1 -- explain $LIN --groups frob
expect_err "unknown groups 'frob' (off, auto, or a Lua script"

finish

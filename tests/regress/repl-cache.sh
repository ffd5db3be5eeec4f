#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL's explanation cache is keyed on the whole settings and on the
# files behind them: two baseline specs that agree for 600 bytes are two
# keys, and a baseline file changed between two explains is read again.
# Once nothing changed, the second explain of a row says (cached).
. "$srcdir/tests/regress/lib.sh"
cd "$srcdir" || exit 99
LIN="tests/data/models/linear_tiny.onnx tests/data/linear_tiny.csv --target y"

# Two directories whose paths share 600 bytes, then differ.
part=$(printf '%0150d' 0 | tr 0 d)
long="$part/$part/$part/$part"
mkdir -p "$T/$long-a" "$T/$long-b" || exit 99
printf 'a,b,c,y\n0,0,0,0\n' >"$T/$long-a/bl.csv"
printf 'a,b,c,y\n1,1,1,0\n' >"$T/$long-b/bl.csv"
cat >"$T/cmds" <<CMDS
method ig
baseline file:$T/$long-a/bl.csv
explain 0
explain 0
baseline file:$T/$long-b/bl.csv
explain 0
CMDS
"$GSHAP" --no-config $LIN <"$T/cmds" >"$T/out" 2>"$T/err" && pass ||
    fail "long specs: exit $?"; sed 's/^/  stderr: /' "$T/err" | head -5
# ig on y = 1.5a - 2b + 0.25c + 0.5 from zeros: a = 1 gives phi_a = +1.5;
# from ones, phi_a = 0.
n=$(grep -c '(cached)' "$T/out")
[ "$n" -eq 1 ] && pass || fail "long specs: $n cached explains, expected 1"
grep -q 'a .*+1\.5' "$T/out" && pass || fail "no explanation against zeros"
sed -n '/baseline file:.*-b\/bl.csv/,$p' "$T/out" | grep -q '(cached)' &&
    fail "the second long spec was answered from the first's cache" || pass

# A baseline file changed between two explains is read again (the file is
# rewritten from a trusted Lua chunk in the same session).
printf 'a,b,c,y\n0,0,0,0\n' >"$T/bl.csv"
cat >"$T/cmds" <<CMDS
method ig
baseline file:$T/bl.csv
explain 0
lua local f = io.open("$T/bl.csv", "w"); f:write("a,b,c,y\\n10,1,1,0\\n"); f:close()
explain 0
CMDS
"$GSHAP" --no-config --trust-scripts $LIN <"$T/cmds" >"$T/out" 2>"$T/err" &&
    pass || fail "changed file: exit $?"
n=$(grep -c '(cached)' "$T/out")
[ "$n" -eq 0 ] && pass || fail "a changed baseline file was served from the cache"
[ "$(grep -c '^row 0' "$T/out")" -eq 2 ] && pass || fail "two explanations"
grep -q 'a .*+1\.5' "$T/out" && pass || fail "no explanation against zeros"
# Against the new row, a = 1 from 10: phi_a = 1.5 * (1 - 10).
grep -q 'a .*-13\.5' "$T/out" && pass || fail "the new file was not read"
finish

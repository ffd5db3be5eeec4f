#!/bin/sh
# SPDX-License-Identifier: ISC
# Run one Lua test with gshap -s: tests/lua/prologue.lua (check, near,
# raises, done, top) and then the test, as one chunk in one sandboxed
# state. The test's text is loaded under its own name, so errors name its
# file and lines. The source tree is named on the command line so that the
# sandbox lets the test read its fixtures there (a VPATH build, make
# distcheck: the tree is outside the current directory).
src=${srcdir:-.}
name=$(basename "$1" .lua)
mkdir -p tests/lua || exit 99
run=tests/lua/$name.run.lua
if grep -q ']==]' "$1"; then
	echo "run.sh: $1 holds ]==], which ends the chunk run.sh wraps it in" >&2
	exit 99
fi
{
	cat "$src/tests/lua/prologue.lua" &&
	printf 'return assert(load([==[\n' &&
	cat "$1" &&
	printf ']==], "@%s", "t"))(...)\n' "$1"
} >"$run" || exit 99
exec "$GSHAP" -s "$run" "$src"

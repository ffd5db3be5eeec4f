#!/bin/sh
# SPDX-License-Identifier: ISC
# Every example of man/gshap-lua.7 (the blocks after a ".\" example" line)
# runs with gshap -s, succeeds and prints something.
. "$srcdir/tests/regress/lib.sh"
MAN="$srcdir/man/gshap-lua.7"

# Split the examples into files, undoing the roff escapes they use.
awk -v dir="$T" '
	/^\.\\" example$/ { want = 1; next }
	want && /^\.Bd/ { n++; file = dir "/example" n ".lua"; inside = 1;
	    want = 0; next }
	inside && /^\.Ed/ { inside = 0; close(file); next }
	inside { gsub(/\\e/, "\\"); gsub(/\\\(aq/, "\047"); gsub(/\\-/, "-");
	    print > file }
' "$MAN"
count=$(ls "$T"/example*.lua 2>/dev/null | wc -l)
[ "$count" -ge 5 ] && pass || fail "only $count examples found in $MAN"

for f in "$T"/example*.lua; do
	if (cd "$T" && "$GSHAP" -s "$f" >"$T/out" 2>"$T/err") &&
	    [ -s "$T/out" ]; then
		pass
	else
		fail "example $(basename "$f") failed:"
		sed 's/^/  /' "$f" | head -20
		head -5 "$T/err"
	fi
done

# The sandbox and -s are documented where gshap(1) points.
grep -q 'Xr gshap-lua 7' "$srcdir/man/gshap.1" && pass ||
    fail "gshap(1) does not refer to gshap-lua(7)"

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL's help comes from its command and settings tables; check that
# the man page documents the same commands (.It Ic) in its Commands list
# and the same settings (.It Cm) in its Settings list, and that every
# command has working help.
. "$srcdir/tests/regress/lib.sh"
MAN="$srcdir/man/gshap.1"
LIN="$srcdir/tests/data/models/linear_tiny.onnx $srcdir/tests/data/linear_tiny.csv --target y"

"$GSHAP" --no-config -c help $LIN >"$T/help" 2>"$T/err" || fail "help"
awk '/^commands/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' \
    "$T/help" | sort >"$T/help-cmds"
sed -n '/^\.Ss Commands$/,/^\.Ss /p' "$MAN" |
    sed -n 's/^\.It Ic \([a-z][a-z-]*\).*/\1/p' | sort >"$T/man-cmds"
[ -s "$T/help-cmds" ] && [ "$(wc -l <"$T/help-cmds")" -ge 19 ] && pass ||
    fail "help lists too few commands"
if diff "$T/help-cmds" "$T/man-cmds" >"$T/diff"; then pass; else
	fail "commands differ between help (<) and the man page (>):"
	cat "$T/diff"
fi

"$GSHAP" --no-config -c 'help settings' $LIN >"$T/help" 2>"$T/err" ||
    fail "help settings"
sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' "$T/help" | sort >"$T/help-set"
sed -n '/^\.Ss Settings$/,/^\.S[hs] /p' "$MAN" |
    sed -n 's/^\.It Cm \([a-z][a-z-]*\).*/\1/p' | sort >"$T/man-set"
if diff "$T/help-set" "$T/man-set" >"$T/diff"; then pass; else
	fail "settings differ between help settings (<) and the man page (>):"
	cat "$T/diff"
fi
# The defaults in the man page are those of the table.
sed -n 's/^  \([a-z][a-z-]*\) *\([^ ]*\) .*/\1 (\2)/p' "$T/help" | sort \
    >"$T/help-def"
sed -n '/^\.Ss Settings$/,/^\.S[hs] /p' "$MAN" |
    sed -n 's/^\.It Cm \([a-z][a-z-]*\) Pq \(.*\)/\1 (\2)/p' | sort \
    >"$T/man-def"
if diff "$T/help-def" "$T/man-def" >"$T/diff"; then pass; else
	fail "defaults differ between help settings (<) and the man page (>):"
	cat "$T/diff"
fi

# help COMMAND for each command prints its usage line.
while read -r c; do
	"$GSHAP" --no-config -c "help $c" $LIN >"$T/out" 2>"$T/err" &&
	    grep -q "^usage: $c" "$T/out" && pass || fail "help $c"
done <"$T/help-cmds"
for topic in settings methods baselines views keys files; do
	"$GSHAP" --no-config -c "help $topic" $LIN >"$T/out" 2>"$T/err" &&
	    [ -s "$T/out" ] && pass || fail "help $topic"
done

# The views: help views, the view command's error and gshap view --help
# all list the rows of the view class table (issue 13), teaching views too.
"$GSHAP" --no-config -c 'help views' $LIN >"$T/out" 2>"$T/err" || fail "help views"
sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' "$T/out" | tr '\n' ' ' >"$T/views-help"
"$GSHAP" --no-config -c 'view pie' $LIN >"$T/out" 2>"$T/err" </dev/null
sed -n "s/.*neither a row nor a view (\(.*\))\$/\1/p" "$T/err" | tr -d ',' |
    tr '\n' ' ' >"$T/views-err"
"$GSHAP" view --help | sed -n '/^views:/,/: --view/p' | tr -s ' \n' ' ' |
    sed 's/^views: //; s/: --view.*//; s/,//g; s/$/ /' >"$T/views-cli"
if [ "$(wc -w <"$T/views-help")" -ge 13 ] &&
    grep -q "convergence" "$T/views-help" &&
    cmp -s "$T/views-help" "$T/views-err" &&
    cmp -s "$T/views-help" "$T/views-cli"; then pass; else
	fail "view lists differ: help views / view's error / gshap view --help"
	cat "$T/views-help" "$T/views-err" "$T/views-cli"
fi

finish

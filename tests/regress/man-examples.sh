#!/bin/sh
# SPDX-License-Identifier: ISC
# Every example in man/gshap.1 runs and succeeds, and every option of
# `gshap explain --help` is documented in the man page (and the reverse).
. "$srcdir/tests/regress/lib.sh"
MAN="$srcdir/man/gshap.1"

sed -n 's/^\$ gshap //p' "$MAN" >"$T/examples"
[ -s "$T/examples" ] && pass || fail "no examples found in the man page"
while IFS= read -r args; do
	# shellcheck disable=SC2086
	if "$GSHAP" $args >"$T/out" 2>"$T/err" && [ -s "$T/out" ]; then pass; else
		fail "man example failed: gshap $args"; head -3 "$T/err"
	fi
done <"$T/examples"

{ "$GSHAP" --help && "$GSHAP" explain --help && "$GSHAP" report --help; } >"$T/help" || fail "--help"
grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u >"$T/help-opts"
grep -o 'Fl \\-[a-z][a-z-]*' "$MAN" | sed 's/^Fl \\-/--/' | sort -u >"$T/man-opts"
if diff "$T/help-opts" "$T/man-opts" >"$T/diff"; then pass; else
	fail "options differ between --help and the man page:"; cat "$T/diff"
fi
"$GSHAP" --version | grep -q '^gshap [0-9]' && pass || fail "--version"
"$GSHAP" --help | grep -q 'gshap explain' && pass || fail "--help"

finish

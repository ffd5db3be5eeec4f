# SPDX-License-Identifier: ISC
# Shared by the regression tests: run gshap, compare output, count checks.
# Each test sources this file, calls the check functions, then `finish`.

: "${GSHAP:?GSHAP must name the gshap binary}"
: "${srcdir:=.}"
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
nfail=0
npass=0

pass() { npass=$((npass + 1)); }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }

# expect_exit CODE -- ARGS...: run gshap, keep stdout in $T/out, stderr in $T/err.
expect_exit() {
	want=$1; shift; shift
	"$GSHAP" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then pass; else
		fail "gshap $* exited $got, expected $want"; sed 's/^/  stderr: /' "$T/err" | head -5
	fi
}

# expect_err TEXT: the last stderr contains TEXT (fixed string).
expect_err() {
	if grep -qF -- "$1" "$T/err"; then pass; else
		fail "stderr lacks '$1'"; sed 's/^/  stderr: /' "$T/err" | head -5
	fi
}

# expect_out TEXT: the last stdout contains TEXT.
expect_out() {
	if grep -qF -- "$1" "$T/out"; then pass; else
		fail "stdout lacks '$1'"; head -5 "$T/out" | sed 's/^/  stdout: /'
	fi
}

# expect_empty_out: nothing was written to stdout.
expect_empty_out() {
	if [ ! -s "$T/out" ]; then pass; else fail "stdout not empty"; fi
}

# expect_golden FILE: the last stdout equals FILE exactly.
expect_golden() {
	if diff -u "$1" "$T/out" >"$T/diff"; then pass; else
		fail "output differs from $1"; head -40 "$T/diff"
	fi
}

finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}

# SPDX-License-Identifier: ISC
# Shared by tui-dump.sh and tui-dump-utf8.sh (after lib.sh): the linear
# model's arguments and golden NAME LOCALE ARGS..., which runs gshap in
# LOCALE and compares its output with golden/tui/NAME.txt
# (GSHAP_UPDATE_GOLDEN=1 rewrites the file instead).
G="$srcdir/tests/regress/golden/tui"
LIN="--model $srcdir/tests/data/models/linear_tiny.onnx --data $srcdir/tests/data/linear_tiny.csv --target y --baseline row:0 --samples 10 --seed 3"

golden() {
	name=$1 loc=$2; shift 2
	LC_ALL=$loc "$GSHAP" "$@" >"$T/out" 2>"$T/err" || {
		fail "gshap $* failed"; head -3 "$T/err"; return; }
	if [ -n "$GSHAP_UPDATE_GOLDEN" ]; then cp "$T/out" "$G/$name.txt"; fi
	expect_golden "$G/$name.txt"
}

#!/bin/sh
# SPDX-License-Identifier: ISC
# The renderer end to end with no terminal: every view through
# `gshap explain --view V --dump-screen WxH` and the chart under
# `--format text`, in ASCII (tui-dump-utf8.sh: in UTF-8), against golden
# files. The linear model's attributions are exact (w_i (x_i - b_i) with a
# one-row baseline), so the screens do not depend on the machine's BLAS.
# (The teaching views on the demo model are checked by their numbers'
# properties in tui-properties.sh.) Also --color, NO_COLOR, themes and the
# errors of the options.
# GSHAP_UPDATE_GOLDEN=1 rewrites the golden files.
. "$srcdir/tests/regress/lib.sh"
. "$srcdir/tests/regress/tui-golden.sh"

for v in bar waterfall force summary importance heat dependence compare; do
	golden "$v-80x24-ascii" C explain $LIN --rows 2:5 --view $v --dump-screen 80x24
done
for v in bar waterfall force compare; do
	golden "$v-60x16-ascii" C explain $LIN --rows 2:5 --view $v --dump-screen 60x16
done
# The teaching views: exact on the linear model; the demo's 30 features
# are too many players for exact, which the status line says.
DEMO="--model $srcdir/data/bc_mlp.onnx --data $srcdir/data/breast_cancer.csv --target target --seed 1 --threads 1 --samples 64"
for z in 80x24 60x16; do
	golden "exact-$z-ascii" C explain $LIN --rows 2:3 --view exact --dump-screen $z
done
expect_exit 0 -- explain $DEMO --row 3 --view exact --dump-screen 80x24
expect_out "exact: 30 features are too many players (at most 20)"
# A view that does not apply says so on the screen.
expect_exit 0 -- explain --model $srcdir/tests/data/models/linear_tiny.onnx \
    --data $srcdir/tests/data/linear_tiny.csv --target y --row 2 \
    --method saliency --view trace --dump-screen 80x24
expect_out "trace: Gradient SHAP needs a baseline set"

# Every line fits the width; no trailing blanks; nothing but ASCII in C.
LC_ALL=C "$GSHAP" explain $LIN --rows 0:5 --view summary --dump-screen 41x12 >"$T/out" &&
    pass || fail "41x12 summary"
awk 'length > 41 || / $/ { bad = 1 } END { exit bad }' "$T/out" && pass ||
    fail "a line is too long or ends in a blank"
LC_ALL=C tr -d '\n -~' <"$T/out" | wc -c | grep -qx ' *0' && pass ||
    fail "non-ASCII output in the C locale"
# gshap view is explain --view bar.
expect_exit 0 -- view $LIN --row 3 --dump-screen 80x24
expect_out "| row 3/5"
expect_out "SHAP value (impact on model output)"
# Too small a screen says so.
expect_exit 0 -- explain $LIN --view bar --dump-screen 38x9
expect_out "terminal too small: 38x9 (need 40x12)"

# Colour: never by default in a pipe, NO_COLOR honoured, always forces it.
expect_exit 0 -- explain $LIN --row 2
grep -q "$(printf '\033')" "$T/out" && fail "colour in a pipe" || pass
# (the tests run with NO_COLOR=1)
expect_exit 0 -- explain $LIN --row 2 --color auto
grep -q "$(printf '\033')" "$T/out" && fail "colour under NO_COLOR" || pass
expect_exit 0 -- explain $LIN --row 2 --color always
expect_out "38;5;197m+"
expect_exit 0 -- explain $LIN --row 2 --color always --theme cb
expect_out "38;5;214m+"
# A malformed theme: file:line on stderr, the default theme used.
printf 'positive = 197\nnegative = bleu\n' >"$T/bad.theme"
expect_exit 0 -- explain $LIN --row 2 --color always --theme "$T/bad.theme"
expect_err "bad.theme:2: bad colour 'bleu'"
expect_out "38;5;197m+"

# Option errors.
expect_exit 2 -- explain $LIN --view pie
expect_err "--view: unknown view 'pie'"
# The CLI's usage names every view of the class table (which the error
# above lists).
views=$(sed -n "s/.*unknown view 'pie' (\(.*\))\$/\1/p" "$T/err" | tr -d ,)
[ -n "$views" ] && pass || fail "--view's error lists no views"
"$GSHAP" explain --help >"$T/help" 2>&1
for v in $views; do
	sed -n '/^views:/,/^[a-z]*:/p' "$T/help" | grep -qw "$v" && pass ||
	    fail "gshap explain --help does not list the view $v"
done
expect_exit 2 -- explain $LIN --dump-screen 80
expect_err "--dump-screen: '80' is not WIDTHxHEIGHT"
expect_exit 2 -- explain $LIN --color sometimes
expect_err "--color: 'sometimes' is not auto, never or always"
expect_exit 2 -- explain $LIN --row 2 --view compare --dump-screen 80x24
expect_err "--view compare needs two rows"
# The explorer needs a terminal, from explain and from the REPL.
expect_exit 1 -- explain $LIN --view bar </dev/null
expect_err "the explorer needs a terminal"
expect_exit 1 -- --no-config -c 'view waterfall 2' \
    "$srcdir/tests/data/models/linear_tiny.onnx" \
    "$srcdir/tests/data/linear_tiny.csv" --target y </dev/null
expect_err "view: the explorer needs a terminal"
expect_exit 1 -- --no-config -c 'view pie' \
    "$srcdir/tests/data/models/linear_tiny.onnx" \
    "$srcdir/tests/data/linear_tiny.csv" --target y </dev/null
expect_err "view: 'pie' is neither a row nor a view"

finish

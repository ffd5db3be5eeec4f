#!/bin/sh
# SPDX-License-Identifier: ISC
# Tabular data in the REPL: --demo credit and load schema, class names in
# explain and summary headers, a summary of the positive class, rows the
# missing-value policy cannot use said (not hidden), and a bad schema
# refused with the session intact.
. "$srcdir/tests/regress/lib.sh"
PLAIN="$srcdir/tests/data/schema/credit-plain.schema.json"

printf 'explain 29\nsummary -n 12\n' >"$T/in"
expect_exit 0 -- --no-config --demo credit --keep-going <"$T/in"
expect_out "row 29  P(good)  f(x) = "
expect_out "Home = (mode) owner"
expect_out "summary of 12 rows of credit_data  P(bad) (the positive class; set output K for another)"
grep -q '^ *Amount [|│]' "$T/out" && pass || fail "summary: features by name"
grep -q '=owner\|=rent' "$T/out" && fail "summary: a level shown alone" || pass

# The REPL's --demo names its files through the one demo table
# (paths_demo), as explain and report do: an unknown demo is refused, not
# silently the cancer demo; cancer by name is the default one.
expect_exit 2 -- --no-config --demo nope -c info
expect_err "--demo: unknown demo 'nope' (cancer, credit)"
expect_exit 0 -- --no-config --demo cancer -c info
expect_out "model bc_mlp"

# set impute, as --impute on the command line, beats the schema's own
# policies: mean fills Debt with the data's mean, not the schema's median;
# error refuses the row the schema would fill, saying how to follow the
# schema; set impute default follows the schema again.
printf 'set samples 5\nexplain 29\nset impute mean\nexplain 29\nset impute error\nexplain 29\nset impute default\nexplain 29\n' >"$T/in"
expect_exit 1 -- --no-config --demo credit --keep-going <"$T/in"
[ "$(grep -c '(median) 0 = Debt' "$T/out")" -eq 2 ] && pass ||
    fail "the schema's median, before set impute and after set impute default"
expect_out "(mean) 343.026 = Debt"
expect_err "row 29 has a missing value in column 'Home'; set impute error overrides the schema's mode for it"
expect_err "set impute default to follow the schema, or choose another row"
[ "$(grep -c '^row 29  P(good)' "$T/out")" -eq 3 ] && pass ||
    fail "row 29 explained under the schema, mean, the schema again"

# The same data read by a schema without fills: row 29 cannot be used
# under error; a summary leaves it out and says so.
printf 'load schema %s\nsummary -n 40\nexplain 29\nset impute median\nexplain 29\n' \
    "$PLAIN" >"$T/in"
expect_exit 1 -- --no-config --demo credit --keep-going <"$T/in"
expect_out "schema $PLAIN: 13 features make the inputs"
expect_out "left out 1 row with a missing value that impute error cannot fill (the first: row 29)"
expect_err "row 29 has a missing value in column 'Home'; choose a missing-value policy"
expect_out "Job = (mode) fixed"
expect_out "(median) 0 = Debt"

# A bad schema: the message, and the session as it was.
sed 's/, "ignore"\]/]/' "$PLAIN" >"$T/level.json"
printf 'load schema %s\nexplain 29\n' "$T/level.json" >"$T/in"
expect_exit 1 -- --no-config --demo credit --keep-going <"$T/in"
expect_err "column 'Home' has the level 'ignore', which $T/level.json:8 does not declare"
expect_out "Home = (mode) owner"

# A schema in Lua: load schema FILE.lua, its function encoding kept for
# reading the data again for a new model (load model); a bad one refused by file and
# line with the session as it was.
LS="$srcdir/tests/data/schema/credit.schema.lua"
printf 'load schema %s\nexplain 29\nload model %s\nexplain 29\n' \
    "$LS" "$srcdir/data/credit_mlp.onnx" >"$T/in"
expect_exit 0 -- --no-config --demo credit --keep-going <"$T/in"
expect_out "schema $LS: 13 features make the inputs"
[ "$(grep -c 'Job = (mode) fixed' "$T/out")" -eq 2 ] && pass ||
    fail "Lua schema: Job by its function, twice"
sed 's/fill = "fixed"/fill = "fixd"/' "$LS" >"$T/fill.lua"
printf 'load schema %s\nexplain 29\n' "$T/fill.lua" >"$T/in"
expect_exit 1 -- --no-config --demo credit --keep-going <"$T/in"
expect_err "$T/fill.lua:29: column 'Job': the fill 'fixd' is not one of its levels"
expect_out "Home = (mode) owner"

# set classes names the classes (the setting every front end has): in
# explain and summary headers; names that do not fit are refused with the
# names as they were; auto takes the schema's again.
printf 'set samples 5\nset classes refused,granted\nexplain 0\nsummary -n 3\nset classes a,b,c\nexplain 0\nset classes auto\nexplain 0\n' >"$T/in"
expect_exit 1 -- --no-config --demo credit --keep-going <"$T/in"
expect_out "row 0  P(granted)  f(x) = "
expect_out "summary of 3 rows of credit_data  P(refused) (the positive class"
# The message names the setting as the REPL spells it, not the CLI's flag.
expect_err "set classes: 3 class names but the output has 2 elements"
grep -q -- '--classes' "$T/err" && fail "the REPL's message says --classes" || pass
[ "$(grep -c 'row 0  P(granted)' "$T/out")" -eq 2 ] && pass ||
    fail "classes kept after a refused list"
expect_out "row 0  P(good)  f(x) = "

# summary -a: every class of iris's three explained and stacked, one
# segment (glyph) a class, as long as that class's own summary says.
IRIS="$srcdir/tests/data/models/softmax_iris.onnx $srcdir/tests/data/csv/iris.csv --target target"
printf 'set samples 20\nsummary -a\nset output 0\nsummary\nset output 1\nsummary\nset output 2\nsummary\n' >"$T/in"
LC_ALL=C "$GSHAP" --no-config $IRIS <"$T/in" >"$T/out" 2>"$T/err"
expect_out "summary of 150 rows of iris  every class (prob[0], prob[1], prob[2]) stacked"
expect_out "mean(|SHAP value|) over 150 rows, 3 classes stacked"
expect_out "# prob[0]   = prob[1]   % prob[2]"
grep '^  petal_width_cm |' "$T/out" | awk '
	NR == 1 { tot = $NF; bar = $2; a = gsub(/#/, "", bar); b = gsub(/=/, "", bar);
		c = gsub(/%/, "", bar); n = a + b + c; next }
	{ v[NR - 1] = $NF; s += $NF }
	END {
		ok = (tot - s < 0.0025 && s - tot < 0.0025)
		split(a " " b " " c, cells, " ")
		for (k = 1; k <= 3; k++) {
			want = v[k] / tot * n
			if (cells[k] - want > 1.5 || want - cells[k] > 1.5) ok = 0
		}
		exit !ok
	}' && pass || fail "summary -a: the stack is not the classes' own summaries: $(grep '^  petal_width_cm |' "$T/out")"
# gshap view importance --stack draws the same stack from the command line.
grep '^  petal_width_cm |' "$T/out" | head -1 | awk '{ print $NF }' >"$T/repl-a"
LC_ALL=C "$GSHAP" view importance --model $(echo $IRIS | sed 's/ / --data /; s/ --target/ --target/') \
    --samples 20 --rows 0:150 --stack --dump-screen 80x16 >"$T/cli-a" 2>"$T/err"
grep -q '# prob\[0\]   = prob\[1\]   % prob\[2\]' "$T/cli-a" && pass ||
    fail "--stack: no legend: $(cat "$T/cli-a" "$T/err")"
[ "$(grep '^  petal_width_cm |' "$T/cli-a" | awk '{ print $NF }')" = "$(cat "$T/repl-a")" ] &&
    pass || fail "--stack and summary -a differ"
expect_exit 2 -- explain --demo credit --stack
expect_err "--stack goes with --view importance"
printf 'summary -a -n 3\n' >"$T/in"
expect_exit 1 -- --no-config --keep-going <"$T/in"
expect_err "summary -a: the output has 1 element; the classes are stacked for 2 to 8"

# A summary over a model of ten classes says which output it averages.
printf 'summary -n 3\nset output 3\nsummary -n 3\n' >"$T/in"
expect_exit 0 -- --no-config "$srcdir/tests/data/models/cnn_digits.onnx" \
    "$srcdir/tests/data/csv/digits.csv" --target label <"$T/in"
expect_out "summary of 3 rows of digits  prob, each row's predicted class  importance"
expect_out "summary of 3 rows of digits  prob[3]  importance"

# A text target in rows: shown as its level, the error against its class.
printf 'rows -s error -n 3\n' >"$T/in"
expect_exit 0 -- --no-config --demo credit <"$T/in"
grep -q '^ *[0-9][0-9]* *0\.9[0-9]* *1 *bad *0\.9[0-9]*$' "$T/out" && pass ||
    { fail "rows: a text target and its error"; cat "$T/out"; }

# A seeded random sample: count rows, not the first ones, the same again.
# (export after summary writes its importance table: one line a feature.)
printf 'summary -n 5 -r\nexport csv %s/a.csv\nsummary -n 5 -r\nexport csv %s/b.csv\nsummary -n 5\nexport csv %s/first.csv\nset seed 3\nsummary -n 5 -r\nexport csv %s/c.csv\n' \
    "$T" "$T" "$T" "$T" >"$T/in"
expect_exit 0 -- --no-config --demo credit <"$T/in"
expect_out "summary of 5 rows drawn at random of credit_data  P(bad)"
[ "$(cut -d, -f5 "$T/a.csv" | sed 1d | sort -u)" = 5 ] && pass || fail "5 rows drawn"
cmp -s "$T/a.csv" "$T/first.csv" && fail "the first 5 rows, not drawn" || pass
cmp -s "$T/a.csv" "$T/b.csv" && pass || fail "the same seed, the same rows"
cmp -s "$T/a.csv" "$T/c.csv" && fail "another seed, the same rows" || pass

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# Tabular data in gshap explain: the credit demo (categorical columns
# one-hot encoded by its schema, missing values filled as the schema
# says, classes named), every missing-value policy over --all, class
# names in text, CSV and JSON, and bad schemas named by file, line and
# column with nothing written.
. "$srcdir/tests/regress/lib.sh"
CM="--model $srcdir/data/credit_mlp.onnx --data $srcdir/data/credit_data.csv"
PLAIN="$srcdir/tests/data/schema/credit-plain.schema.json"

# Row 29 has Home, Job, Income, Assets and Debt missing; the schema fills
# Home and Job with their mode, the rest with the training medians.
expect_exit 0 -- explain --demo credit --row 29 --samples 20
expect_out "row 29  P(good)  f(x) = "
expect_out "imputed 5 values: not the row's data"
for k in "Home       (mode) owner" "Job        (mode) fixed" \
    "Income     (median) 125" "Assets    (median) 3000" "Marital          single" \
    "Home = (mode) owner" "(median) 125 = Income" "Records = no"; do
	expect_out "$k"
done
# One line per feature: 13 of them, the categories not split in levels.
[ "$(sed -n '/^  feature /,/^  ~\|^  (a category/p' "$T/out" | grep -c '^  [A-Z]')" -eq 13 ] &&
    pass || fail "13 features in the text table"
expect_exit 0 -- explain --demo credit --row 29 --samples 20 --format json
for k in '"output_name":"good"' '"output_label":"P(good)"' '"imputed_cells":5' \
    '{"name":"Home","value":"owner",' '"imputed":"mode","inputs":[{"name":"Home=owner","value":1,' \
    '{"name":"Income","value":125,' '{"name":"Age","value":37,'; do
	expect_out "$k"
done
expect_exit 0 -- explain --demo credit --row 29 --samples 20 --format csv
[ "$(grep -c '^29,1,gradshap,' "$T/out")" -eq 13 ] && pass || fail "13 CSV lines"
grep -q '^29,1,gradshap,Home,owner,[^,]*,[^,]*,[^,]*,.*,good,mode$' "$T/out" &&
    pass || fail "CSV: Home's level, class name and imputed flag"
grep -q '^29,1,gradshap,Age,37,[^,]*,[^,]*,[^,]*,.*,good,$' "$T/out" &&
    pass || fail "CSV: Age from the data"
# Per-level detail on demand: 25 inputs.
expect_exit 0 -- explain --demo credit --row 29 --samples 20 --format csv --groups off
[ "$(grep -c '^29,1,gradshap,' "$T/out")" -eq 25 ] && pass || fail "25 inputs with --groups off"
grep -q '^29,1,gradshap,Home=rent,0,.*,good,mode$' "$T/out" && pass || fail "a level's line"

# The explorer's screens: the class in the title (the positive class, so
# that summaries average one output), the imputed count, a category's
# level on its bar; summaries name the features alone.
expect_exit 0 -- view --demo credit 29 --dump-screen 100x24 --samples 20 --ascii
expect_out "| P(bad) | row 29/4454 - 5 imputed"
expect_out "Home = (mode) owner"
expect_out "(median) 125 = Income"
expect_out "Sum of 4 other features"
expect_exit 0 -- view importance --demo credit --rows 0:20 --dump-screen 100x24 --samples 20 --ascii
grep -q '^ *Amount |' "$T/out" && pass || fail "importance: the feature's name"
expect_out "| P(bad) | row 0/4454"
expect_exit 0 -- view importance --demo credit --rows 0:20 --output 1 --dump-screen 100x24 --samples 20 --ascii
expect_out "| P(good) | row 0/4454"
grep -q 'Home = ' "$T/out" && fail "importance: a row's level" || pass

# The class explained, by name or number; the user's names.
expect_exit 0 -- explain --demo credit --row 0 --samples 20 --output 0 --format json
expect_out '"output":0,"output_name":"bad","output_label":"P(bad)"'
expect_exit 0 -- explain --demo credit --row 0 --samples 20 --classes no,yes
expect_out "row 0  P(yes)  f(x) = "
expect_exit 1 -- explain --demo credit --row 0 --classes a,b,c
expect_err "--classes: 3 class names but the output has 2 elements"
expect_empty_out
# The cancer demo's metadata names its probability: P(benign).
expect_exit 0 -- explain --row 3 --samples 20
expect_out "row 3  P(benign)  f(x) = "

# --all under each policy, with a schema that leaves them to --impute:
# 415 of the 4454 rows have a missing value (the first: row 29, line 31).
expect_exit 1 -- explain $CM --schema "$PLAIN" --all --samples 5 --format csv
expect_empty_out
expect_err "credit_data.csv:31:3: row 29 has a missing value in column 'Home'; choose a missing-value policy"
expect_err "(415 of the 4454 rows asked for cannot be used; nothing was explained)"
expect_exit 1 -- explain $CM --schema "$PLAIN" --row 29 --samples 5
expect_empty_out
expect_exit 0 -- explain $CM --schema "$PLAIN" --all --samples 5 --format csv --impute skip
[ "$(wc -l <"$T/out")" -eq $((1 + (4454 - 415) * 13)) ] && pass || fail "skip: rows written"
[ "$(grep -c 'skipped: a missing value in column' "$T/err")" -eq 415 ] && pass ||
    fail "skip: each skipped row said"
expect_err "row 29 skipped: a missing value in column 'Home' (--impute skip)"
expect_err "skipped 415 of 4454 rows (the first: row 29): a missing value under --impute skip"
grep -q '^29,' "$T/out" && fail "skip: row 29 written" || pass
expect_exit 0 -- explain $CM --schema "$PLAIN" --rows 25:35 --samples 5 --impute skip
expect_out "skipped 1 of 10 rows (the first: row 29)"
# The median of the 4073 incomes the data has.
med=$(cut -d, -f10 "$srcdir/data/credit_data.csv" | sed 1d | grep . | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
for p in mean median mode; do
	expect_exit 0 -- explain $CM --schema "$PLAIN" --all --samples 5 --format csv --impute $p
	[ "$(wc -l <"$T/out")" -eq $((1 + 4454 * 13)) ] && pass || fail "$p: rows written"
	[ "$(grep -c ",$p\$" "$T/out")" -gt 415 ] && pass || fail "$p: imputed flags"
	grep -q "^29,[01],gradshap,Home,[a-z]*,.*,mode\$" "$T/out" && pass || fail "$p: Home of row 29"
	grep -q "^29,[01],gradshap,Income,[0-9.]*,.*,$p\$" "$T/out" && pass || fail "$p: Income of row 29"
done
expect_exit 0 -- explain $CM --schema "$PLAIN" --row 29 --samples 5 --impute median --format json
expect_out "{\"name\":\"Income\",\"value\":$med,"
expect_out '"imputed_cells":5'
# NaN to a model that cannot take it: refused, naming the row.
expect_exit 1 -- explain $CM --schema "$PLAIN" --row 29 --samples 5 --impute model
expect_err "row 29: "

# An --impute given beats the schema's own policies (gshap(1), MISSING
# VALUES): error refuses row 29 although the schema fills its cells, mean
# fills Income with the data's mean, not the schema's training median.
expect_exit 1 -- explain --demo credit --row 29 --samples 5 --impute error
expect_empty_out
expect_err "credit_data.csv:31:3: row 29 has a missing value in column 'Home'; --impute error overrides the schema's mode for it ("
expect_err "credit.schema.json:8); leave --impute out to follow the schema"
expect_exit 0 -- explain --demo credit --row 29 --samples 5 --format json
expect_out '{"name":"Income","value":125,'
mean=$(cut -d, -f10 "$srcdir/data/credit_data.csv" | sed 1d | grep . |
    awk '{ s += $1 } END { printf "%.6f", s / NR }')
expect_exit 0 -- explain --demo credit --row 29 --samples 5 --format json --impute mean
v=$(grep -o '{"name":"Income","value":[0-9.]*,[^}]*"imputed":"mean"}' "$T/out" |
    sed 's/.*"value":\([0-9.]*\),.*/\1/')
awk -v v="$v" -v m="$mean" 'BEGIN { exit !(v != "" && v - m < 1e-5 && m - v < 1e-5) }' &&
    pass || fail "--impute mean: Income of row 29 is '$v', not the mean $mean"
expect_exit 0 -- explain --demo credit --all --samples 5 --format csv --impute skip
expect_err "skipped 415 of 4454 rows (the first: row 29)"

# --rows random:N draws N rows the policy can use by --seed, with the
# REPL's summary -n N -r function (the same rows, so the same importance),
# and says so with the seed.
expect_exit 0 -- explain --demo credit --rows random:5 --samples 5 --seed 7 --format csv
expect_err "a random sample: 5 of 4454 rows drawn by seed 7"
cut -d, -f1 "$T/out" | sed 1d | uniq >"$T/drawn7"
[ "$(wc -l <"$T/drawn7")" -eq 5 ] && sort -n -c "$T/drawn7" && pass ||
    fail "random:5 did not explain 5 rows in order"
[ "$(sort -u "$T/drawn7" | wc -l)" -eq 5 ] && pass || fail "random:5 drew a row twice"
[ "$(head -1 "$T/drawn7")" != 0 ] && pass || fail "random:5 drew the first rows"
expect_exit 0 -- explain --demo credit --rows random:5 --samples 5 --seed 7
expect_out "a random sample: 5 of 4454 rows drawn by seed 7"
expect_exit 0 -- explain --demo credit --rows random:5 --samples 5 --seed 8 --format csv
cut -d, -f1 "$T/out" | sed 1d | uniq >"$T/drawn8"
cmp -s "$T/drawn7" "$T/drawn8" && fail "seeds 7 and 8 drew the same rows" || pass
# Row 29 (missing cells) is never drawn under error: 415 rows are left out.
expect_exit 0 -- explain --demo credit --rows random:4000 --samples 2 --impute error --format csv
expect_err "a random sample: 4000 of 4039 rows (the 4039 of 4454 that --impute error can use) drawn by seed 0"
grep -q '^29,' "$T/out" && fail "random: row 29 drawn under error" || pass
LC_ALL=C "$GSHAP" view importance --demo credit --rows random:5 --samples 5 --seed 7 \
    --output 0 --dump-screen 100x16 2>/dev/null |
    awk '/\|#/ && !/other/ { print $1, $NF }' | head -4 >"$T/cli-imp"
LC_ALL=C "$GSHAP" --demo credit -c "set seed 7; set samples 5; summary -n 5 -r" 2>&1 |
    awk '/\|#/ && !/other/ { print $1, $NF }' | head -4 >"$T/repl-imp"
[ -s "$T/cli-imp" ] && cmp -s "$T/cli-imp" "$T/repl-imp" && pass ||
    fail "--rows random:5 and summary -n 5 -r disagree: $(cat "$T/cli-imp" "$T/repl-imp")"
expect_exit 2 -- explain --demo credit --rows random:0
expect_err "--rows random:0: draw at least one row"

# Bad schemas: named by file, line and column; nothing written.
sed 's/, "ignore"\]/]/' "$PLAIN" >"$T/level.json"
expect_exit 1 -- explain $CM --schema "$T/level.json" --samples 5
expect_empty_out
expect_err "credit_data.csv:20:3: column 'Home' has the level 'ignore', which $T/level.json:8 does not declare"
sed '/"Amount"/d' "$PLAIN" >"$T/width.json"
expect_exit 1 -- explain $CM --schema "$T/width.json" --samples 5
expect_err "the schema's inputs make 24 model inputs"
expect_err "but the model takes 25"
sed 's/{"name": "Home", "type": "categorical", "encoding": "onehot", "levels": \[[^]]*\]}/{"name": "Home", "type": "numeric"}/' \
    "$PLAIN" >"$T/numeric.json"
expect_exit 1 -- explain $CM --schema "$T/numeric.json" --samples 5
expect_err "credit_data.csv:2:3: column 'Home' is numeric ($T/numeric.json:"
expect_err "but holds the text 'rent'"
sed 's/"Seniority"/"Senority"/' "$PLAIN" >"$T/column.json"
expect_exit 1 -- explain $CM --schema "$T/column.json" --samples 5
expect_err "column.json:7:5: column 'Senority' is not in"
expect_err "did you mean 'Seniority'?"
expect_exit 1 -- explain $CM --samples 5
expect_err "give a schema (--schema FILE) saying how the model encodes them"

# A schema in Lua (tests/data/schema/credit.schema.lua): the same schema
# with Job encoded by a Lua function that makes the JSON schema's one-hot
# inputs, so every row explains alike; its errors name the file and line,
# and a loop stops at the instruction limit.
LS="$srcdir/tests/data/schema/credit.schema.lua"
expect_exit 0 -- explain --demo credit --all --samples 3 --format csv
mv "$T/out" "$T/json.csv"
expect_exit 0 -- explain --demo credit --schema "$LS" --all --samples 3 --format csv
cmp -s "$T/out" "$T/json.csv" && pass || fail "the Lua schema explains otherwise"
expect_exit 0 -- explain --demo credit --schema "$LS" --row 29 --samples 5 --format json
expect_out '"inputs":[{"name":"Job[1]","value":1,'
expect_out '"output_label":"P(good)"'
sed 's/encoding = job_onehot,/encoding = "function", ["function"] = "job_onehot",/' \
    "$LS" >"$T/byname.lua"
expect_exit 0 -- explain --demo credit --schema "$T/byname.lua" --all --samples 3 --format csv
cmp -s "$T/out" "$T/json.csv" && pass || fail "a function named by a string explains otherwise"
sed 's/"median", fill = 125/"median", fil = 125/' "$LS" >"$T/typo.lua"
expect_exit 1 -- explain --demo credit --schema "$T/typo.lua" --samples 5
expect_empty_out
expect_err "typo.lua:33: unknown key \"fil\" in a column; did you mean \"fill\"?"
sed 's/return jobs\[level\]/while true do end/' "$LS" >"$T/loop.lua"
expect_exit 1 -- explain --demo credit --schema "$T/loop.lua" --samples 5
expect_empty_out
expect_err "loop.lua:10: instruction limit of 100000000 exceeded (an endless loop?)"
sed 's/^return {/while true do end return {/' "$LS" >"$T/loop2.lua"
expect_exit 1 -- explain --demo credit --schema "$T/loop2.lua" --samples 5
expect_err "loop2.lua:13: instruction limit of 100000000 exceeded"
sed 's/return jobs\[level\]/return { 1, 0 }/' "$LS" >"$T/width.lua"
expect_exit 1 -- explain --demo credit --schema "$T/width.lua" --samples 5
expect_err "width.lua:9: the encoding function 'Job' gives level 'fixed' 2 values, but \"width\" is 4"
sed 's/return jobs\[level\]/return jobs[level][1] + nil/' "$LS" >"$T/runtime.lua"
expect_exit 1 -- explain --demo credit --schema "$T/runtime.lua" --samples 5
expect_err "runtime.lua:10: attempt to perform arithmetic on a nil value"
sed 's/"owner", "rent", "parents", "priv", "other", "ignore"/"owner", "rent"/' "$LS" >"$T/level.lua"
expect_exit 1 -- explain --demo credit --schema "$T/level.lua" --samples 5
expect_err "column 'Home' has the level 'parents', which $T/level.lua:19 does not declare"
printf 'return { columns = {\n  { name = "Home" }\n  { name = "Job" } } }\n' >"$T/syntax.lua"
expect_exit 1 -- explain --demo credit --schema "$T/syntax.lua" --samples 5
expect_err "syntax.lua:3: '}' expected (to close '{' at line 1) near '{'"
printf 'local t = setmetatable({}, {})\nreturn 42\n' >"$T/number.lua"
expect_exit 1 -- explain --demo credit --schema "$T/number.lua" --samples 5
expect_err "number.lua: a schema returns a table with \"columns\" (return { columns = { ... } }), not number"
printf 'return { columns = { { name = "Home", levels = { print } } } }\n' >"$T/value.lua"
expect_exit 1 -- explain --demo credit --schema "$T/value.lua" --samples 5
expect_err "value.lua:1: column \"Home\": a function is no schema value"
printf 'return { columns = io.open("x") }\n' >"$T/io.lua"
expect_exit 1 -- explain --demo credit --schema "$T/io.lua" --samples 5
expect_err "io.lua:1: attempt to index a nil value (global 'io')"

# The man page's Lua schema reads, and its function runs: the data then
# makes its 4 inputs, not the model's 25.
sed -n '/^local jobs = /,/^\.Ed/p' "$srcdir/man/gshap.1" | sed '$d' >"$T/man.lua"
[ "$(wc -l <"$T/man.lua")" -gt 8 ] && pass || fail "no Lua schema in gshap(1)"
expect_exit 1 -- explain $CM --schema "$T/man.lua" --samples 5
expect_err "the schema's inputs make 4 model inputs"

# --demo: one of two, and not with --model.
expect_exit 2 -- explain --demo iris
expect_err "--demo: unknown demo 'iris' (cancer, credit)"
expect_exit 2 -- explain --demo credit $CM
expect_err "--demo replaces --model and --data"

finish

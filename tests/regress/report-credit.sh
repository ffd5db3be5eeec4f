#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap report on the credit demo (the issue's "done when"): the tabular
# options (--demo, --schema, --classes) through the one options table; the
# decision names the class; a category is one reason with its level; an
# imputed cell, a value outside the reference data's range (--reference)
# and overlapping intervals are all flagged for one applicant; the
# embedded command reproduces the attributions; --format reasons and svg
# show the same features; bad --demo and --reference requests leave no file.
. "$srcdir/tests/regress/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
CHECK="python3 $srcdir/tests/regress/reportcheck.py"
export LC_ALL=C
DATA="$srcdir/data"

# Row 113: Income is missing (the schema fills in its median, 125), the
# top reasons' intervals overlap, and Price is 1210. The reference is the
# applicants whose Price is at most 1200, so 1210 lies outside it.
awk -F, 'NR == 1 || $14 <= 1200' "$DATA/credit_data.csv" > "$T/ref.csv"
expect_exit 0 -- report --demo credit --row 113 --reference "$T/ref.csv" -o "$T/applicant.html"
expect_empty_out
A="$T/applicant.html"
$CHECK self-contained "$A" && pass || fail "not self-contained"
if command -v tidy >/dev/null 2>&1; then
	tidy -q -e "$A" >"$T/tidy" 2>&1 && pass || { fail "tidy"; head -5 "$T/tidy"; }
fi
# The decision names the class.
grep -q '<h1>Why P(bad) = 0\.68' "$A" && pass || fail "the heading does not name the class"
grep -q '<td class="class">bad</td>' "$A" && pass || fail "no class in the decision"
# A category is one reason, with its level; the adverse way follows the
# schema's positive class (a higher P(bad) is unfavourable).
grep -q '<li>Marital = single raised P(bad) by 0\.157' "$A" && pass || fail "Marital as one reason"
grep -q '<li>Job = freelance raised P(bad)' "$A" && pass || fail "Job as one reason"
grep -q 'Job=freelance' "$A" && fail "a one-hot level as a reason or bar" || pass
grep -q 'toward the unfavourable side (a higher output)' "$A" && pass || fail "adverse way"
# All three flags for this applicant, worded.
$CHECK flags "$A" | sort -u > "$T/flags"
for f in imputed range tie; do
	grep -qx $f "$T/flags" && pass || fail "no $f flag"
done
grep -q '<li class="flag imputed">Income = 125 (imputed: median)' "$A" && pass || fail "imputed wording"
grep -q '<li class="flag range">Price = 1210 (outside the data: max 1200)' "$A" && pass || fail "range wording"
grep -q 'Ranks not claimed: Seniority, Marital and Job' "$A" && pass || fail "tie wording"
grep -q "value ranges from</th><td>[^<]*ref.csv" "$A" && pass || fail "reference in the provenance"
# The schema is in the provenance with its digest.
sha256sum "$DATA/credit.schema.json" | cut -d' ' -f1 > "$T/sh"
grep -q "id=\"schema-sha256\">$(cat "$T/sh")<" "$A" && pass || fail "schema SHA-256"
# The figures draw the features as the terminal does.
grep -q 'class="label">Marital = single<' "$A" && pass || fail "figure label"
# Without --reference the data's own ranges hold Price = 1210.
expect_exit 0 -- report --demo credit --row 113 -o "$T/own.html"
grep -q 'class="flag range"' "$T/own.html" && fail "range flag without a reference" || pass
# The REPL's report takes the reference too (-r, gshap report's
# --reference): the same flag and provenance; a missing file writes nothing.
expect_exit 0 -- --no-config --demo credit -c "set samples 64; explain 113; report -r $T/ref.csv $T/repl.html"
grep -q 'class="flag range"' "$T/repl.html" && pass || fail "REPL report -r: no range flag"
grep -q "value ranges from</th><td>[^<]*ref.csv" "$T/repl.html" && pass || fail "REPL report -r: reference not in the provenance"
# Its long name is the options table's, as on the command line.
expect_exit 0 -- --no-config --demo credit -c "set samples 64; explain 113; report --reference $T/ref.csv $T/repl-long.html"
cmp -s "$T/repl.html" "$T/repl-long.html" && pass || fail "REPL report --reference differs from -r"
expect_exit 1 -- --no-config --demo credit -c "set samples 8; report -r $T/nosuch.csv $T/repl2.html"
expect_err "nosuch.csv"
[ ! -e "$T/repl2.html" ] && pass || fail "REPL report -r: a file left behind"
# Lua's e:report and ex:report take it as the reference key, read where
# the sandbox lets a script read (a path named on the command line).
cat >"$T/ref.lua" <<'LUA'
local top, dir = ...
local m = assert(gshap.load_model(top .. "/data/credit_mlp.onnx"))
local ds = assert(gshap.load_data(top .. "/data/credit_data.csv",
    {schema = top .. "/data/credit.schema.json"}))
local e = gshap.explainer{model = m, data = ds, samples = 64}
assert(e:report(dir .. "/lua-e.html", 113, {reference = dir .. "/ref.csv"}))
assert(e:explain(113):report(dir .. "/lua-ex.html", {reference = dir .. "/ref.csv"}))
local ok, msg = e:report(dir .. "/lua-bad.html", 113, {reference = "/etc/passwd"})
print("refused:", ok, msg)
LUA
expect_exit 0 -- -s "$T/ref.lua" "$srcdir" "$T"
for f in lua-e lua-ex; do
	grep -q 'class="flag range"' "$T/$f.html" && pass || fail "Lua $f: no range flag"
	grep -q "value ranges from</th><td>[^<]*ref.csv" "$T/$f.html" && pass || fail "Lua $f: reference not in the provenance"
done
expect_out "/etc/passwd: not allowed to read it"
[ ! -e "$T/lua-bad.html" ] && pass || fail "Lua report: a refused reference left a file"

# A new applicant in a file of its own, checked against the training data
# (--reference) and explained against it (--baseline file:): the price far
# beyond the data is flagged with the data's greatest, in full digits.
awk -F, 'BEGIN { OFS = "," } NR == 1 { print } NR == 115 { $14 = 99999; print }' \
    "$DATA/credit_data.csv" > "$T/one.csv"
expect_exit 0 -- report --model "$DATA/credit_mlp.onnx" --data "$T/one.csv" --schema "$DATA/credit.schema.json" --reference "$DATA/credit_data.csv" --baseline "file:$DATA/credit_data.csv" --samples 64 --row 0 -o "$T/one.html"
grep -q '<li class="flag range">Price = 99999 (outside the data: max 11140): beyond every value of credit_data.csv</li>' "$T/one.html" && pass || fail "a new applicant's range flag"
grep -q '<li class="flag imputed">Income = 125 (imputed: median)' "$T/one.html" && pass || fail "a new applicant's imputed flag"
$CHECK command "$T/one.html" | grep -q -- "--baseline file:" && pass || fail "the applicant's command"

# The command reproduces the attributions, to the byte.
$CHECK command "$A" > "$T/cmd"
grep -q -- '--schema [^ ]*credit.schema.json --row 113 --format json$' "$T/cmd" && pass || fail "command: $(cat "$T/cmd")"
sed "s|^gshap |\"\$GSHAP\" |" "$T/cmd" > "$T/cmd.sh"
sh "$T/cmd.sh" > "$T/again.json" 2>"$T/err" && pass || fail "the command failed"
$CHECK table "$A" "$T/again.json" && pass || fail "attributions differ from the command's"

# --format reasons: the same reasons, a category's level as its value.
expect_exit 0 -- explain --demo credit --row 113 --format reasons
sed -n 2,3p "$T/out" > "$T/r"
grep -q '^113,0,gradshap,higher,1,Seniority,0,0\.161' "$T/r" && pass || fail "first reason: $(cat "$T/r")"
grep -q '^113,0,gradshap,higher,2,Marital,single,0\.156' "$T/r" && pass || fail "category reason: $(cat "$T/r")"
expect_exit 0 -- explain --demo credit --row 113 --format reasons --reasons 13 --adverse lower
expect_out 'lower,1,Records,no,-0.06'
expect_exit 0 -- explain --demo credit --row 113 --format reasons-json --reasons 13
expect_out '"feature":"Income","value":125,'
expect_out '"imputed":"median"}'
# --format svg: a category one bar, the class in the title.
expect_exit 0 -- explain --demo credit --row 113 --format svg
expect_out 'row 113: P(bad)  f(x) = 0.6857'
expect_out 'class="label">Job = freelance<'
expect_out 'class="label">(median) 125 = Income<'
# --classes names the classes of the report too.
expect_exit 0 -- report --demo credit --row 0 --classes no,yes --samples 32 -o "$T/cls.html"
grep -q '<h1>Why P(yes) = ' "$T/cls.html" && pass || fail "--classes"
$CHECK command "$T/cls.html" | grep -q -- '--classes no,yes' && pass || fail "--classes in the command"

# Bad requests: a message, no file.
expect_exit 2 -- report --demo nosuch -o "$T/x.html"
expect_err "unknown demo 'nosuch' (cancer, credit)"
expect_exit 2 -- report --demo credit --model "$DATA/credit_mlp.onnx" --data "$DATA/credit_data.csv" -o "$T/x.html"
expect_err "--demo replaces --model and --data"
cut -d, -f1-5 "$T/ref.csv" > "$T/narrow.csv"
expect_exit 1 -- report --demo credit --row 113 --reference "$T/narrow.csv" -o "$T/x.html"
expect_err "narrow.csv: no column 'Marital'"
expect_exit 1 -- report --demo credit --row 113 --reference "$T/nosuch.csv" -o "$T/x.html"
expect_err "nosuch.csv"
# An --impute given beats the schema's fill here as in explain: row 29
# has no Home.
expect_exit 1 -- report --demo credit --row 29 --impute error -o "$T/x.html"
expect_err "--impute error overrides the schema's mode"
[ ! -e "$T/x.html" ] && pass || fail "a failed report left a file"
ls "$T" | grep -q '^\.\?x\.html\.' && fail "a temporary file left behind" || pass
finish

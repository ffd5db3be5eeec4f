#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap report: the HTML is self-contained and (with tidy) valid; the
# command it embeds, run again, prints its attributions to the byte; the
# SHA-256 digests are the files'; flags for imputed cells and overlapping
# intervals; bad input leaves no file and keeps an old one
# (tests/regress/reportcheck.py reads the report back).
. "$srcdir/tests/regress/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
CHECK="python3 $srcdir/tests/regress/reportcheck.py"
export LC_ALL=C

# Run the report's command with this gshap; its JSON into $T/again.json.
rerun() {
	$CHECK command "$1" > "$T/cmd" || { fail "no command in $1"; return; }
	sed "s|^gshap |\"\$GSHAP\" |" "$T/cmd" > "$T/cmd.sh"
	sh "$T/cmd.sh" > "$T/again.json" 2>"$T/err" && pass || fail "the command failed: $(cat "$T/cmd")"
	$CHECK table "$1" "$T/again.json" && pass || fail "attributions differ from the command's: $(cat "$T/cmd")"
}
# The report is one file with nothing outside it, and valid HTML for tidy.
valid() {
	$CHECK self-contained "$1" && pass || fail "$1 is not self-contained"
	if command -v tidy >/dev/null 2>&1; then
		tidy -q -e "$1" >"$T/tidy" 2>&1 && pass || { fail "tidy: $1"; head -5 "$T/tidy"; }
	fi
}

# The demo, one row.
expect_exit 0 -- report --row 3 --samples 64 -o "$T/r.html"
expect_empty_out
valid "$T/r.html"
rerun "$T/r.html"
for k in '<h2>Decision</h2>' 'E[f(b)] over 569 rows' 'Completeness gap' \
    'within noise' '<h2>Principal reasons</h2>' 'lowered P(benign) by' \
    'class="figure bar"' 'class="figure waterfall"' 'class="figure force"' \
    '<h2>Provenance</h2>' 'samples 64' '>seed<' 'results do not depend on it'; do
	grep -qF -- "$k" "$T/r.html" && pass || fail "report lacks '$k'"
done
# Digests of the very files.
$CHECK hashes "$T/r.html" > "$T/h"
sha256sum "$srcdir/data/bc_mlp.onnx" "$srcdir/data/breast_cancer.csv" | cut -d' ' -f1 | cmp -s - "$T/h" && pass || fail "SHA-256 digests"
# The same report whatever the thread count: the command stands.
expect_exit 0 -- report --row 3 --samples 64 --threads 1 -o "$T/r1.html"
$CHECK table "$T/r1.html" "$T/again.json" && pass || fail "threads changed the numbers"

# Other settings and several rows: each command reproduces its report.
expect_exit 0 -- report --rows 5:8 --method ig --steps 17 --baseline zeros --rule trapezoid -o "$T/ig.html"
valid "$T/ig.html"
rerun "$T/ig.html"
grep -q -- '--rows 5:8 --method ig --steps 17 --rule trapezoid --baseline zeros' "$T/cmd" && pass || fail "ig command: $(cat "$T/cmd")"
expect_exit 0 -- report --row 2 --method smoothgrad --samples 20 --seed 7 --noise 10% --groups auto --palette print --reasons 2 -o "$T/sg.html"
valid "$T/sg.html"
rerun "$T/sg.html"

# Imputed cells and overlapping intervals are flagged.
awk -F, 'BEGIN { OFS = "," } NR == 4 { $2 = ""; $5 = "NA" } { print }' \
    "$srcdir/data/breast_cancer.csv" > "$T/gaps.csv"
G="--model $srcdir/data/bc_mlp.onnx --data $T/gaps.csv --target target"
expect_exit 0 -- report $G --row 2 --impute mean --samples 64 -o "$T/gaps.html"
valid "$T/gaps.html"
$CHECK flags "$T/gaps.html" | sort -u > "$T/flags"
grep -qx imputed "$T/flags" && pass || fail "no imputed flag"
grep -qx tie "$T/flags" && pass || fail "no rank flag"
[ "$(grep -c 'class="flag imputed"' "$T/gaps.html")" -eq 2 ] && pass || fail "two imputed cells"
grep -q 'imputed: mean' "$T/gaps.html" && pass || fail "imputed wording"
rerun "$T/gaps.html"

# An image model: the heat map is in the report.
M="$srcdir/tests/data/models"
expect_exit 0 -- report --model $M/cnn_digits.onnx --data $srcdir/tests/data/csv/digits.csv --target label --row 0 --samples 16 -o "$T/img.html"
valid "$T/img.html"
grep -q 'class="figure heat"' "$T/img.html" && pass || fail "no heat map"

# The REPL's report: the same document as gshap report's (but for the
# thread count it names); on a summary's rows; a compared row once.
expect_exit 0 -- --no-config -c "set samples 64; explain 3; report $T/repl.html"
expect_out "wrote a report on 1 row to $T/repl.html"
grep -v '<th>threads</th>' "$T/repl.html" > "$T/a"
grep -v '<th>threads</th>' "$T/r.html" > "$T/b"
cmp -s "$T/a" "$T/b" && pass || fail "REPL report differs from gshap report's"
expect_exit 0 -- --no-config -c "set samples 32; set seed 4; summary -n 3; report -p print -k 2 -a higher $T/three.html"
valid "$T/three.html"
grep -q -- '--rows 0:3 --samples 32 --seed 4 --format json' "$T/three.html" && pass || fail "summary rows' command"
[ "$(grep -c '<section class="row"' "$T/three.html")" -eq 3 ] && pass || fail "three rows"
rerun "$T/three.html"
expect_exit 0 -- --no-config -c "row 5; compare ig gradshap; report $T/cmp.html"
[ "$(grep -c '<section class="row"' "$T/cmp.html")" -eq 1 ] && pass || fail "a compared row once"
rerun "$T/cmp.html"
expect_exit 1 -- --no-config -c "explain 3; report $T/nodir/x.html"
expect_err "report: $T/nodir/x.html: No such file or directory"
expect_exit 1 -- --no-config -c "explain 3; report -k 0 $T/x.html"
expect_err "report: -k: '0' is not a number of reasons (1 to 1000)"

# Lua: e:report on data rows and ex:report on an explanation, each
# reproduced by its command; what no command can reproduce says so; a
# what-if explanation, a Lua model and a path outside the sandbox refused.
cat > "$T/rep.lua" <<'LUA'
local dir = arg[1]
local m, d = gshap.demo()
local e = gshap.explainer{model = m, data = d, samples = 32, seed = 3}
assert(e:report(dir .. "/lua-rows.html", {2, 3}, {reasons = 2, palette = "print"}))
assert(e:explain(4):report(dir .. "/lua-ex.html"))
local x = d:row(4)
x[1] = x[1] + 1
local ok, err = e:explain(x, 4):report(dir .. "/lua-whatif.html")
print(ok, err)
local lm = gshap.model(function(v) return v[1] end, {inputs = 30})
local el = gshap.explainer{model = lm, data = d, method = "ig", baseline = "zeros"}
print(el:report(dir .. "/lua-model.html", 0))
print(e:report("/tmp/gshap-report-outside.html", 0))
print(pcall(e.report, e, dir .. "/x.html", 0, {reasons = 0}))
local es = gshap.explainer{model = m, data = d, samples = 8,
    baseline = {"sample", k = 3, seed = 7}}
assert(es:report(dir .. "/lua-sample.html", 1))
LUA
"$GSHAP" -s "$T/rep.lua" "$T" >"$T/out" 2>"$T/err" && pass || { fail "Lua reports"; cat "$T/err"; }
valid "$T/lua-rows.html"
rerun "$T/lua-rows.html"
grep -q -- '--rows 2:4 --samples 32 --seed 3' "$T/cmd" && pass || fail "Lua command: $(cat "$T/cmd")"
valid "$T/lua-ex.html"
rerun "$T/lua-ex.html"
expect_out "nil	report: this explanation is of values the script gave, not of data row 4"
expect_out "nil	report: the model or the data was not read from a file"
expect_out "scripts may use the current directory and the paths named on the command line"
expect_out "false	"
expect_out "reasons must be 1 to 1000"
valid "$T/lua-sample.html"
grep -q 'No command reproduces this run: the baseline, noise or groups came from Lua.' "$T/lua-sample.html" && pass || fail "a Lua baseline's report claims a command"
[ ! -e "$T/lua-whatif.html" ] && [ ! -e "$T/lua-model.html" ] && [ ! -e /tmp/gshap-report-outside.html ] && pass || fail "a refused Lua report left a file"

# Bad input: a message, a non-zero status, no file; an old file survives.
expect_exit 1 -- report --row 3 -o "$T/nodir/r.html"
expect_err "$T/nodir/r.html"
[ ! -e "$T/nodir" ] && pass || fail "made a directory"
echo old > "$T/old.html"
expect_exit 2 -- report --row 100000 -o "$T/old.html"
expect_err "--row 100000: the data has 569 rows (0 to 568)"
[ "$(cat "$T/old.html")" = old ] && pass || fail "a failed report touched the old file"
expect_exit 2 -- report --row 3
expect_err "name the file to write with -o FILE.html"
expect_exit 2 -- report --rows 0:300 -o "$T/big.html"
expect_err "a report holds at most 200"
expect_exit 2 -- report --format json -o "$T/x.html"
expect_err "unknown option '--format'"
expect_exit 1 -- report --model "$M/linear_tiny.onnx" --data "$srcdir/data/breast_cancer.csv" --target target -o "$T/x.html"
[ ! -e "$T/x.html" ] && [ ! -e "$T/big.html" ] && pass || fail "a failed report left a file"
ls -A "$T" | grep -q '^\.' && fail "a temporary was left" || pass

finish

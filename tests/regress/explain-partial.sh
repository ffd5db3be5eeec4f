#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap explain --all when something fails (issue 21.3): a budget no row
# can be explained with is refused before any row, naming the option and
# the minimum; a row that fails stops the run after the rows before it,
# written whole and in order, the same for any --threads.
. "$srcdir/tests/regress/lib.sh"
BC="$srcdir/data/breast_cancer.csv"

# Kernel SHAP's budget against the players (30 features; 15 groups).
expect_exit 1 -- explain --all --method kernel --samples 80 --threads 4
expect_err "kernel SHAP with 30 players needs at least 138 samples (--samples 138), not 80"
expect_empty_out
expect_exit 1 -- explain --all --method kernel --samples 137
expect_err "needs at least 138 samples"
expect_empty_out
expect_exit 0 -- explain --rows 0:2 --method kernel --samples 138 --format csv
expect_out "kernel"

# Row 13's inputs overflow the model's float32 (f(x) is NaN): rows 0 to 12
# are written, then the error naming row 13, whatever the thread count
# (blocks of 8 and of 32 rows).
awk -F, 'BEGIN { OFS = "," } NR == 15 { for (i = 1; i < NF; i++)
	$i = i % 2 ? "1e39" : "-1e39" } { print }' "$BC" >"$T/bc.csv"
NAN="--model $srcdir/data/bc_mlp.onnx --data $T/bc.csv --target target"
for fmt in csv json text; do
	for t in 1 4; do
		expect_exit 1 -- explain $NAN --all --method ig --baseline zeros \
		    --format $fmt --threads $t
		expect_err "row 13: the model's output 0 is NaN"
		cp "$T/out" "$T/out.$fmt.$t"
	done
	if cmp -s "$T/out.$fmt.1" "$T/out.$fmt.4"; then pass; else
		fail "$fmt: the output before the failure differs with --threads"
		diff "$T/out.$fmt.1" "$T/out.$fmt.4" | head -5
	fi
done
# 30 lines a row and a header: rows 0 to 12, whole.
n=$(wc -l <"$T/out.csv.4")
if [ "$n" -eq 391 ]; then pass; else fail "csv: $n lines, not 391"; fi
if [ "$(tail -n 1 "$T/out.csv.4" | cut -d, -f1)" = 12 ]; then pass; else
	fail "csv: the last line is not row 12's"; tail -n 1 "$T/out.csv.4"
fi
if [ "$(wc -l <"$T/out.json.1")" -eq 13 ]; then pass; else
	fail "json: not 13 records"; fi

# A per-row baseline script that fails on row 13: the same.
cat >"$T/fail13.lua" <<'LUA'
return function(data, row)
	assert(row.index ~= 13, "no baseline for row 13")
	local x = {}
	for j = 1, data:ncols() do x[j] = 0 end
	return {rows = {x}}
end
LUA
expect_exit 1 -- explain --all --method ig --baseline "$T/fail13.lua" --format json
expect_err "no baseline for row 13"
if [ "$(wc -l <"$T/out")" -eq 13 ]; then pass; else
	fail "per-row baseline: $(wc -l <"$T/out") records, not 13"; fi
finish

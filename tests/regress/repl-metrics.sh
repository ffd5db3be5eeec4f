#!/bin/sh
# SPDX-License-Identifier: ISC
# The REPL's metrics setting on the linear model: explain prints the same
# quality metrics as gshap explain --metrics after the chart, cached results
# keep them, and a result cached without them is not shown with them on.
. "$srcdir/tests/regress/lib.sh"
cd "$srcdir" || exit 99
MODEL=tests/data/models/linear_tiny.onnx
DATA=tests/data/linear_tiny.csv
LIN="$MODEL $DATA --target y"

# metrics_of FILE: the metric lines (the one starting "metrics" and the
# indented ones after it).
metrics_of() {
	awk '/^metrics  / { on = 1; print; next }
	    on && /^         / { print; next } { on = 0 }' "$1"
}

# Off by default.
expect_exit 0 -- --no-config -c 'method ig; baseline zeros; explain 1' $LIN
[ -z "$(metrics_of "$T/out")" ] && pass || fail "metrics shown while off"
expect_exit 0 -- --no-config -c 'show metrics' $LIN
expect_out "metrics     off"

# On: the same lines as the batch command prints.
expect_exit 0 -- explain --model $MODEL --data $DATA --target y --row 1 \
    --method ig --baseline zeros --metrics
metrics_of "$T/out" >"$T/batch"
expect_exit 0 -- --no-config -c 'method ig; baseline zeros; set metrics on;
    explain 1' $LIN
metrics_of "$T/out" >"$T/repl"
[ "$(wc -l <"$T/repl")" -eq 2 ] && pass || fail "two metric lines expected"
grep -q "infidelity .*max-sensitivity" "$T/repl" && pass ||
    fail "no infidelity and max-sensitivity"
grep -q "deletion AUC .* insertion AUC" "$T/repl" && pass ||
    fail "no deletion and insertion AUC"
if cmp -s "$T/batch" "$T/repl"; then pass; else
	fail "metrics differ between gshap explain --metrics and the REPL:"
	diff "$T/batch" "$T/repl"
fi
# Exact IG on a linear model: infidelity is 0 to rounding.
awk '/^metrics/ { exit !($3 + 0 < 1e-12) }' "$T/repl" && pass ||
    fail "infidelity of exact ig is not 0: $(head -1 "$T/repl")"

# The metrics come after the chart, and a cached result keeps them.
expect_exit 0 -- --no-config -c 'method ig; baseline zeros; set metrics on;
    explain 1; explain 1' $LIN
[ "$(grep -c '^metrics  infidelity' "$T/out")" -eq 2 ] && pass ||
    fail "cached explanation lost its metrics"
expect_out "(cached)"
awk '/attribution \(impact/ { chart = NR } /^metrics/ { m = NR }
    END { exit !(chart > 0 && m > chart) }' "$T/out" && pass ||
    fail "metrics not after the chart"

# A result cached with metrics off is not shown once they are on, and the
# other way round.
expect_exit 0 -- --no-config -c 'method ig; baseline zeros; explain 1;
    set metrics on; explain 1; set metrics off; explain 1' $LIN
[ "$(grep -c '^metrics  infidelity' "$T/out")" -eq 1 ] && pass ||
    fail "metrics setting ignored by the cache"
[ "$(grep -c '^row 1 ' "$T/out")" -eq 3 ] && pass || fail "three explains"

# Saliency takes no baseline: features go to the column means. Its
# attributions of a linear model are constant, so max-sensitivity is 0.
expect_exit 0 -- --no-config -c 'method saliency; set metrics on; explain 2' \
    $LIN
expect_out "max-sensitivity 0 ("
# Gradient SHAP is stochastic: stability over more seeds.
expect_exit 0 -- --no-config -c 'set samples 32; set metrics on; explain 0' \
    $LIN
expect_out "over 5 more seeds: rank correlation"
# Summaries and comparisons leave the metrics to explain.
expect_exit 0 -- --no-config -c 'set metrics on; set samples 20; summary -n 5; compare ig gradshap' \
    $LIN
grep -qi infidelity "$T/out" && fail "summary or compare computed metrics" || pass
# Bad values are refused.
expect_exit 1 -- --no-config -c 'set metrics maybe' $LIN
expect_err "metrics: 'maybe' is not on or off"
finish

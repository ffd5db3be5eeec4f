#!/bin/sh
# SPDX-License-Identifier: ISC
# Regenerate tests/data/reference/demo-row3.csv: Gradient SHAP on row 3 of
# the bundled demo at 10^6 samples (seed 99, the default plan), the
# high-sample reference the explorer's property checks compare a 64-sample
# run with (tests/regress/tui-dump.sh). Run from the top of a built tree.
set -e
GSHAP=${GSHAP:-src/gshap}
OUT=tests/data/reference/demo-row3.csv
ARGS="--model data/bc_mlp.onnx --data data/breast_cancer.csv --target target
--row 3 --samples 1000000 --seed 99 --threads 2"
# shellcheck disable=SC2086
json=$("$GSHAP" explain $ARGS --format json)
{
	echo "# gshap explain $(echo $ARGS) --format csv"
	echo "$json" | grep -o '"fx":[^,]*,"base":[^,]*,"gap":[^,]*' |
	    sed 's/^/# /; s/"//g'
	# shellcheck disable=SC2086
	"$GSHAP" explain $ARGS --format csv
} >"$OUT"
echo "wrote $OUT"

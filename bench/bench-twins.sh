#!/bin/sh
# SPDX-License-Identifier: ISC
# Two-model comparison on the worked example (issue 18): the demo model
# against each twin in data/twins (scripts/make-twins.py: pruned, distilled,
# FP16- and INT8-weight, true FP16 and INT8 QDQ graphs), every row, the
# default settings (gradshap, 200 samples, seed 0, stratified+antithetic
# draws shared by both models). One line per pair: prediction agreement,
# top-5 agreement, rank correlation, the largest per-feature change of any
# row with its paired SE, and how often the paired SE was at most the
# unpaired one; then the seconds it took.
: "${GSHAP:=./src/gshap}"
: "${top:=.}"
for twin in pruned student fp16w int8w fp16 int8; do
	start=$(date +%s.%N)
	"$GSHAP" explain --compare-model "$top/data/twins/$twin.onnx" --all \
	    >"${TMPDIR:-/tmp}/bench-twins.$$" || exit 1
	end=$(date +%s.%N)
	awk -v twin="$twin" -v secs="$(echo "$end - $start" | bc)" '
	/^summary:/ { on = 1 }
	on && /predictions agree on/ { agree = $4 "/" $6 " " $8 }
	on && /top-5 agreement/ { top5 = $3 }
	on && /rank correlation of/ { rho = $5 }
	on && /largest change:/ { big = $3 " " $4 " " $5 " " $7 " row " $10 }
	on && /paired SE at most/ { pb = $8 "/" $10 }
	END { printf "twins %-8s agree %s top5 %s rho %s largest %s paired<=unpaired %s  %.1f s\n",
	    twin, agree, top5, rho, big, pb, secs }' "${TMPDIR:-/tmp}/bench-twins.$$"
done
rm -f "${TMPDIR:-/tmp}/bench-twins.$$"

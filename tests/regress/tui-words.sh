#!/bin/sh
# SPDX-License-Identifier: ISC
# No word cut in part on the explorer's frame (issue 16 item 15): for
# every view at 40x12, 80x24 and 120x36, each word of the title, summary,
# method, detail and hints lines is a whole word of the same line drawn
# 200 columns wide (a line cut short ends in "~" after whole words; a
# word's trailing comma aside).
. "$srcdir/tests/regress/lib.sh"
DEMO="--model $srcdir/data/bc_mlp.onnx --data $srcdir/data/breast_cancer.csv --target target --row 3 --samples 16 --seed 1"
export LC_ALL=C

# whole_words NARROW WIDE: every blank-separated word of NARROW (a final
# "~" aside) is a word of WIDE.
whole_words() {
	awk -v n="$1" -v w="$2" 'BEGIN {
	    k = split(w, ws, " ")
	    for (i = 1; i <= k; i++) { t = ws[i]; sub(/[,;]$/, "", t); have[t] = 1 }
	    m = split(n, ns, " ")
	    for (i = 1; i <= m; i++) {
		t = ns[i]
		if (i == m && t == "~") continue
		if (i == m) sub(/~$/, "", t)
		sub(/[,;]$/, "", t)
		if (!(t in have)) { print t; exit 1 } } }'
}

for v in bar waterfall force summary importance heat dependence exact metrics path trace convergence; do
	"$GSHAP" explain $DEMO --view $v --dump-screen 200x60 >"$T/wide" 2>&1 ||
	    { fail "$v 200x60"; continue; }
	for size in 40x12 80x24 120x36; do
		h=${size#*x}
		"$GSHAP" explain $DEMO --view $v --dump-screen $size \
		    >"$T/narrow" 2>&1 || { fail "$v $size"; continue; }
		for pair in "1 1" "3 3" "4 4" "$((h - 1)) 59" "$h 60"; do
			set -- $pair
			nl=$(sed -n "${1}p" "$T/narrow")
			wl=$(sed -n "${2}p" "$T/wide")
			# A view that does not fit says so in the status line.
			case $nl in *" view needs "*) pass; continue ;; esac
			if bad=$(whole_words "$nl" "$wl"); then pass; else
				fail "$v $size line $1 cuts '$bad': $nl"
			fi
		done
	done
done

finish

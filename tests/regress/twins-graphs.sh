#!/bin/sh
# SPDX-License-Identifier: ISC
# The worked example's true FP16 and INT8 QDQ twins (issue 18,
# scripts/make-twins.py): data/twins/fp16.onnx rounds to float16 with Cast
# and data/twins/int8.onnx quantizes with QuantizeLinear/DequantizeLinear,
# and gshap computes both as the script's numpy forward pass did (its
# probabilities of rows 0-39 are tests/data/twins-graphs.csv): within 1e-4
# of the smaller of p and 1 - p, where the twins themselves are up to
# 1.0 and 0.16 away from the FP32 demo on that scale.
. "$srcdir/tests/regress/lib.sh"
D="$srcdir/data/twins"
REF="$srcdir/tests/data/twins-graphs.csv"

# What the graphs are made of (the op names are strings in the protobuf).
for op in Cast; do
	grep -aq "$op" "$D/fp16.onnx" && pass || fail "fp16.onnx has no $op"
done
for op in QuantizeLinear DequantizeLinear; do
	grep -aq "$op" "$D/int8.onnx" && pass || fail "int8.onnx has no $op"
done

# cmp_col TWIN COL WHAT: f_B of each row against column COL of the
# reference, |A - B| over the larger of the two tails min(p, 1 - p).
cmp_col() {	# twin, column of the reference, what
	awk -F, -v col="$2" -v what="$3" '
	function tail(p) { return p < 1 - p ? p : 1 - p }
	NR == FNR { if (FNR > 1) ref[$1] = $col; next }
	$14 == "mean_radius" { n++
		d = $10 - ref[$1]; if (d < 0) d = -d
		t = tail($10) > tail(ref[$1]) ? tail($10) : tail(ref[$1])
		if (t < 1e-30) t = 1e-30
		if (d / t > 1e-4) { bad++; print what ": row " $1 " gshap " $10 " numpy " ref[$1] }
	}
	END { if (n != 40) { print what ": " n " rows"; exit 1 } exit bad > 0 }' \
	    "$REF" "$T/out"
}
expect_exit 0 -- explain --compare-model "$D/fp16.onnx" --rows 0:40 --samples 8 --format csv
cmp_col fp16 3 "fp16.onnx" && pass || fail "fp16.onnx computes other values"
awk -F, 'NR == FNR { if (FNR > 1) ref[$1] = $2; next }
    $14 == "mean_radius" { d = $9 - ref[$1]; if (d < 0) d = -d; if (d > 1e-6) bad++ }
    END { exit bad > 0 }' "$REF" "$T/out" && pass || fail "the demo's column"
# The twin is not the demo: some row moves by more than the tolerance.
awk -F, '$14 == "mean_radius" && $9 != $10 { n++ } END { exit n < 20 }' "$T/out" &&
    pass || fail "fp16.onnx predicts as the FP32 demo"
expect_exit 0 -- explain --compare-model "$D/int8.onnx" --rows 0:40 --samples 8 --format csv
cmp_col int8 4 "int8.onnx" && pass || fail "int8.onnx computes other values"
awk -F, '$14 == "mean_radius" && $9 != $10 { n++ } END { exit n < 20 }' "$T/out" &&
    pass || fail "int8.onnx predicts as the FP32 demo"
finish

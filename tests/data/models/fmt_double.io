# reference values for fmt_double.onnx (gshap test fixture)
# made by scripts/make-fixtures.py: torch 1.13.0a0, onnx 1.12.0, numpy 1.24.2, seed 142
# opset 13; built with onnx.helper; references from the interpreter in scripts/make-fixtures.py (float64, autograd), checked against numpy and finite differences
# outputs: 0 = variable
# a float32 evaluation of the graph (this script's interpreter) is off by at most 1.1e-07 (outputs) and 6.4e-08 (gradients), relative with a floor of 1
input 4 3
1.0923016 0.34216604 0.92268866 -0.31084013 -0.78646153 -1.7504095 2.5480976 0.24226406
0.51427746 0.4779939 1.2098631 0.5890845
output 0 4 2
0.0162312126 -0.936632657 0.69056281 0.331770378 0.296538788 -0.972365604 -0.097400663 -0.586864452
grad 0 0
0.146953517 -0.158931234 -0.287385611 0.0953782363 -0.0515966407 -0.152633558 0.0674474555 -0.162766278
-0.221099338 0.136869348 -0.120582851 -0.299196896
grad 0 1
-0.288039222 0.055501877 -0.214363437 -0.488961444 -0.00713900323 0.0131123724 0.0185331455 0.07537162
-0.326796186 -0.546927553 -0.00702158675 -0.251131591

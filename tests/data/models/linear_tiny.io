# reference values for linear_tiny.onnx (gshap test fixture)
# made by scripts/make-fixtures.py: torch 1.13.0a0, onnx 1.12.0, numpy 1.24.2, seed 105
# opset 13; exported by torch.onnx.export; references from the torch module in float64 (autograd) from the float32 weights
# outputs: 0 = y
# w = 1.5 -2 0.25
# b = 0.5
# inputs are multiples of 1/8, so outputs are exact
# a float32 evaluation of the graph (this script's interpreter) is off by at most 0 (outputs) and 0 (gradients), relative with a floor of 1
input 5 3
1 2 3 0 0 0 -1 0.5
4 2.5 -1.5 -8 0.125 0.25 0.5
output 0 5 1
-1.25 0.5 -1 5.25 0.3125
grad 0 0
1.5 -2 0.25 1.5 -2 0.25 1.5 -2
0.25 1.5 -2 0.25 1.5 -2 0.25

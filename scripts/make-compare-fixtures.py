#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Make the model pairs of the two-model comparison tests (issue 18) from
# tests/data/models/mlp_smooth.onnx, by editing its graph with python3-onnx:
#
#   cmp_logit.onnx         mlp_smooth without its final Sigmoid: the output
#                          is the last Gemm's score, 'logit'
#   cmp_logit_scaled.onnx  the same with the last Gemm's weight times A and
#                          its bias A*b + C (A = -0.5, C = 0.25): an exact
#                          linear rescaling f_B = A f_A + C, since scaling by
#                          a power of two is exact in float32
#   cmp_logit_pruned.onnx  cmp_logit with the smaller half (by magnitude) of
#                          the first Gemm's weights set to zero
#   cmp_logit_2out.onnx    cmp_logit with a second output 'prob' =
#                          Sigmoid(logit): an output count that differs
#
# Run with the system python3 from the top of the source tree:
#   python3 scripts/make-compare-fixtures.py

import copy
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper

A, C = -0.5, 0.25
SRC = "tests/data/models/mlp_smooth.onnx"
OUT = "tests/data/models"


def logit_model():
    m = onnx.load(SRC)
    g = m.graph
    sig = [n for n in g.node if n.op_type == "Sigmoid"][-1]
    last = sig.input[0]
    g.node.remove(sig)
    for n in g.node:
        for i, o in enumerate(n.output):
            if o == last:
                n.output[i] = "logit"
    out = copy.deepcopy(g.output[0])
    out.name = "logit"
    del g.output[:]
    g.output.append(out)
    return m


def init(m, name):
    for t in m.graph.initializer:
        if t.name == name:
            return t
    raise KeyError(name)


def replace(m, name, arr):
    t = init(m, name)
    t.CopyFrom(numpy_helper.from_array(arr.astype(np.float32), name))


def gemms(m):
    return [n for n in m.graph.node if n.op_type == "Gemm"]


def save(m, name):
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, name))


def main():
    base = logit_model()
    save(base, "cmp_logit.onnx")

    m = copy.deepcopy(base)
    last = gemms(m)[-1]
    w = numpy_helper.to_array(init(m, last.input[1]))
    b = numpy_helper.to_array(init(m, last.input[2]))
    replace(m, last.input[1], w * np.float32(A))
    replace(m, last.input[2], b * np.float32(A) + np.float32(C))
    save(m, "cmp_logit_scaled.onnx")

    m = copy.deepcopy(base)
    first = gemms(m)[0]
    w = numpy_helper.to_array(init(m, first.input[1])).copy()
    cut = np.median(np.abs(w))
    w[np.abs(w) < cut] = 0
    replace(m, first.input[1], w)
    save(m, "cmp_logit_pruned.onnx")

    m = copy.deepcopy(base)
    m.graph.node.append(helper.make_node("Sigmoid", ["logit"], ["prob"]))
    out = copy.deepcopy(m.graph.output[0])
    out.name = "prob"
    m.graph.output.append(out)
    save(m, "cmp_logit_2out.onnx")


if __name__ == "__main__":
    main()

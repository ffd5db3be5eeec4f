#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Make the worked example of two-model comparison (issue 18): twins of the
# bundled demo model data/bc_mlp.onnx (30-64-32-1 MLP on breast_cancer.csv,
# made by scripts/train-demo.py) that a team might deploy instead of it,
# written to data/twins/ with data/twins/README.md:
#
#   pruned.onnx     50% of each Linear layer's weights (smallest |w|) set to
#                   zero, then 100 epochs of masked fine-tuning, same recipe
#   student.onnx    a distilled 30-8-1 student trained on the teacher's
#                   logits (MSE) plus the labels (BCE)
#   fp16w.onnx      every weight and bias rounded to float16 and stored as
#                   float32: FP16 storage of the weights only, computed in
#                   float32 (not an FP16 graph: gshap on this branch has no
#                   Cast, so a true FP16 model does not load)
#   int8w.onnx      every weight matrix quantized per output channel,
#                   symmetric, to int8 (scale max|w|/127) and dequantized
#                   back to float32; biases and activations in float32
#                   (weight-only INT8, not a QDQ graph, for the same reason)
#   fp16.onnx       a true FP16 graph, rewritten from the demo's ONNX graph:
#                   float16 initializers, the input and every operator's
#                   output rounded to float16 (Cast to FLOAT16 and back), so
#                   each operator reads float16 values, accumulates in
#                   float32 and writes float16, as an FP16 GPU kernel does
#   int8.onnx       a true INT8 QDQ graph (onnxruntime's static QDQ layout),
#                   rewritten from the demo's graph: each Gemm reads its
#                   activations through QuantizeLinear/DequantizeLinear
#                   (uint8, asymmetric, min/max calibrated on the 569 rows)
#                   and its weights as int8 initializers per output channel
#                   through DequantizeLinear (axis 0); biases and the
#                   standardisation stay float32
#
# The student is also copied to scripts/lessons/bc_student.onnx for
# lesson 8 ("Same accuracy, different reasons?").
#
# All are exported like the demo (Sub/Div standardisation inside, Sigmoid
# output 'prob', opset 13), so they take the same raw columns. Needs
# Debian's python3-torch (1.13), python3-onnx (1.12) and python3-numpy;
# run with the system python3 from the top of the tree:
#
#   python3 scripts/make-twins.py
#
# Seeded, single-threaded, full-batch and on the CPU: a rerun with the same
# libraries writes the same bytes (on another CPU or BLAS, the trained
# twins, pruned and student, may differ in the last bit of a weight; fp16
# and int8 are rewritten from the demo and do not).

import os

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import TensorProto, helper, numpy_helper

SCRIPT = "scripts/make-twins.py"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOP, "data")
OUT = os.path.join(DATA, "twins")
SEED = 18
OPSET = 13
LR = 0.0005
WEIGHT_DECAY = 1e-3
FINETUNE = 100
STUDENT_EPOCHS = 600
REF_ROWS = 40


class Standardize(nn.Module):
    """(x - mean) / sd with constant buffers: Sub and Div in the graph."""

    def __init__(self, mean, sd):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("sd", torch.tensor(sd))

    def forward(self, x):
        return (x - self.mean) / self.sd


def load_csv():
    path = os.path.join(DATA, "breast_cancer.csv")
    with open(path) as f:
        header = f.readline().strip().split(",")
    a = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    t = header.index("target")
    x = np.delete(a, t, axis=1).astype(np.float32)
    return x, a[:, t]


def teacher():
    """The demo model as a torch module, from its ONNX initializers."""
    m = onnx.load(os.path.join(DATA, "bc_mlp.onnx"))
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    nodes = list(m.graph.node)
    mean = init[nodes[0].input[1]].astype(np.float32)
    sd = init[nodes[1].input[1]].astype(np.float32)
    gemms = [n for n in nodes if n.op_type == "Gemm"]
    layers = [Standardize(mean, sd)]
    for i, g in enumerate(gemms):
        w = init[g.input[1]]
        b = init[g.input[2]]
        trans = [a.i for a in g.attribute if a.name == "transB"]
        if not trans or trans[0] == 0:
            w = w.T
        lin = nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(w))
            lin.bias.copy_(torch.tensor(b))
        layers.append(lin)
        if i + 1 < len(gemms):
            layers.append(nn.ReLU())
    return nn.Sequential(*layers).eval()


def linears(net):
    return [m for m in net if isinstance(m, nn.Linear)]


def accuracy(net, x, y):
    with torch.no_grad():
        p = net(torch.tensor(x)).reshape(-1).numpy()
    return float(((p > 0) == (y == 1)).mean())


def sig(net, x):
    """The probabilities of net (a logit model) on x, as numpy."""
    with torch.no_grad():
        return torch.sigmoid(net(torch.tensor(x))).reshape(-1).numpy()


def agreement(a, b, x):
    with torch.no_grad():
        pa = a(torch.tensor(x)).reshape(-1).numpy() > 0
        pb = b(torch.tensor(x)).reshape(-1).numpy() > 0
    return float((pa == pb).mean())


def pruned(t, x, y):
    """50% magnitude pruning per layer, then masked fine-tuning."""
    net = teacher()
    masks = []
    for lin in linears(net):
        w = lin.weight.detach()
        cut = w.abs().reshape(-1).kthvalue(w.numel() // 2).values
        mask = (w.abs() > cut).float()
        with torch.no_grad():
            lin.weight.mul_(mask)
        masks.append(mask)
    xt = torch.tensor(x)
    yt = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    opt = torch.optim.Adam(net.parameters(), lr=LR,
        weight_decay=WEIGHT_DECAY)
    loss_fn = nn.BCEWithLogitsLoss()
    net.train()
    for _ in range(FINETUNE):
        opt.zero_grad()
        loss_fn(net(xt), yt).backward()
        opt.step()
        with torch.no_grad():
            for lin, mask in zip(linears(net), masks):
                lin.weight.mul_(mask)
    zeros = sum(int((l.weight == 0).sum()) for l in linears(net))
    total = sum(l.weight.numel() for l in linears(net))
    return net.eval(), zeros / total


def student(t, x, y):
    """A 30-8-1 student on the teacher's logits and the labels."""
    torch.manual_seed(SEED)
    std = t[0]
    net = nn.Sequential(Standardize(std.mean.numpy(), std.sd.numpy()),
        nn.Linear(30, 8), nn.ReLU(), nn.Linear(8, 1))
    xt = torch.tensor(x)
    yt = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    with torch.no_grad():
        soft = t(xt)
    opt = torch.optim.Adam(net.parameters(), lr=0.005)
    bce = nn.BCEWithLogitsLoss()
    for _ in range(STUDENT_EPOCHS):
        opt.zero_grad()
        out = net(xt)
        loss = ((out - soft) ** 2).mean() + 0.5 * bce(out, yt)
        loss.backward()
        opt.step()
    return net.eval()


def rounded(t, fn):
    """A copy of t with every Linear weight and bias passed through fn."""
    net = teacher()
    with torch.no_grad():
        for lin in linears(net):
            lin.weight.copy_(fn(lin.weight, True))
            lin.bias.copy_(fn(lin.bias, False))
    return net.eval()


def fp16(v, weight):
    return v.half().float()


def int8(v, weight):
    if not weight:
        return v
    scale = v.abs().max(dim=1, keepdim=True).values / 127
    scale[scale == 0] = 1
    return torch.clamp(torch.round(v / scale), -127, 127) * scale


def export(net, name):
    full = nn.Sequential(net, nn.Sigmoid()).eval()
    path = os.path.join(OUT, name)
    torch.onnx.export(full, torch.zeros(1, 30), path, input_names=["input"],
        output_names=["prob"], dynamic_axes={"input": {0: "batch"},
            "prob": {0: "batch"}}, opset_version=OPSET)
    onnx.checker.check_model(onnx.load(path))


def demo_graph():
    """The demo's graph: nodes, initializers by name, the ONNX model."""
    m = onnx.load(os.path.join(DATA, "bc_mlp.onnx"))
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    return m, list(m.graph.node), init


def save_graph(m, nodes, inits, name, doc):
    """Write a graph with the demo's input and output and these nodes."""
    g = helper.make_graph(nodes, m.graph.name, list(m.graph.input),
        list(m.graph.output), inits)
    out = helper.make_model(g, opset_imports=[helper.make_opsetid("",
        OPSET)], producer_name=SCRIPT, doc_string=doc)
    out.ir_version = m.ir_version
    onnx.checker.check_model(out)
    onnx.save(out, os.path.join(OUT, name))


def fp16_graph():
    """
    The demo as an FP16 graph: float16 initializers, the input and every
    operator's output rounded to float16. Returns the numpy forward pass
    that computes the same (float32 arithmetic, float16 rounding).
    """
    m, nodes, init = demo_graph()
    out, inits, n = [], [], [0]

    def cast(x, to):
        n[0] += 1
        y = "%s_%s%d" % (x, "h" if to == TensorProto.FLOAT16 else "f", n[0])
        out.append(helper.make_node("Cast", [x], [y], to=to))
        return y

    def rounded(x):
        return cast(cast(x, TensorProto.FLOAT16), TensorProto.FLOAT)

    names = {}
    for k, v in init.items():
        inits.append(numpy_helper.from_array(v.astype(np.float16), k + "_h"))
        names[k] = cast(k + "_h", TensorProto.FLOAT)
    names["input"] = rounded("input")
    last = nodes[-1].output[0]
    for nd in nodes:
        ins = [names[i] for i in nd.input]
        y = nd.output[0] + "_raw"
        out.append(helper.make_node(nd.op_type, ins, [y],
            name=nd.name, **{a.name: helper.get_attribute_value(a)
                for a in nd.attribute}))
        if nd.output[0] == last:
            out.append(helper.make_node("Cast", [cast(y,
                TensorProto.FLOAT16)], [last], to=TensorProto.FLOAT))
        else:
            names[nd.output[0]] = rounded(y)
    save_graph(m, out, inits, "fp16.onnx", "FP16 twin of bc_mlp")

    h = {k: v.astype(np.float16).astype(np.float32) for k, v in init.items()}

    def r(v):
        return v.astype(np.float16).astype(np.float32)

    def forward(x):
        v = r(x.astype(np.float32))
        v = r(v - h["0.mean"])
        v = r(v / h["0.sd"])
        for i, w in enumerate(("1", "3", "5")):
            v = r(v @ h[w + ".weight"].T + h[w + ".bias"])
            if i < 2:
                v = np.maximum(v, 0)
        return r(1 / (1 + np.exp(-v, dtype=np.float32)))
    return forward


def int8_graph(x):
    """
    The demo as an INT8 QDQ graph: each Gemm's activation through
    QuantizeLinear/DequantizeLinear (uint8, min/max over the rows x), its
    weight int8 per output channel through DequantizeLinear. Returns the
    numpy forward pass that computes the same.
    """
    m, nodes, init = demo_graph()
    f = teacher()
    # The activations each Gemm reads, over the dataset (calibration).
    acts, v = [], torch.tensor(x)
    with torch.no_grad():
        for layer in f:
            if isinstance(layer, nn.Linear):
                acts.append(v.numpy())
            v = layer(v)
    out, inits, qa, qw = [], [], [], []
    for k in ("0.mean", "0.sd"):
        inits.append(numpy_helper.from_array(init[k], k))
    gi = 0
    for nd in nodes:
        if nd.op_type != "Gemm":
            out.append(nd)
            continue
        a, w, b = nd.input
        lo = min(float(acts[gi].min()), 0.0)
        hi = max(float(acts[gi].max()), 0.0)
        sa = np.float32((hi - lo) / 255)
        za = np.uint8(np.clip(np.rint(-lo / sa), 0, 255))
        wv = init[w]
        sw = (np.abs(wv).max(axis=1) / 127).astype(np.float32)
        sw[sw == 0] = 1
        wq = np.clip(np.rint(wv / sw[:, None]), -127, 127).astype(np.int8)
        p = "q%d_" % gi
        inits += [numpy_helper.from_array(np.array(sa), p + "a_scale"),
            numpy_helper.from_array(np.array(za), p + "a_zero"),
            numpy_helper.from_array(wq, w + "_q"),
            numpy_helper.from_array(sw, p + "w_scale"),
            numpy_helper.from_array(np.zeros(len(sw), np.int8),
                p + "w_zero"),
            numpy_helper.from_array(init[b], b)]
        out += [helper.make_node("QuantizeLinear", [a, p + "a_scale",
                p + "a_zero"], [p + "aq"]),
            helper.make_node("DequantizeLinear", [p + "aq", p + "a_scale",
                p + "a_zero"], [p + "adq"]),
            helper.make_node("DequantizeLinear", [w + "_q", p + "w_scale",
                p + "w_zero"], [p + "wdq"], axis=0),
            helper.make_node("Gemm", [p + "adq", p + "wdq", b],
                list(nd.output), name=nd.name, **{at.name:
                helper.get_attribute_value(at) for at in nd.attribute})]
        qa.append((sa, za))
        qw.append((wq.astype(np.float32) * sw[:, None], init[b]))
        gi += 1
    save_graph(m, out, inits, "int8.onnx", "INT8 QDQ twin of bc_mlp")

    def forward(xx):
        v = (xx.astype(np.float32) - init["0.mean"]) / init["0.sd"]
        for i in range(3):
            sa, za = qa[i]
            q = np.clip(np.rint(v / sa) + float(za), 0, 255)
            v = ((q - float(za)) * sa).astype(np.float32)
            v = v @ qw[i][0].T + qw[i][1]
            if i < 2:
                v = np.maximum(v, 0)
        return 1 / (1 + np.exp(-v, dtype=np.float32))
    return forward


README = """\
# Twins of the demo model, for comparing explanations

Made by `{script}` (seed {seed}; torch {torch}, onnx {onnx}) from
`data/bc_mlp.onnx` (the demo, 30-64-32-1, trained by
`scripts/train-demo.py`) on `data/breast_cancer.csv`. Each takes the same
30 raw columns and gives `prob`, the probability of benign, like the demo,
so `gshap explain --compare-model data/twins/NAME.onnx` compares it with
the demo on the same draws (see doc/twins.md for what that found).

| twin | what it is | accuracy (all 569 rows) | agrees with the demo |
|---|---|---|---|
| (demo) | `bc_mlp.onnx` | {acc_t:.4f} | |
| `pruned.onnx` | {zeros:.0%} of the weights zero (50% per layer by magnitude), {ft} epochs of masked fine-tuning | {acc_p:.4f} | {agr_p:.4f} |
| `student.onnx` | 30-8-1 student distilled from the demo's logits (MSE) and the labels (BCE), {se} epochs | {acc_s:.4f} | {agr_s:.4f} |
| `fp16w.onnx` | weights and biases rounded to float16, stored and computed in float32 | {acc_h:.4f} | {agr_h:.4f} |
| `int8w.onnx` | weight matrices quantized to int8 per output channel (symmetric) and dequantized; biases and activations float32 | {acc_q:.4f} | {agr_q:.4f} |
| `fp16.onnx` | FP16 graph: float16 initializers; the input and every operator's output rounded to float16 (Cast), float32 accumulation | {acc_h16:.4f} | {agr_h16:.4f} |
| `int8.onnx` | INT8 QDQ graph: each Gemm reads uint8 activations (QuantizeLinear/DequantizeLinear, min/max calibrated on the 569 rows) and int8 per-channel weights (DequantizeLinear, axis 0); biases and standardisation float32 | {acc_q8:.4f} | {agr_q8:.4f} |

Accuracies are on the rows the demo was trained on (prob > 0.5 against
`target`); "agrees" is the share of rows on which the twin predicts the
same class as the demo. For `fp16` and `int8` they come from the
script's numpy forward pass of the graph it wrote; gshap's predictions
of both graphs are checked against that pass in
`tests/regress/twins-graphs.sh`.

`fp16w` and `int8w` round only the weights; `fp16` and `int8` are the
graphs an FP16 or INT8 QDQ deployment runs, rounding activations too.
`fp16` and `int8` are rewritten from the demo's ONNX graph by the script,
not exported from torch (torch 1.13 computes neither float16 matrix
products nor QDQ exports on the CPU).
"""


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(SEED)
    os.makedirs(OUT, exist_ok=True)
    x, y = load_csv()
    t = teacher()
    p, zeros = pruned(t, x, y)
    s = student(t, x, y)
    h = rounded(t, fp16)
    q = rounded(t, int8)
    for net, name in ((p, "pruned.onnx"), (s, "student.onnx"),
            (h, "fp16w.onnx"), (q, "int8w.onnx")):
        export(net, name)
    # Lesson 8 ships the student beside it.
    with open(os.path.join(OUT, "student.onnx"), "rb") as f:
        student_bytes = f.read()
    with open(os.path.join(TOP, "scripts", "lessons", "bc_student.onnx"),
            "wb") as f:
        f.write(student_bytes)
    ff = fp16_graph()
    fq = int8_graph(x)
    pt = sig(t, x)
    pf, pq = ff(x).reshape(-1), fq(x).reshape(-1)
    # The first rows' probabilities by the numpy passes, for the test
    # that gshap computes these graphs as the script meant them.
    with open(os.path.join(TOP, "tests", "data", "twins-graphs.csv"),
            "w") as f:
        f.write("row,fp32,fp16,int8\n")
        for i in range(REF_ROWS):
            f.write("%d,%.9g,%.9g,%.9g\n" % (i, pt[i], pf[i], pq[i]))
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README.format(script=SCRIPT, seed=SEED,
            torch=torch.__version__, onnx=onnx.__version__,
            acc_t=accuracy(t, x, y), zeros=zeros, ft=FINETUNE,
            acc_p=accuracy(p, x, y), agr_p=agreement(t, p, x),
            se=STUDENT_EPOCHS, acc_s=accuracy(s, x, y),
            agr_s=agreement(t, s, x), acc_h=accuracy(h, x, y),
            agr_h=agreement(t, h, x), acc_q=accuracy(q, x, y),
            agr_q=agreement(t, q, x), acc_h16=float(((pf > 0.5) ==
                (y == 1)).mean()), agr_h16=float(((pf > 0.5) ==
                (pt > 0.5)).mean()), acc_q8=float(((pq > 0.5) ==
                (y == 1)).mean()), agr_q8=float(((pq > 0.5) ==
                (pt > 0.5)).mean())))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Train gshap's bundled demo model: an MLP that gives the probability that a
# breast_cancer.csv tumour is benign, with the feature standardisation inside
# the graph, so that it takes raw CSV values. Writes data/bc_mlp.onnx,
# data/bc_mlp.io (reference outputs and gradients for the first 20 rows) and
# data/README.md (its credit sections are train-credit.py's). Needs Debian's
# python3-torch (1.13), python3-onnx (1.12) and python3-numpy; run it with
# the system python3 from the top of the tree:
#
#   python3 scripts/train-demo.py
#
# Training is seeded, single-threaded, full-batch and on the CPU, so a rerun
# with the same libraries writes the same bytes. The .io format is the one
# described in scripts/make-fixtures.py and tests/data/models/README.md.

import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn

from gsonnx import (Standardize, export_classifier, fit, held_out,
    provenance, relu_margin, write_reference)

SCRIPT = "scripts/train-demo.py"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOP, "data")
SEED = 20240
EPOCHS = 300
LR = 0.0005
WEIGHT_DECAY = 1e-3
OPSET = 13
IO_ROWS = 20


def make_net(mean, sd):
    """30-64-32-1 MLP returning logits; the exported model adds a Sigmoid."""
    return nn.Sequential(Standardize(mean, sd), nn.Linear(30, 64), nn.ReLU(),
        nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))


def train(x, y, seed):
    """Train on float32 arrays x [N,30], y [N] (0/1); return the net."""
    torch.manual_seed(seed)
    mean = x.mean(axis=0).astype(np.float32)
    sd = x.std(axis=0).astype(np.float32)
    net = make_net(mean, sd)
    return fit(net, torch.tensor(x),
        torch.tensor(y, dtype=torch.float32).reshape(-1, 1),
        nn.BCEWithLogitsLoss(), LR, WEIGHT_DECAY, EPOCHS)


def accuracy(net, x, y):
    with torch.no_grad():
        p = net(torch.tensor(x)).reshape(-1).numpy()
    return float(((p > 0) == (y == 1)).mean())


def write_io(path, model, x, acc, margin):
    """Reference outputs and gradients of model (float64 copy) at x."""
    y, grads = write_reference(path, model, x,
        ["reference values for bc_mlp.onnx (gshap demo model)"] +
        provenance(SCRIPT, SEED, OPSET) +
        ["outputs: 0 = prob (probability of benign)",
        "input: the first %d rows of breast_cancer.csv, 30 features in "
        "file order" % len(x),
        "training accuracy %.4f; smallest |ReLU input| on these rows %.3g" %
        (acc, margin)])
    return y, grads[0]


def float32_error(model, x, y64, g64):
    """Largest relative errors (floor 1) of a float32 evaluation."""
    m32 = model.float()
    xt = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    y = m32(xt)
    g, = torch.autograd.grad(y[:, 0].sum(), xt)
    eo = np.max(np.abs(y.detach().numpy() - y64) /
        np.maximum(1, np.abs(y64)))
    eg = np.max(np.abs(g.numpy() - g64) / np.maximum(1, np.abs(g64)))
    return float(eo), float(eg)


README = """\
# Bundled demo data

## breast_cancer.csv

UCI Breast Cancer Wisconsin (Diagnostic) (Wolberg, Street, Mangasarian), as
shipped in scikit-learn 1.2.1 (Debian `python3-sklearn`, BSD-3-Clause); UCI
data CC BY 4.0. 569 rows, 30 real features (scikit-learn's feature names in
snake_case, e.g. `mean_radius`, `worst_concave_points`), then `target`:
0 = malignant, 1 = benign.

## bc_mlp.onnx

A small neural network that gives the probability that a tumour is benign,
made by `{script}` (seed {seed}; torch {torch}, onnx {onnx}):

- input `input` [N,30] (dynamic batch): the 30 feature columns of
  breast_cancer.csv in file order, raw values;
- the first ops standardise inside the graph (Sub the training mean, Div by
  the training standard deviation, both float32 constants), so gshap feeds
  it raw CSV values;
- then Gemm 30->64, Relu, Gemm 64->32, Relu, Gemm 32->1, Sigmoid;
- output `prob` [N,1], the probability of `target` = 1 (benign); the
  model's metadata_props say `classes` = `malignant,benign`, so that gshap
  names the output P(benign).

Trained on all 569 rows: full-batch Adam (learning rate {lr}, weight decay
{wd}), {epochs} epochs of binary cross-entropy, float32 on the CPU, one
thread. Training accuracy (prob > 0.5): **{acc:.4f}** (final loss {loss:.4f}).
The same recipe trained on a seeded 80% of the rows scores {hold:.4f} on the
other 20% (so expect real-world accuracy nearer that). Exported with
`torch.onnx.export`, opset {opset}. It is a demo, not a diagnostic tool.

## bc_mlp.io

Reference values for the first {rows} rows of breast_cancer.csv, in the .io
format of tests/data/models/README.md: the input rows, output 0 (`prob`)
and the gradient of `prob` with respect to the 30 raw inputs, computed by
torch autograd in float64 from the float32 weights. A float32 evaluation is
off by at most {eo:.2g} (outputs) and {eg:.2g} (gradients).

Remake all three with:

    python3 {script}

(Debian's python3-torch and python3-onnx are needed.)
"""


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    path = os.path.join(DATA, "breast_cancer.csv")
    with open(path) as f:
        header = f.readline().strip().split(",")
    if len(header) != 31 or header[-1] != "target":
        sys.exit("%s: unexpected header" % path)
    d = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    x = d[:, :30].astype(np.float32)
    y = d[:, 30].astype(np.int64)

    # Held-out estimate of the recipe, then the shipped model on all rows.
    hold = held_out(train, accuracy, x, y, SEED)

    net, loss = train(x, y, SEED)
    acc = accuracy(net, x, y)
    model = nn.Sequential(*net, nn.Sigmoid()).eval()

    onnx_path = os.path.join(DATA, "bc_mlp.onnx")
    # The probability is of the second class (target 1, benign).
    export_classifier(model, x[:2], onnx_path, OPSET,
        ("malignant", "benign"))

    rows = x[:IO_ROWS].astype(np.float64)
    # float32 rounding moves a pre-activation by about 1e-6 here; keep
    # every ReLU input well clear of 0 so float32 agrees on its side.
    margin = relu_margin(model.double(), rows)
    if margin < 1e-4:
        sys.exit("a ReLU input is %g from 0 on the reference rows" %
            margin)
    y64, g64 = write_io(os.path.join(DATA, "bc_mlp.io"), model, rows,
        acc, margin)
    eo, eg = float32_error(model, rows, y64, g64)
    if eo > 1e-5 or eg > 1e-4:
        sys.exit("float32 evaluation off by %g, %g" % (eo, eg))

    # The credit demo's sections (scripts/train-credit.py) stay as they are.
    readme = os.path.join(DATA, "README.md")
    tail = ""
    if os.path.exists(readme):
        with open(readme) as f:
            old = f.read()
        if old.find("## credit_data.csv") >= 0:
            tail = "\n" + old[old.find("## credit_data.csv"):]
    with open(readme, "w") as f:
        f.write(README.format(script=SCRIPT, seed=SEED,
            torch=torch.__version__, onnx=onnx.__version__, lr=LR,
            wd=WEIGHT_DECAY, epochs=EPOCHS, acc=acc, loss=loss,
            hold=hold, opset=OPSET, rows=IO_ROWS, eo=eo, eg=eg) + tail)
    print("training accuracy %.4f (loss %.4f), held-out accuracy of the "
        "recipe %.4f" % (acc, loss, hold))
    print("smallest ReLU margin on the .io rows %.3g; float32 error %.2g "
        "(outputs) %.2g (gradients)" % (margin, eo, eg))
    print("wrote %s (%d bytes)" % (onnx_path, os.path.getsize(onnx_path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

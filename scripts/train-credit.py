#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Train gshap's second demo model: an MLP that gives the probabilities that
# an applicant of data/credit_data.csv turns out a bad or a good credit
# risk, with the columns encoded as data/credit.schema.json says (its
# categorical columns one-hot, its missing cells filled by each column's
# policy from the training data). The encoding is this script's own
# (numpy), written independently of gshap's encoder, and recorded for
# every row so that the tests can check that gshap reproduces it exactly:
#
#   data/credit_mlp.onnx                 the model (standardises inside)
#   data/credit_mlp.io                   reference outputs and gradients
#   tests/data/encoded/credit_data.csv   the model input of every row
#   tests/data/encoded/german_credit.csv the same for german_credit.csv,
#                                        already one-hot ("Group.Level")
#   tests/data/encoded/*.features        each feature's name and width
#
# and the credit sections of data/README.md. Needs Debian's python3-torch
# (1.13), python3-onnx (1.12) and python3-numpy; run it with the system
# python3 from the top of the tree:
#
#   python3 scripts/train-credit.py
#
# Training is seeded, single-threaded, full-batch and on the CPU, so a rerun
# with the same libraries writes the same bytes.

import csv
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn

from gsonnx import (Standardize, export_classifier, fit, held_out,
    provenance, relu_margin, write_reference)

SCRIPT = "scripts/train-credit.py"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOP, "data")
ENCODED = os.path.join(TOP, "tests", "data", "encoded")
SEED = 20241
EPOCHS = 250
LR = 0.002
WEIGHT_DECAY = 1e-3
HIDDEN = (32, 16)
OPSET = 13
IO_ROWS = 20
MISSING = ("", "na", "n/a", "nan")


def read_csv(path):
    """Header and rows of a CSV file, as strings, blanks trimmed."""
    with open(path, newline="") as f:
        rows = [[c.strip(" \t") for c in r] for r in csv.reader(f)]
    return rows[0], rows[1:]


def is_missing(cell):
    return cell.lower() in MISSING


def number_text(v):
    """The shortest text that reads back as the float v ("9", "2.5")."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


class Encoder:
    """The schema's encoding of one dataset, fitted on its rows."""

    def __init__(self, schema, header, rows):
        self.features = []      # (name, kind, column index, levels, drop)
        self.fill = {}
        self.names = []         # model input names, as gshap names them
        col = {n: i for i, n in enumerate(header)}
        for e in schema["columns"]:
            name = e["name"]
            if e.get("role", "input") == "target":
                self.target = col[name]
                continue
            if e.get("role", "input") != "input":
                continue
            c = col[name]
            cells = [r[c] for r in rows]
            present = [x for x in cells if not is_missing(x)]
            if e.get("type") == "numeric":
                values = np.array([float(x) for x in present])
                policy = e.get("missing")
                if policy == "median":
                    fill = float(np.median(values))
                elif policy == "mean":
                    fill = float(np.mean(values))
                elif policy is None:
                    fill = None
                else:
                    sys.exit("%s: policy %s is not done here" %
                        (name, policy))
                self.check_fill(e, fill)
                self.fill[name] = fill
                self.features.append((name, "number", c, None, False))
                self.names.append(name)
                continue
            levels = e["levels"]
            unknown = set(present) - set(levels)
            if unknown:
                sys.exit("%s: levels %s not in the schema" %
                    (name, sorted(unknown)))
            fill = None
            if e.get("missing") == "mode":
                counts = [present.count(v) for v in levels]
                # The most frequent, the first in the schema's order on ties.
                fill = levels[counts.index(max(counts))]
            elif e.get("missing") is not None:
                sys.exit("%s: policy %s is not done here" %
                    (name, e["missing"]))
            self.check_fill(e, fill)
            self.fill[name] = fill
            drop = e.get("drop") == "first" or (e.get("drop") ==
                "if_binary" and len(levels) == 2)
            self.features.append((name, "onehot", c, levels, drop))
            for v in levels[1 if drop else 0:]:
                self.names.append("%s=%s" % (name, v))

    @staticmethod
    def check_fill(e, fill):
        """A fill the schema gives must be what this script computes."""
        if "fill" in e and e["fill"] != fill:
            sys.exit("%s: the schema's fill %r is not the training "
                "data's %r" % (e["name"], e["fill"], fill))

    def encode(self, row):
        out = []
        for name, kind, c, levels, drop in self.features:
            cell = row[c]
            if kind == "number":
                if is_missing(cell):
                    if self.fill[name] is None:
                        raise ValueError("missing %s" % name)
                    out.append(self.fill[name])
                else:
                    out.append(float(cell))
                continue
            if is_missing(cell):
                if self.fill[name] is None:
                    raise ValueError("missing %s" % name)
                cell = self.fill[name]
            hot = [1.0 if cell == v else 0.0 for v in levels]
            out.extend(hot[1 if drop else 0:])
        return out


def german_features(header, rows, target):
    """
    german_credit.csv is one-hot already: runs of adjacent 0/1 columns
    named Group.Level, with exactly one 1 a row, are one feature each;
    every other column is a feature of its own. Returns (name, width)
    pairs and the columns in model input order.
    """
    cols = [i for i in range(len(header)) if header[i] != target]
    feats, i = [], 0
    while i < len(cols):
        name = header[cols[i]]
        cut = min((name.find(s) for s in "._=" if name.find(s) > 0),
            default=-1)
        j = i + 1
        if cut > 0 and cut + 1 < len(name):
            prefix = name[:cut]
            while j < len(cols):
                other = header[cols[j]]
                ocut = min((other.find(s) for s in "._=" if
                    other.find(s) > 0), default=-1)
                if ocut != cut or other[:cut] != prefix:
                    break
                j += 1
        block = cols[i:j]
        if len(block) > 1 and all(
                sum(float(r[k]) for k in block) == 1 and
                all(r[k] in ("0", "1") for k in block) for r in rows):
            feats.append((prefix, len(block)))
        else:
            j = i + 1
            feats.append((name, 1))
        i = j
    return feats, cols


def write_encoded(path, names, x):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for row in x:
            w.writerow([number_text(v) for v in row])


def write_features(path, feats):
    with open(path, "w") as f:
        for name, width in feats:
            f.write("%s %d\n" % (name, width))


def train(x, y, seed):
    """Train on float32 x [N,d], y [N] (class indices); return the net."""
    torch.manual_seed(seed)
    mean = x.mean(axis=0).astype(np.float32)
    sd = x.std(axis=0).astype(np.float32)
    sd[sd == 0] = 1
    d = x.shape[1]
    net = nn.Sequential(Standardize(mean, sd), nn.Linear(d, HIDDEN[0]),
        nn.ReLU(), nn.Linear(HIDDEN[0], HIDDEN[1]), nn.ReLU(),
        nn.Linear(HIDDEN[1], 2))
    return fit(net, torch.tensor(x), torch.tensor(y, dtype=torch.int64),
        nn.CrossEntropyLoss(), LR, WEIGHT_DECAY, EPOCHS)


def accuracy(net, x, y):
    with torch.no_grad():
        p = net(torch.tensor(x)).argmax(dim=1).numpy()
    return float((p == y).mean())


def write_io(path, model, x, acc, margin, classes):
    """Reference outputs and gradients of model (float64 copy) at x."""
    write_reference(path, model, x,
        ["reference values for credit_mlp.onnx (gshap's credit demo)"] +
        provenance(SCRIPT, SEED, OPSET) +
        ["outputs: 0 = prob: P(%s), P(%s)" % tuple(classes),
        "input: the first %d rows of credit_data.csv encoded as "
        "credit.schema.json says" % len(x),
        "training accuracy %.4f; smallest |ReLU input| on these rows %.3g" %
        (acc, margin)])


README = """\
## credit_data.csv

`credit_data` from the R package modeldata 1.1.0 (Debian `r-cran-modeldata`,
MIT license; the package documents the data as from the website of Lluís A.
Belanche Muñoz via Gaston Sanchez's CreditScoring repository, with one row of
missing outcome removed), copied unchanged from the project's shared data set
(the same file as tests/data/csv/credit_data.csv). 4454 applicants, 14
columns: `Status` (good/bad) is the outcome and comes first; `Home`,
`Marital`, `Records` and `Job` are strings; the rest are integers. 455 cells
are missing (empty): Home 6, Marital 1, Job 2, Income 381, Assets 47,
Debt 18.

## credit.schema.json

How credit_mlp.onnx takes credit_data.csv (the format is in gshap(1),
SCHEMA FILES): `Status` is the target, with classes `bad` and `good` (the
model's two outputs, in that order; `bad` is the positive class a summary
explains); `Home`, `Marital` and `Job` are one-hot encoded in the order of
the levels listed, and `Records` as one input (`Records=yes`, the binary
level `no` dropped); a missing `Home`, `Marital` or `Job` becomes the
column's most frequent level, and a missing `Income`, `Assets` or `Debt`
the column's median, each given as `fill`, the training data's value.
{width} model inputs in all.

## credit_mlp.onnx

A small neural network that gives the probabilities that an applicant is a
bad or a good credit risk, made by `{script}` (seed {seed}; torch {torch},
onnx {onnx}), which reads credit.schema.json and encodes the data itself
(numpy, not gshap's encoder):

- input `input` [N,{width}] (dynamic batch): the encoded row, raw values;
- the first ops standardise inside the graph (Sub the training mean, Div by
  the training standard deviation, both float32 constants);
- then Gemm {width}->{h0}, Relu, Gemm {h0}->{h1}, Relu, Gemm {h1}->2,
  Softmax;
- output `prob` [N,2]: P(bad), P(good); the model's metadata_props say
  `classes` = `bad,good`.

Trained on all 4454 rows: full-batch Adam (learning rate {lr}, weight
decay {wd}), {epochs} epochs of cross-entropy, float32 on the CPU, one
thread. Training accuracy: **{acc:.4f}** (final loss {loss:.4f}; {bad:.1%}
of the applicants are bad risks). The same recipe trained on a seeded 80%
of the rows scores {hold:.4f} on the other 20%. Exported with
`torch.onnx.export`, opset {opset}. It is a demo, not a credit decision.

## credit_mlp.io

Reference values for the first {rows} rows of credit_data.csv encoded as
the schema says, in the .io format of tests/data/models/README.md: the
input rows, output 0 (`prob`) and the gradient of each class's probability
with respect to the {width} inputs, computed by torch autograd in float64
from the float32 weights.

The same script records its encoding of every row of credit_data.csv and
of tests/data/csv/german_credit.csv (already one-hot: caret's `Group.Level`
indicator columns) in tests/data/encoded/, where the unit tests compare
gshap's encoder with it. Remake all of them with:

    python3 {script}

(Debian's python3-torch and python3-onnx are needed.)
"""


def update_readme(text):
    """Put the credit sections into data/README.md, after the demo's."""
    path = os.path.join(DATA, "README.md")
    with open(path) as f:
        old = f.read()
    cut = old.find("## credit_data.csv")
    head = old if cut < 0 else old[:cut]
    with open(path, "w") as f:
        f.write(head.rstrip("\n") + "\n\n" + text)


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    with open(os.path.join(DATA, "credit.schema.json")) as f:
        schema = json.load(f)
    classes = schema["classes"]
    header, rows = read_csv(os.path.join(DATA, "credit_data.csv"))
    enc = Encoder(schema, header, rows)
    x64 = np.array([enc.encode(r) for r in rows], dtype=np.float64)
    y = np.array([classes.index(r[enc.target]) for r in rows])
    os.makedirs(ENCODED, exist_ok=True)
    write_encoded(os.path.join(ENCODED, "credit_data.csv"), enc.names, x64)
    write_features(os.path.join(ENCODED, "credit_data.features"),
        [(name, 1 if kind == "number" else len(levels) - int(drop))
            for name, kind, c, levels, drop in enc.features])

    gheader, grows = read_csv(os.path.join(TOP, "tests", "data", "csv",
        "german_credit.csv"))
    gfeats, gcols = german_features(gheader, grows, "Class")
    gx = np.array([[float(r[c]) for c in gcols] for r in grows])
    write_encoded(os.path.join(ENCODED, "german_credit.csv"),
        [gheader[c] for c in gcols], gx)
    write_features(os.path.join(ENCODED, "german_credit.features"), gfeats)

    x = x64.astype(np.float32)
    hold = held_out(train, accuracy, x, y, SEED)

    net, loss = train(x, y, SEED)
    acc = accuracy(net, x, y)
    model = nn.Sequential(*net, nn.Softmax(dim=1)).eval()

    onnx_path = os.path.join(DATA, "credit_mlp.onnx")
    export_classifier(model, x[:2], onnx_path, OPSET, classes)

    io_rows = x[:IO_ROWS].astype(np.float64)
    margin = relu_margin(model.double(), io_rows)
    if margin < 1e-4:
        sys.exit("a ReLU input is %g from 0 on the reference rows" % margin)
    write_io(os.path.join(DATA, "credit_mlp.io"), model, io_rows, acc,
        margin, classes)

    update_readme(README.format(script=SCRIPT, seed=SEED,
        torch=torch.__version__, onnx=onnx.__version__, lr=LR,
        wd=WEIGHT_DECAY, epochs=EPOCHS, acc=acc, loss=loss, hold=hold,
        opset=OPSET, rows=IO_ROWS, width=x.shape[1], h0=HIDDEN[0],
        h1=HIDDEN[1], bad=float((y == 0).mean())))
    print("training accuracy %.4f (loss %.4f), held-out accuracy of the "
        "recipe %.4f" % (acc, loss, hold))
    print("%d inputs; fills %s" % (x.shape[1], {k: v for k, v in
        enc.fill.items() if v is not None}))
    print("wrote %s (%d bytes)" % (onnx_path, os.path.getsize(onnx_path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

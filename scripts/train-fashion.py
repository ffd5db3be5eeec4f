#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Train and export the two Fashion-MNIST models of the benchmark (make
# bench): an MLP 784-512-256-10 and a CNN (Conv 16 3x3, ReLU, MaxPool 2,
# Conv 32 3x3, ReLU, MaxPool 2, Gemm 1568-10), each with the pixel scaling
# (x / 255 - 0.2860) / 0.3530 inside the graph and a Softmax at the end, on
# the first 1600 images of fashion_mnist_2k.csv (the other 400 measure the
# accuracy). Writes bench/data/fashion_{mlp,cnn}.onnx, their .io reference
# files (torch in float64 from the float32 weights, two rows; test-model
# checks gshap against them) and bench/data/fashion_mnist_2k.csv.gz (the
# data file as it is, gzip -9n).
#
# Needs Debian's python3-torch (1.13), python3-onnx and python3-numpy; run
# it with the system python3, on one thread, from the top of the tree:
#   /usr/bin/python3 scripts/train-fashion.py --data FILE [--out DIR]
# Deterministic for a given torch build (seeds 201 and 202).

import argparse
import gzip
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN, STD = 0.2860, 0.3530      # Fashion-MNIST's pixel mean and sd (0..1)
NTRAIN = 1600


class FashionMlp(nn.Module):
    """784-512-256-10 with ReLUs; input [N,784] pixels 0..255."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 256)
        self.fc3 = nn.Linear(256, 10)

    def logits(self, x):
        x = (x / 255 - MEAN) / STD
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))

    def forward(self, x):
        return F.softmax(self.logits(x), dim=1)


class FashionCnn(nn.Module):
    """conv16, pool, conv32, pool, fc; input [N,1,28,28] pixels 0..255."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 3, padding=1)
        self.c2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 7 * 7, 10)

    def logits(self, x):
        x = (x / 255 - MEAN) / STD
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.fc(torch.flatten(x, 1))

    def forward(self, x):
        return F.softmax(self.logits(x), dim=1)


def load(path):
    with open(path) as f:
        head = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",", dtype=np.float64)
    assert head[0] == "label" and len(head) == 785, head[:3]
    return rows[:, 1:], rows[:, 0].astype(np.int64)


def train(net, x, y, seed, epochs, lr):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    xt = torch.tensor(x[:NTRAIN], dtype=torch.float32)
    yt = torch.tensor(y[:NTRAIN])
    for _ in range(epochs):
        perm = torch.randperm(NTRAIN)
        for i in range(0, NTRAIN, 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            F.cross_entropy(net.logits(xt[idx]), yt[idx]).backward()
            opt.step()
    with torch.no_grad():
        xa = torch.tensor(x, dtype=torch.float32)
        pred = net(xa).argmax(1).numpy()
    return (float((pred[:NTRAIN] == y[:NTRAIN]).mean()),
            float((pred[NTRAIN:] == y[NTRAIN:]).mean()))


def write_io(path, name, net, x, shape, seed, acc):
    """Outputs and input gradients of rows 0 and 1 for two classes, from
    the module in float64 (the float32 weights widened)."""
    ref = net.double().eval()
    xt = torch.tensor(x[:2].reshape((2,) + shape), dtype=torch.float64)
    with torch.no_grad():
        out = ref(xt).numpy()
    classes = sorted({int(out[0].argmax()), int(out[1].argmax())} | {0})
    with open(path, "w") as f:
        f.write("# reference values for %s.onnx (gshap benchmark model)\n"
                % name)
        f.write("# made by scripts/train-fashion.py: torch %s, onnx %s, "
                "numpy %s, seed %d\n" % (torch.__version__,
                                         onnx.__version__,
                                         np.__version__, seed))
        f.write("# references from the torch module in float64 (autograd) "
                "from the float32 weights\n")
        f.write("# fashion_mnist_2k.csv rows 0-1; accuracy %.4f on rows "
                "0-%d (training), %.4f on rows %d-1999\n"
                % (acc[0], NTRAIN - 1, acc[1], NTRAIN))
        f.write("input 2 %s\n" % " ".join(str(d) for d in shape))
        for r in range(2):
            vals = x[r].ravel()
            for i in range(0, len(vals), 28):
                f.write(" ".join("%d" % v for v in vals[i:i + 28]) + "\n")
        f.write("output 0 2 10\n")
        for r in range(2):
            f.write(" ".join("%.17g" % v for v in out[r]) + "\n")
        for k in classes:
            xg = xt.clone().requires_grad_(True)
            ref(xg)[:, k].sum().backward()
            g = xg.grad.numpy().reshape(2, -1)
            f.write("grad 0 %d\n" % k)
            for r in range(2):
                for i in range(0, g.shape[1], 28):
                    f.write(" ".join("%.17g" % v for v in g[r, i:i + 28])
                            + "\n")
    net.float()


def export(net, name, out, x, shape, seed, acc):
    path = os.path.join(out, name + ".onnx")
    net.eval()
    xt = torch.tensor(x[:2].reshape((2,) + shape), dtype=torch.float32)
    torch.onnx.export(net, xt, path, opset_version=13,
                      input_names=["input"], output_names=["prob"],
                      dynamic_axes={"input": {0: "batch"},
                                    "prob": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path))
    write_io(os.path.join(out, name + ".io"), name, net, x, shape, seed, acc)
    print("%s: %d bytes; accuracy %.4f (training), %.4f (held out)"
          % (path, os.path.getsize(path), acc[0], acc[1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True,
                    help="fashion_mnist_2k.csv (the shared data set)")
    ap.add_argument("--out", default="bench/data")
    a = ap.parse_args()
    torch.set_num_threads(1)
    x, y = load(a.data)
    os.makedirs(a.out, exist_ok=True)

    torch.manual_seed(201)
    mlp = FashionMlp()
    acc = train(mlp, x, y, 201, 20, 1e-3)
    export(mlp, "fashion_mlp", a.out, x, (784,), 201, acc)

    torch.manual_seed(202)
    cnn = FashionCnn()
    acc = train(cnn, x.reshape(-1, 1, 28, 28), y, 202, 20, 2e-3)
    export(cnn, "fashion_cnn", a.out, x, (1, 28, 28), 202, acc)

    # The data as it is, compressed reproducibly (no name, no time).
    with open(a.data, "rb") as f:
        raw = f.read()
    with open(os.path.join(a.out, "fashion_mnist_2k.csv.gz"), "wb") as f:
        f.write(gzip.compress(raw, compresslevel=9, mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())

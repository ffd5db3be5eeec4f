#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# The comparison run of `make bench`: Captum's GradientShap algorithm in
# plain torch, on one thread, for the same work as gshap's figures
# (Gradient SHAP, 200 samples, every row of the data as the baselines, the
# predicted class). Captum itself is not packaged in Debian, so this is
# its algorithm written out step by step as captum.attr.GradientShap
# (0.6) runs it for attribute(x, baselines, n_samples=200, stdevs=0.0,
# target=t): NoiseTunnel's smoothgrad over InputBaselineXGradient, i.e.
#   - every input row repeated n_samples times (repeat_interleave) plus
#     Gaussian noise of sd stdevs (0 here, drawn all the same);
#   - a baseline row drawn for each copy (np.random.choice) and a
#     coefficient alpha ~ U(0, 1) (np.random.uniform);
#   - the point alpha x + (1 - alpha) b, its gradient of the target output
#     through torch.autograd.grad over torch.unbind(outputs);
#   - (x - b) times the gradient, averaged over the n_samples copies.
# It is labelled "Captum's algorithm in torch" wherever it is reported.
# The model is the ONNX file run by a small torch interpreter of its graph
# (torch.addmm for Gemm, F.conv2d, F.max_pool2d, ...), the way an
# nn.Module would run it. "Best chunking": rows are explained several at a
# time, and the fastest number of rows per call is reported.
#
# Usage: gradshap-torch.py MODEL.onnx DATA.csv[.gz] TARGET_COLUMN [ROWS]
# Prints "torch-gradshap WALL CHUNK CPU" (ms/row; the chunk with the least
# CPU time) and the times of each chunk size,
# or "skip: ..." (exit 0) when torch or onnx cannot be imported.

import ctypes
import gzip
import os
import sys
import time

# One thread: torch.set_num_threads(1) below covers torch's own pool, but
# the BLAS library torch and numpy load starts its own threads unless told
# before it loads (on an idle machine the run then took twice its wall
# time in CPU time, a second thread spinning).
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

try:
    import numpy as np
    import onnx
    import torch
    import torch.nn.functional as F
    from onnx import numpy_helper
except ImportError as e:
    print("skip: %s (the torch comparison needs python3-torch, "
          "python3-onnx and python3-numpy)" % e)
    sys.exit(0)

SAMPLES = 200


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a)
            for a in node.attribute}


def interpreter(model):
    """A function of a float32 batch running the graph in torch."""
    env0 = {t.name: torch.tensor(numpy_helper.to_array(t).copy())
            for t in model.graph.initializer}
    steps = []
    for n in model.graph.node:
        a = attrs(n)
        if n.op_type == "Constant":
            env0[n.output[0]] = torch.tensor(
                numpy_helper.to_array(a["value"]).copy())
            continue
        steps.append((n.op_type, list(n.input), n.output[0], a))
    name = model.graph.input[0].name
    out = model.graph.output[0].name

    def run(x):
        env = dict(env0)
        env[name] = x
        for op, ins, o, a in steps:
            v = [env[i] if i else None for i in ins]
            if op == "Gemm":
                w = v[1].t() if a.get("transB", 0) else v[1]
                xa = v[0].t() if a.get("transA", 0) else v[0]
                alpha, beta = a.get("alpha", 1.0), a.get("beta", 1.0)
                if len(v) > 2 and v[2] is not None:
                    y = torch.addmm(v[2], xa, w, beta=beta, alpha=alpha)
                else:
                    y = alpha * (xa @ w)
            elif op == "MatMul":
                y = v[0] @ v[1]
            elif op == "Conv":
                p = a.get("pads", [0, 0, 0, 0])
                y = F.conv2d(v[0], v[1], v[2] if len(v) > 2 else None,
                             stride=a.get("strides", [1, 1]),
                             padding=(p[0], p[1]),
                             dilation=a.get("dilations", [1, 1]),
                             groups=a.get("group", 1))
            elif op == "MaxPool":
                p = a.get("pads", [0, 0, 0, 0])
                y = F.max_pool2d(v[0], a["kernel_shape"],
                                 a.get("strides", a["kernel_shape"]),
                                 padding=(p[0], p[1]))
            elif op == "Relu":
                y = torch.relu(v[0])
            elif op == "Sigmoid":
                y = torch.sigmoid(v[0])
            elif op == "Softmax":
                y = torch.softmax(v[0], a.get("axis", -1))
            elif op == "Flatten":
                y = torch.flatten(v[0], a.get("axis", 1))
            elif op == "Reshape":
                y = v[0].reshape([int(d) for d in v[1]])
            elif op == "Add":
                y = v[0] + v[1]
            elif op == "Sub":
                y = v[0] - v[1]
            elif op == "Mul":
                y = v[0] * v[1]
            elif op == "Div":
                y = v[0] / v[1]
            else:
                raise SystemExit("skip: op %s is not in this interpreter"
                                 % op)
            env[o] = y
        return env[out]
    return run


def load(path, target):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        head = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",", dtype=np.float64, ndmin=2)
    keep = [i for i, h in enumerate(head) if h != target]
    return rows[:, keep].astype(np.float32)


def gradient_shap(fwd, x, bl, target, n_samples, stdevs=0.0):
    """captum.attr.GradientShap.attribute(x, bl, n_samples, stdevs,
    target=target), written out."""
    bsz = x.shape[0]
    # NoiseTunnel: repeat each row n_samples times, add the noise.
    sd = torch.tensor(stdevs).repeat((bsz * n_samples,) + x.shape[1:])
    xin = x.repeat_interleave(n_samples, dim=0) + torch.normal(0, sd)
    tgt = target.repeat_interleave(n_samples, dim=0)
    # draw_baseline_from_distrib: one baseline row per copy.
    b = bl[np.random.choice(bl.shape[0], n_samples * bsz)]
    # InputBaselineXGradient: a random point on each path.
    coef = torch.tensor(np.random.uniform(0.0, 1.0, xin.shape[0]),
                        dtype=xin.dtype).view((-1,) + (1,) *
                                              (xin.dim() - 1))
    pt = (coef * xin + (1 - coef) * b).requires_grad_()
    out = fwd(pt)
    sel = out[torch.arange(out.shape[0]), tgt]
    grads = torch.autograd.grad(torch.unbind(sel), pt)[0]
    attr = (xin - b) * grads
    # smoothgrad: the mean over each row's copies.
    return attr.view((bsz, n_samples) + x.shape[1:]).mean(1)


def keep_memory():
    """Have glibc's malloc keep freed memory for the next call, as a
    long-running process's heap would: blocks of up to 32 MiB from the
    heap, not fresh mappings, and no trimming. Without this every call
    maps its tensors anew, and on a machine whose page faults are dear
    (the development virtual machine: 26-33 us a page) the faults, not
    torch's arithmetic, are most of its time (digits CNN 10.8 against
    3.2 ms/row, Fashion CNN 106 against 34). Returns what it did."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return "malloc as it is (no glibc)"
    # M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3 (malloc.h).
    if libc.mallopt(-1, ctypes.c_int(1 << 30)) != 1 or \
            libc.mallopt(-3, ctypes.c_int(32 << 20)) != 1:
        return "malloc as it is (mallopt refused)"
    return "malloc keeps freed memory"


def main():
    if len(sys.argv) < 4:
        print("usage: gradshap-torch.py MODEL.onnx DATA.csv TARGET [ROWS]",
              file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    heap = keep_memory()
    np.random.seed(0)
    torch.manual_seed(0)
    model = onnx.load(sys.argv[1])
    fwd = interpreter(model)
    shape = [d.dim_value for d in
             model.graph.input[0].type.tensor_type.shape.dim][1:]
    data = torch.tensor(load(sys.argv[2], sys.argv[3])).reshape([-1] + shape)
    nrows = int(sys.argv[4]) if len(sys.argv) > 4 else 32
    x = data[:nrows]
    with torch.no_grad():
        target = fwd(x).argmax(1)
    # Chunks of rows per call, while a call's points stay under 2^27 floats.
    per_row = SAMPLES * int(np.prod(shape)) * 24
    best = None
    report = []
    for chunk in (1, 2, 4, 8, 16, 32):
        if chunk > nrows or chunk * per_row > 1 << 27:
            break
        times, cpus = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            for r in range(0, nrows, chunk):
                gradient_shap(fwd, x[r:r + chunk], data,
                              target[r:r + chunk], SAMPLES)
            times.append((time.perf_counter() - t0) / nrows)
            cpus.append((time.process_time() - c0) / nrows)
        t, c = sorted(times)[1], sorted(cpus)[1]
        report.append("%d:%.3f/%.3f" % (chunk, t * 1e3, c * 1e3))
        if best is None or c < best[2]:
            best = (t, chunk, c)
    # Wall and CPU ms/row of the best chunk (by CPU time: on a shared
    # machine, one thread's CPU time is its wall time alone).
    print("torch-gradshap %.4f %d %.4f (wall/CPU ms/row by rows per call: "
          "%s; %s)" % (best[0] * 1e3, best[1], best[2] * 1e3,
                       " ".join(report), heap))
    return 0


if __name__ == "__main__":
    sys.exit(main())

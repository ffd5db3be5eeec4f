#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Make gshap's ONNX test fixtures: small models in tests/data/models/*.onnx,
# their reference values in NAME.io, the bad_*.onnx error fixtures and
# tests/data/models/README.md. Needs Debian's python3-torch (1.13) and
# python3-onnx (1.12) and python3-numpy; run it with the system python3 from
# the top of the source tree:
#
#   python3 scripts/make-fixtures.py [--data-dir DIR] [--out-dir DIR]
#   python3 scripts/make-fixtures.py --check [FILE.onnx ...]
#
# --data-dir holds iris.csv, digits.csv and diabetes.csv (default
# tests/data/csv). --check re-evaluates existing fixtures against their .io
# files with the reference interpreter below and reports the largest errors.
#
# Models are exported by torch.onnx.export where torch produces the op, and
# built with onnx.helper where it cannot (Gemm attributes, opset 18, the
# layouts tf2onnx and skl2onnx write). Reference values are computed in
# float64 from the float32 weights: by the torch module for exported models
# and by a small ONNX interpreter written on torch (Interp below) for the
# hand-built ones. Every model is evaluated by both where possible, and the
# hand-built ones are also checked against a direct numpy formula and their
# gradients against central differences. Seeds are fixed per fixture, so a
# rerun with the same libraries writes the same bytes.
#
# The .io format (lines starting with '#' are comments):
#   input N D1 D2 ...   then N*D1*D2*... numbers (the batch fed in)
#   output K N M1 ...   then the values of graph output K
#   grad K C            then N*D1*D2*... numbers: the gradient with respect
#                       to the input of the sum over the batch of column C
#                       of output K (flattened per row)

import argparse
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

from gsonnx import Standardize, fmt_in, fmt_ref, write_numbers

SCRIPT = "scripts/make-fixtures.py"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Margins below which a reference value is too close to a kink (Relu at 0,
# Clip at a bound, a MaxPool near-tie) for float32 and float64 to agree.
KINK_MARGIN = 1e-4
# Most gradient columns written per output; more columns are sampled.
MAX_GRAD_COLS = 10


# --------------------------------------------------------------------------
# Data and small helpers.

def load_csv(data_dir, name):
    """Return (header, float64 rows) of a numeric CSV file."""
    path = os.path.join(data_dir, name)
    if not os.path.exists(path):
        sys.exit("%s: not found (give --data-dir)" % path)
    with open(path) as f:
        header = f.readline().strip().split(",")
    rows = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return header, rows


def seed_all(seed):
    """Seed torch and numpy; return a numpy Generator for the fixture."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    return np.random.default_rng(seed)


def f32(a):
    """Round to float32 values held in float64 (what the model sees)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand32(rng, shape, scale=1.0, loc=0.0):
    """Seeded normal values, rounded to float32."""
    return f32(loc + scale * rng.standard_normal(shape))


def opset_of(model):
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            return o.version
    return None


def grad_columns(m):
    """Output columns that get a grad section: all, or a spread sample."""
    if m <= MAX_GRAD_COLS:
        return list(range(m))
    step = (m - 1) / (MAX_GRAD_COLS - 1)
    return sorted(set(int(round(i * step)) for i in range(MAX_GRAD_COLS)))


def write_io(path, comments, x, outputs, grads):
    """Write a .io file. x: [N, ...] array; outputs: list of arrays;
    grads: list of (k, c, array shaped like x)."""
    with open(path, "w") as f:
        for c in comments:
            f.write("# %s\n" % c)
        f.write("input %s\n" % " ".join(str(d) for d in x.shape))
        write_numbers(f, x.reshape(-1), fmt_in, 8)
        for k, y in enumerate(outputs):
            f.write("output %d %s\n" % (k,
                " ".join(str(d) for d in y.shape)))
            write_numbers(f, y.reshape(-1), fmt_ref, 8)
        for k, c, g in grads:
            f.write("grad %d %d\n" % (k, c))
            write_numbers(f, g.reshape(-1), fmt_ref, 8)


def read_io(path):
    """Read a .io file into (x, {k: output}, {(k, c): grad})."""
    x, outs, grads = None, {}, {}
    cur, want, shape, key = None, 0, None, None
    vals = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w = line.split()
            if w[0] in ("input", "output", "grad"):
                if want:
                    raise ValueError("%s: short section" % path)
                vals = []
                if w[0] == "input":
                    shape = [int(d) for d in w[1:]]
                    cur = "input"
                elif w[0] == "output":
                    key = int(w[1])
                    shape = [int(d) for d in w[2:]]
                    cur = "output"
                else:
                    key = (int(w[1]), int(w[2]))
                    shape = list(x.shape)
                    cur = "grad"
                want = int(np.prod(shape))
                continue
            vals.extend(float(v) for v in w)
            if len(vals) > want:
                raise ValueError("%s: long section" % path)
            if len(vals) == want:
                a = np.array(vals).reshape(shape)
                if cur == "input":
                    x = a
                elif cur == "output":
                    outs[key] = a
                else:
                    grads[key] = a
                want = 0
    if want:
        raise ValueError("%s: short section at end" % path)
    return x, outs, grads


# --------------------------------------------------------------------------
# A reference ONNX interpreter on torch float64, with autograd. It covers the
# ops gshap supports, with ONNX's semantics (not torch's) where they differ,
# and records how close activations come to kinks.

class Interp:
    def __init__(self, model, dtype=torch.float64):
        self.model = model
        self.dtype = dtype
        self.opset = opset_of(model)
        g = model.graph
        self.consts = {}
        for t in g.initializer:
            self.consts[t.name] = self._tensor(t)
        self.input = [i.name for i in g.input
            if i.name not in self.consts]
        if len(self.input) != 1:
            raise ValueError("need exactly one input")
        self.input = self.input[0]
        self.outputs = [o.name for o in g.output]
        self.margins = []   # (node, op, what, margin)
        self.exact_ties = 0

    def _tensor(self, t):
        a = numpy_helper.to_array(t)
        if a.dtype.kind == "f":
            return torch.tensor(a.astype(np.float64)).to(self.dtype)
        return torch.tensor(a.astype(np.int64))

    def _attrs(self, node):
        d = {}
        for a in node.attribute:
            v = helper.get_attribute_value(a)
            if isinstance(v, bytes):
                v = v.decode()
            if isinstance(v, TensorProto):
                v = self._tensor(v)
            d[a.name] = v
        return d

    def _margin(self, node, what, m):
        self.margins.append((node.name, node.op_type, what, float(m)))

    def run(self, x):
        """Evaluate the graph on x (a tensor of self.dtype); return the
        graph outputs."""
        self.margins = []
        self.exact_ties = 0
        env = dict(self.consts)
        env[self.input] = x
        for node in self.model.graph.node:
            ins = [env[n] if n else None for n in node.input]
            outs = self._op(node, self._attrs(node), ins)
            for name, v in zip(node.output, outs):
                if name:
                    env[name] = v
        return [env[n] for n in self.outputs]

    def _op(self, node, at, ins):
        op = node.op_type
        x = ins[0] if ins else None
        if op == "Constant":
            if "value" in at:
                return [at["value"]]
            if "value_float" in at:
                return [torch.tensor(at["value_float"],
                    dtype=self.dtype)]
            if "value_floats" in at:
                return [torch.tensor(at["value_floats"],
                    dtype=self.dtype)]
            if "value_int" in at:
                return [torch.tensor(at["value_int"])]
            return [torch.tensor(at["value_ints"])]
        if op == "Identity":
            return [x]
        if op == "Dropout":
            if len(node.output) > 1 and node.output[1]:
                raise NotImplementedError("Dropout mask")
            return [x]
        if op == "Gemm":
            a, b = ins[0], ins[1]
            if at.get("transA", 0):
                a = a.t()
            if at.get("transB", 0):
                b = b.t()
            y = at.get("alpha", 1.0) * (a @ b)
            if len(ins) > 2 and ins[2] is not None:
                y = y + at.get("beta", 1.0) * ins[2]
            return [y]
        if op == "MatMul":
            return [torch.matmul(ins[0], ins[1])]
        if op in ("Add", "Sub", "Mul", "Div"):
            a, b = ins
            return [{"Add": torch.add, "Sub": torch.sub,
                "Mul": torch.mul, "Div": torch.div}[op](a, b)]
        if op == "Relu":
            self._margin(node, "|x|", x.abs().min())
            return [torch.relu(x)]
        if op == "LeakyRelu":
            self._margin(node, "|x|", x.abs().min())
            return [F.leaky_relu(x, at.get("alpha", 0.01))]
        if op == "Elu":
            self._margin(node, "|x|", x.abs().min())
            return [F.elu(x, at.get("alpha", 1.0))]
        if op == "Sigmoid":
            return [torch.sigmoid(x)]
        if op == "Tanh":
            return [torch.tanh(x)]
        if op == "Softplus":
            return [torch.logaddexp(x, torch.zeros_like(x))]
        if op == "Exp":
            return [torch.exp(x)]
        if op == "Log":
            if (x <= 0).any():
                raise ValueError("Log of a non-positive value")
            return [torch.log(x)]
        if op == "Sqrt":
            if (x <= 0).any():
                raise ValueError("Sqrt of a non-positive value")
            return [torch.sqrt(x)]
        if op == "Pow":
            return [torch.pow(x, ins[1].to(x.dtype))]
        if op == "Clip":
            if self.opset < 11:
                lo = at.get("min", None)
                hi = at.get("max", None)
            else:
                lo = ins[1] if len(ins) > 1 else None
                hi = ins[2] if len(ins) > 2 else None
                lo = None if lo is None else float(lo)
                hi = None if hi is None else float(hi)
            if lo is not None:
                self._margin(node, "|x-min|", (x - lo).abs().min())
            if hi is not None:
                self._margin(node, "|x-max|", (x - hi).abs().min())
            return [torch.clamp(x, lo, hi)]
        if op in ("Softmax", "LogSoftmax"):
            fn = torch.softmax if op == "Softmax" else torch.log_softmax
            if self.opset < 13:
                axis = at.get("axis", 1) % x.dim()
                s = x.shape
                y = fn(x.reshape(int(np.prod(s[:axis])), -1), 1)
                return [y.reshape(s)]
            return [fn(x, at.get("axis", -1))]
        if op == "Flatten":
            axis = at.get("axis", 1)
            if axis < 0:
                axis += x.dim()
            s = x.shape
            return [x.reshape(int(np.prod(s[:axis])),
                int(np.prod(s[axis:])))]
        if op == "Reshape":
            shape = [int(v) for v in ins[1]]
            if not at.get("allowzero", 0):
                shape = [x.shape[i] if v == 0 else v
                    for i, v in enumerate(shape)]
            return [x.reshape(shape)]
        if op in ("Squeeze", "Unsqueeze"):
            if self.opset < 13:
                axes = at.get("axes", None)
            else:
                axes = ins[1].tolist() if len(ins) > 1 and \
                    ins[1] is not None else None
            if op == "Squeeze":
                if axes is None:
                    return [x.squeeze()]
                axes = sorted(a % x.dim() for a in axes)
                for a in reversed(axes):
                    x = x.squeeze(a)
                return [x]
            r = x.dim() + len(axes)
            for a in sorted(a % r for a in axes):
                x = x.unsqueeze(a)
            return [x]
        if op == "Transpose":
            perm = at.get("perm", list(range(x.dim()))[::-1])
            return [x.permute(*perm)]
        if op == "Concat":
            return [torch.cat(ins, at["axis"])]
        if op == "BatchNormalization":
            if at.get("training_mode", 0):
                raise NotImplementedError("training_mode")
            scale, b, mean, var = ins[1:5]
            eps = at.get("epsilon", 1e-5)
            shp = [1, -1] + [1] * (x.dim() - 2)
            y = (x - mean.reshape(shp)) / torch.sqrt(
                var.reshape(shp) + eps)
            return [y * scale.reshape(shp) + b.reshape(shp)]
        if op == "Conv":
            return [self._conv(at, ins)]
        if op in ("MaxPool", "AveragePool"):
            return [self._pool(node, op, at, x)]
        if op == "GlobalAveragePool":
            return [x.mean(dim=tuple(range(2, x.dim())),
                keepdim=True)]
        raise NotImplementedError(op)

    @staticmethod
    def _pads(at, size, kernel, strides, dil):
        """ONNX pads [b0, b1, e0, e1] for a 2-D window op."""
        auto = at.get("auto_pad", "NOTSET")
        if auto == "NOTSET":
            return list(at.get("pads", [0, 0, 0, 0]))
        if auto == "VALID":
            return [0, 0, 0, 0]
        pads = [0, 0, 0, 0]
        for i in range(2):
            out = -(-size[i] // strides[i])
            total = max((out - 1) * strides[i] +
                (kernel[i] - 1) * dil[i] + 1 - size[i], 0)
            small, big = total // 2, total - total // 2
            if auto == "SAME_UPPER":
                pads[i], pads[i + 2] = small, big
            else:
                pads[i], pads[i + 2] = big, small
        return pads

    def _conv(self, at, ins):
        x, w = ins[0], ins[1]
        b = ins[2] if len(ins) > 2 else None
        k = list(w.shape[2:])
        if "kernel_shape" in at:
            assert list(at["kernel_shape"]) == k
        s = list(at.get("strides", [1, 1]))
        d = list(at.get("dilations", [1, 1]))
        p = self._pads(at, list(x.shape[2:]), k, s, d)
        x = F.pad(x, (p[1], p[3], p[0], p[2]))
        return F.conv2d(x, w, b, stride=s, dilation=d,
            groups=at.get("group", 1))

    def _pool(self, node, op, at, x):
        k = list(at["kernel_shape"])
        s = list(at.get("strides", [1, 1]))
        d = list(at.get("dilations", [1, 1]))
        if op == "MaxPool" and at.get("storage_order", 0):
            raise NotImplementedError("storage_order")
        if op == "AveragePool" and d != [1, 1]:
            raise NotImplementedError("dilations")
        p = self._pads(at, list(x.shape[2:]), k, s, d)
        ceil = at.get("ceil_mode", 0)
        n, c, h, w = x.shape
        ext = [0, 0]
        for i, size in enumerate((h, w)):
            span = size + p[i] + p[i + 2] - ((k[i] - 1) * d[i] + 1)
            out = (-(-span // s[i]) if ceil else span // s[i]) + 1
            ext[i] = (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 \
                - (size + p[i] + p[i + 2])
            if ext[i] > 0 and op == "AveragePool":
                raise NotImplementedError("AveragePool ceil_mode")
            ext[i] = max(ext[i], 0)
        fill = float("-inf") if op == "MaxPool" else 0.0
        xp = F.pad(x, (p[1], p[3] + ext[1], p[0], p[2] + ext[0]),
            value=fill)
        cols = F.unfold(xp, k, dilation=d, stride=s)
        oh = (xp.shape[2] - ((k[0] - 1) * d[0] + 1)) // s[0] + 1
        ow = (xp.shape[3] - ((k[1] - 1) * d[1] + 1)) // s[1] + 1
        cols = cols.reshape(n, c, k[0] * k[1], oh * ow)
        if op == "MaxPool":
            # First maximum in row-major window order, as torch.
            idx = torch.argmax(cols.detach(), dim=2, keepdim=True)
            top = torch.gather(cols, 2, idx)
            srt = torch.sort(cols.detach(), dim=2,
                descending=True).values
            gap = srt[:, :, 0] - srt[:, :, 1]
            self.exact_ties += int((gap == 0).sum())
            near = gap[gap > 0]
            if near.numel():
                self._margin(node, "max gap", near.min())
            return top.reshape(n, c, oh, ow)
        tot = cols.sum(dim=2)
        if at.get("count_include_pad", 0):
            cnt = float(k[0] * k[1])
        else:
            ones = F.pad(torch.ones(1, 1, h, w, dtype=x.dtype),
                (p[1], p[3], p[0], p[2]))
            cnt = F.unfold(ones, k, stride=s).sum(dim=1)
        return (tot / cnt).reshape(n, c, oh, ow)


# --------------------------------------------------------------------------
# Reference values and checks.

def output_grads(fn, x, n_out, dtype=torch.float64):
    """Outputs and grad sections of fn at x (numpy in, float64 numpy
    out), computed in dtype."""
    xt = torch.tensor(x, dtype=dtype, requires_grad=True)
    ys = fn(xt)
    outs = [y.detach().double().numpy().copy() for y in ys]
    grads = []
    for k in range(n_out):
        y = ys[k].reshape(ys[k].shape[0], -1)
        for c in grad_columns(y.shape[1]):
            g, = torch.autograd.grad(y[:, c].sum(), xt,
                retain_graph=True)
            grads.append((k, c, g.double().numpy().copy()))
    return outs, grads


def float32_error(model, x, outs, grads):
    """How far a float32 evaluation of the graph lands from the
    references: (output error, gradient error), each the largest
    |a - b| / max(|b|, 1)."""
    interp = Interp(model, torch.float32)
    o32, g32 = output_grads(interp.run, x, len(outs), torch.float32)
    eo = max(max_rel(a, b) for a, b in zip(o32, outs))
    eg = max([max_rel(a[2], b[2]) for a, b in zip(g32, grads)] + [0.0])
    return eo, eg


def fd_check(fn, x, grads, name, h=1e-6):
    """Compare grad sections with central differences in float64."""
    rng = np.random.default_rng(0)
    worst = 0.0
    for k, c, g in grads:
        flat = g.reshape(-1)
        for j in rng.choice(flat.size, min(flat.size, 12),
            replace=False):
            xp = x.copy().reshape(-1)
            xm = x.copy().reshape(-1)
            xp[j] += h
            xm[j] -= h

            def col(v):
                t = torch.tensor(v.reshape(x.shape))
                y = fn(t)[k]
                return float(y.reshape(y.shape[0], -1)[:, c]
                    .sum())
            fd = (col(xp) - col(xm)) / (2 * h)
            err = abs(fd - flat[j]) / max(1.0, abs(fd))
            worst = max(worst, err)
    if worst > 1e-5:
        raise AssertionError("%s: gradient differs from finite "
            "differences by %g" % (name, worst))


def max_rel(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b))))


def check_kinks(interp, name):
    bad = [m for m in interp.margins if m[3] < KINK_MARGIN]
    if bad:
        raise AssertionError("%s: too close to a kink: %s" % (name, bad))


def ops_of(model):
    seen = []
    for n in model.graph.node:
        if n.op_type not in seen:
            seen.append(n.op_type)
    return seen


class Maker:
    """Writes fixtures into out_dir and collects README lines."""

    def __init__(self, out_dir, data_dir):
        self.out = out_dir
        self.data = data_dir
        self.readme = []
        self.bad = []
        self.sizes = {}
        self.f32err = {}

    def _save(self, name, model, check=True):
        if check:
            onnx.checker.check_model(model, full_check=True)
        path = os.path.join(self.out, name + ".onnx")
        with open(path, "wb") as f:
            f.write(model.SerializeToString())
        self.sizes[name + ".onnx"] = os.path.getsize(path)
        return path

    def _comments(self, name, model, seed, how, extra):
        c = ["reference values for %s.onnx (gshap test fixture)" % name,
            "made by %s: torch %s, onnx %s, numpy %s, seed %d" %
            (SCRIPT, torch.__version__, onnx.__version__,
                np.__version__, seed),
            "opset %d; %s" % (opset_of(model), how),
            "outputs: %s" % ", ".join("%d = %s" % (k, o.name)
                for k, o in enumerate(model.graph.output))]
        return c + list(extra)

    def _record(self, name, model, desc, how):
        self.readme.append((name, opset_of(model), desc, how,
            ops_of(model), [o.name for o in model.graph.output]))

    def _write_io(self, name, model, seed, how, extra, x, outs, grads,
        interp):
        """Check that a float32 evaluation meets the tolerances the C
        tests use, then write NAME.io."""
        eo, eg = float32_error(model, x, outs, grads)
        self.f32err[name] = (eo, eg)
        if eo > 1e-5 or eg > 1e-4:
            raise AssertionError("%s: float32 evaluation is off by "
                "%g (outputs), %g (gradients)" % (name, eo, eg))
        extra = list(extra)
        if interp.exact_ties:
            extra.append("MaxPool windows with exact ties: %d "
                "(the gradient goes to the first maximum in "
                "row-major window order, as in torch)" %
                interp.exact_ties)
        extra.append("a float32 evaluation of the graph (this script's "
            "interpreter) is off by at most %.2g (outputs) and %.2g "
            "(gradients), relative with a floor of 1" % (eo, eg))
        path = os.path.join(self.out, name + ".io")
        write_io(path, self._comments(name, model, seed, how, extra),
            x, outs, grads)
        self.sizes[name + ".io"] = os.path.getsize(path)

    def torch_model(self, name, module, x, opset, seed, desc,
        output_names, input_name="input", extra=()):
        """Export module, write NAME.onnx and NAME.io (references from
        the module in float64), and cross-check with the interpreter."""
        module = module.eval()
        path = os.path.join(self.out, name + ".onnx")
        dyn = {input_name: {0: "batch"}}
        for o in output_names:
            dyn[o] = {0: "batch"}
        xt = torch.tensor(x, dtype=torch.float32)
        torch.onnx.export(module, xt, path, opset_version=opset,
            input_names=[input_name], output_names=list(output_names),
            dynamic_axes=dyn)
        model = onnx.load(path)
        self._save(name, model)
        ref = module.double()

        def fn(t):
            y = ref(t)
            return list(y) if isinstance(y, tuple) else [y]
        outs, grads = output_grads(fn, x, len(output_names))
        interp = Interp(model)
        io_outs, io_grads = output_grads(interp.run, x,
            len(output_names))
        check_kinks(interp, name)
        # The graph holds float attributes (alpha, clip bounds) as
        # float32 where the module has float64: allow for that.
        for a, b in zip(outs, io_outs):
            assert max_rel(b, a) < 1e-7, (name, max_rel(b, a))
        for (_, _, a), (_, _, b) in zip(grads, io_grads):
            assert max_rel(b, a) < 1e-7, (name, max_rel(b, a))
        how = "exported by torch.onnx.export; references from the " \
            "torch module in float64 (autograd) from the float32 weights"
        self._write_io(name, model, seed, how, extra, x, outs, grads,
            interp)
        self._record(name, model, desc, "torch.onnx.export")
        return outs

    def graph_model(self, name, model, x, seed, desc, formula,
        extra=(), check=True, how="onnx.helper"):
        """Write a hand-built model and its .io, with references from
        the interpreter, checked against formula(x) (numpy float64, a
        list of outputs) and against finite differences."""
        self._save(name, model, check)
        interp = Interp(model)
        n_out = len(model.graph.output)
        outs, grads = output_grads(interp.run, x, n_out)
        check_kinks(interp, name)
        want = formula(x)
        assert len(want) == n_out
        for a, b in zip(outs, want):
            assert a.shape == b.shape, (name, a.shape, b.shape)
            assert max_rel(a, b) < 1e-10, (name, max_rel(a, b))
        fd_check(interp.run, x, grads, name)
        text = "built with onnx.helper; references from the " \
            "interpreter in %s (float64, autograd), checked against " \
            "numpy and finite differences" % SCRIPT
        self._write_io(name, model, seed, text, extra, x, outs, grads,
            interp)
        self._record(name, model, desc, how)

    def bad_model(self, name, data, desc):
        """Write a fixture that gshap must refuse (no .io)."""
        if not isinstance(data, bytes):
            data = data.SerializeToString()
        path = os.path.join(self.out, name + ".onnx")
        with open(path, "wb") as f:
            f.write(data)
        self.sizes[name + ".onnx"] = len(data)
        self.bad.append((name, desc))


# --------------------------------------------------------------------------
# Building blocks for hand-built graphs.

def init(name, a, dtype=TensorProto.FLOAT, typed=False):
    """An initializer from array a, stored as dtype, in raw_data or (typed)
    in the typed field (float_data, double_data, int32_data, int64_data)."""
    np_type = onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[dtype]
    a = np.asarray(a).astype(np_type)
    if not typed:
        t = numpy_helper.from_array(a, name)
        return t
    t = TensorProto()
    t.name = name
    t.data_type = dtype
    t.dims.extend(a.shape)
    flat = a.reshape(-1)
    if dtype == TensorProto.FLOAT:
        t.float_data.extend(flat.tolist())
    elif dtype == TensorProto.DOUBLE:
        t.double_data.extend(flat.tolist())
    elif dtype == TensorProto.FLOAT16:
        t.int32_data.extend(flat.view(np.uint16).astype(np.int32)
            .tolist())
    elif dtype == TensorProto.INT32:
        t.int32_data.extend(flat.tolist())
    elif dtype == TensorProto.INT64:
        t.int64_data.extend(flat.tolist())
    else:
        raise ValueError(dtype)
    return t


def vinfo(name, dims, dtype=TensorProto.FLOAT):
    """A value info; a dim of None is written with no value and no name."""
    v = helper.make_tensor_value_info(name, dtype, None)
    shape = v.type.tensor_type.shape
    shape.SetInParent()
    for d in dims:
        dim = shape.dim.add()
        if isinstance(d, str):
            dim.dim_param = d
        elif d is not None:
            dim.dim_value = d
    return v


def make(nodes, name, inputs, outputs, inits, opset, producer="gshap",
    extra_opsets=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    ops = [helper.make_opsetid("", opset)]
    ops += [helper.make_opsetid(d, v) for d, v in extra_opsets]
    model = helper.make_model(graph, opset_imports=ops,
        producer_name=producer)
    # The IR version of the era of the opset, as the converters write.
    model.ir_version = {9: 4, 11: 6, 13: 7, 15: 8, 17: 8, 18: 8}.get(
        opset, 8)
    return model


def node(op, ins, outs, name=None, **attrs):
    return helper.make_node(op, ins, outs, name=name or outs[0], **attrs)


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def softmax(v, axis):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softplus(v):
    return np.logaddexp(v, 0.0)


# --------------------------------------------------------------------------
# Torch-exported fixtures.

def train_full_batch(module, x, y, loss_fn, epochs, lr):
    """Full-batch Adam on float32 tensors; returns the final loss."""
    opt = torch.optim.Adam(module.parameters(), lr=lr)
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(module(x), y)
        loss.backward()
        opt.step()
    return float(loss)


def fx_mlp_sigmoid(mk):
    seed = 101
    rng = seed_all(seed)
    mean = f32(rng.uniform(-20, 50, 5))
    sd = f32(rng.uniform(0.5, 10, 5))
    net = nn.Sequential(Standardize(mean, sd), nn.Linear(5, 8), nn.ReLU(),
        nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid())
    x = f32(mean + sd * rng.standard_normal((6, 5)))
    mk.torch_model("mlp_sigmoid", net, x, 9, seed,
        "5-8-4-1 MLP with standardisation inside (Sub, Div), ReLU, "
        "sigmoid output [N,1]; random weights", ["prob"],
        extra=["mean = %s" % " ".join(fmt_in(v) for v in mean),
            "sd = %s" % " ".join(fmt_in(v) for v in sd)])


def fx_mlp_smooth(mk):
    seed = 109
    rng = seed_all(seed)
    mean = f32(rng.uniform(-5, 5, 6))
    sd = f32(rng.uniform(0.5, 3, 6))
    net = nn.Sequential(Standardize(mean, sd), nn.Linear(6, 16), nn.Tanh(),
        nn.Linear(16, 8), nn.Softplus(), nn.Linear(8, 1), nn.Sigmoid())
    x = f32(mean + sd * rng.standard_normal((6, 6)))
    mk.torch_model("mlp_smooth", net, x, 13, seed,
        "6-16-8-1 MLP with standardisation inside, Tanh, Softplus, "
        "sigmoid output [N,1]; random weights; smooth everywhere, for the "
        "IG completeness test", ["prob"],
        extra=["mean = %s" % " ".join(fmt_in(v) for v in mean),
            "sd = %s" % " ".join(fmt_in(v) for v in sd)])


def fx_softmax_iris(mk):
    seed = 102
    seed_all(seed)
    _, d = load_csv(mk.data, "iris.csv")
    feats, y = f32(d[:, :4]), d[:, 4].astype(np.int64)
    net = nn.Sequential(Standardize(f32(feats.mean(0)), f32(feats.std(0))),
        nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    xt = torch.tensor(feats, dtype=torch.float32)
    train_full_batch(net, xt, torch.tensor(y), nn.CrossEntropyLoss(),
        60, 0.02)
    full = nn.Sequential(*net, nn.Softmax(dim=1))
    acc = float((full(xt).argmax(1).numpy() == y).mean())
    rows = [0, 1, 50, 51, 100, 101, 77]
    mk.torch_model("softmax_iris", full, feats[rows], 11, seed,
        "4-16-3 iris classifier, standardisation inside, Softmax "
        "output [N,3] (old axis rule); trained 60 full-batch Adam steps "
        "(training accuracy %.3f)" % acc, ["prob"],
        extra=["iris.csv rows %s (0-based data rows)" %
            " ".join(map(str, rows)), "training accuracy %.4f" % acc])
    return acc


class DigitsCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        h = F.max_pool2d(torch.relu(self.conv(x)), 2)
        return torch.softmax(self.fc(torch.flatten(h, 1)), dim=1)

    def logits(self, x):
        h = F.max_pool2d(torch.relu(self.conv(x)), 2)
        return self.fc(torch.flatten(h, 1))


def fx_cnn_digits(mk):
    seed = 103
    seed_all(seed)
    _, d = load_csv(mk.data, "digits.csv")
    img = f32(d[:, :64]).reshape(-1, 1, 8, 8)
    y = d[:, 64].astype(np.int64)
    net = DigitsCnn()
    xt = torch.tensor(img, dtype=torch.float32)
    yt = torch.tensor(y)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(40):
        opt.zero_grad()
        loss = F.cross_entropy(net.logits(xt), yt)
        loss.backward()
        opt.step()
    acc = float((net(xt).argmax(1).numpy() == y).mean())
    rows = [0, 1, 2, 3, 4, 5]
    mk.torch_model("cnn_digits", net, img[rows], 13, seed,
        "8x8 digits CNN: Conv(1->8, 3x3, pad 1) ReLU MaxPool(2) Flatten "
        "Gemm(128->10) Softmax, input [N,1,8,8] (pixels 0..16); trained "
        "40 full-batch Adam steps (training accuracy %.3f)" % acc,
        ["prob"], extra=["digits.csv rows 0-5, pixels p00..p77 as "
            "[1,8,8]", "training accuracy %.4f" % acc])
    return acc


def fx_linear_diabetes(mk):
    seed = 104
    seed_all(seed)
    _, d = load_csv(mk.data, "diabetes.csv")
    feats, y = d[:, :10], d[:, 10]
    a = np.hstack([feats, np.ones((len(feats), 1))])
    coef = np.linalg.lstsq(a, y, rcond=None)[0]
    w, b = f32(coef[:10]), float(f32(coef[10]))
    net = nn.Linear(10, 1)
    with torch.no_grad():
        net.weight.copy_(torch.tensor(w).reshape(1, 10))
        net.bias.copy_(torch.tensor([b]))
    x = f32(feats[:6])
    means = f32(feats.mean(0))
    mk.torch_model("linear_diabetes", net, x, 13, seed,
        "linear regression y = w.x + b, 10 inputs -> 1 (Gemm), least "
        "squares fit on diabetes.csv (raw features)", ["y"],
        extra=["diabetes.csv rows 0-5",
            "w = %s" % " ".join("%.9g" % v for v in w),
            "b = %.9g" % b,
            "feature means (float32 of the float64 column means) = %s" %
            " ".join("%.9g" % v for v in means)])
    return w, b


def fx_linear_tiny(mk):
    seed = 105
    seed_all(seed)
    net = nn.Linear(3, 1)
    with torch.no_grad():
        net.weight.copy_(torch.tensor([[1.5, -2.0, 0.25]]))
        net.bias.copy_(torch.tensor([0.5]))
    x = np.array([[1, 2, 3], [0, 0, 0], [-1, 0.5, 4], [2.5, -1.5, -8],
        [0.125, 0.25, 0.5]], dtype=np.float64)
    mk.torch_model("linear_tiny", net, x, 13, seed,
        "y = 1.5 x0 - 2 x1 + 0.25 x2 + 0.5 (Gemm, exact in float32)",
        ["y"], extra=["w = 1.5 -2 0.25", "b = 0.5",
            "inputs are multiples of 1/8, so outputs are exact"])


class OpsElementwise(nn.Module):
    """Activations and broadcasting arithmetic after one Linear."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(56, 4)
        self.register_buffer("scale", torch.linspace(0.5, 2.0, 8))
        self.register_buffer("shift", torch.linspace(-1, 1, 8)
            .reshape(1, 8))

    def forward(self, x):
        h = self.fc1(x)
        a = F.leaky_relu(h, 0.1)
        b = F.elu(h, alpha=0.7)
        c = torch.tanh(h) * self.shift + self.shift
        d = torch.log(F.softplus(h) + 0.5)
        e = torch.sqrt(torch.exp(h / self.scale))
        f = torch.pow(torch.sigmoid(h), 1.5) - 0.5
        g = (h - self.shift) ** 2 / 4.0
        z = torch.cat([a, b, c, d, e, f, g], dim=1)
        return F.log_softmax(self.fc2(z), dim=1)


def fx_ops_elementwise(mk):
    seed = 106
    rng = seed_all(seed)
    net = OpsElementwise()
    x = rand32(rng, (5, 6))
    mk.torch_model("ops_elementwise", net, x, 17, seed,
        "LeakyRelu, Elu, Tanh, Softplus, Log, Exp, Sqrt, Sigmoid, Pow "
        "(exponents 1.5 and 2), Add/Sub/Mul/Div with [8], [1,8] and "
        "scalar broadcasting, Concat, LogSoftmax output [N,4]",
        ["logprob"])


class OpsShape(nn.Module):
    """Reshape, Transpose, batched MatMul, Unsqueeze/Squeeze, Softmax on a
    middle and the last axis, Flatten, Concat."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3, 5) * 0.7)
        self.b = nn.Parameter(torch.randn(5) * 0.3)
        self.register_buffer("g", torch.linspace(0.5, 1.5, 10)
            .reshape(1, 2, 1, 5))
        self.fc0 = nn.Linear(12, 4)
        self.fc = nn.Linear(40 + 4 + 12, 3)

    def forward(self, x):
        t = x.reshape(-1, 3, 4).transpose(1, 2)
        t = torch.tanh(torch.matmul(t, self.w) + self.b)
        u = torch.softmax(t.unsqueeze(1) * self.g, dim=-1)
        u = torch.softmax(u, dim=2)
        q = self.fc0(x).unsqueeze(2)
        q = torch.sigmoid(q).squeeze(2)
        z = torch.cat([torch.flatten(u, 1), q, x / 3.0], dim=1)
        return self.fc(z)


def fx_ops_shape(mk):
    seed = 107
    rng = seed_all(seed)
    net = OpsShape()
    x = rand32(rng, (4, 12))
    mk.torch_model("ops_shape", net, x, 13, seed,
        "Reshape [-1,3,4], Transpose, batched MatMul [N,4,3]x[3,5] + Add, "
        "Unsqueeze/Squeeze with axes inputs, Softmax axis -1 and 2 on "
        "4-D, Flatten, Concat; output [N,3]", ["y"])


class OpsClip(nn.Module):
    """Clip in three forms, BatchNorm1d, Unsqueeze/Squeeze, Softmax on
    3-D, Flatten."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 8)
        self.bn = nn.BatchNorm1d(8)
        self.fc2 = nn.Linear(24 + 8, 2)
        with torch.no_grad():
            self.bn.running_mean.copy_(torch.linspace(-0.3, 0.4, 8))
            self.bn.running_var.copy_(torch.linspace(0.5, 2.0, 8))
            self.bn.weight.copy_(torch.linspace(0.8, 1.3, 8))
            self.bn.bias.copy_(torch.linspace(-0.2, 0.2, 8))

    def forward(self, x):
        h = self.bn(self.fc1(x))
        a = torch.clamp(h, -0.5, 0.8)
        b = torch.clamp(h, min=-0.3)
        c = torch.clamp(h, max=0.6)
        t = torch.cat([a, b, c], 1).reshape(-1, 3, 8)
        t = torch.softmax(t.unsqueeze(-1).squeeze(3), dim=-1)
        z = torch.cat([torch.flatten(t, 1), torch.relu(h)], 1)
        return torch.sigmoid(self.fc2(z))


def fx_ops_clip(mk, opset):
    seed = 108
    rng = seed_all(seed)
    net = OpsClip()
    x = rand32(rng, (6, 5))
    mk.torch_model("ops_clip_o%d" % opset, net, x, opset, seed,
        "Clip (min and max, min only, max only: %s), BatchNormalization "
        "after Gemm, Unsqueeze/Squeeze (axes attributes), "
        "Reshape, Softmax on the last axis of 3-D, Relu, Concat, Sigmoid "
        "output [N,2]" % ("attributes" if opset < 11 else
            "inputs, with '' for a missing bound"), ["prob"])


class ConvA(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(2, 4, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.c2 = nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2)
        self.fc = nn.Linear(4, 3)
        with torch.no_grad():
            self.bn.running_mean.copy_(torch.tensor(
                [0.1, 0.2, 0.05, 0.3]))
            self.bn.running_var.copy_(torch.tensor(
                [0.5, 1.5, 0.8, 1.2]))
            self.bn.weight.copy_(torch.tensor([1.2, 0.7, 1.0, 0.9]))
            self.bn.bias.copy_(torch.tensor([0.1, -0.1, 0.0, 0.2]))

    def forward(self, x):
        h = self.bn(torch.relu(self.c1(x)))
        h = torch.tanh(self.c2(h))
        h = F.max_pool2d(h, 3, stride=2, padding=1)
        h = F.avg_pool2d(h, 2, stride=1, count_include_pad=False)
        h = F.adaptive_avg_pool2d(h, 1)
        return self.fc(torch.flatten(h, 1))


def fx_conv_o11(mk):
    seed = 120
    rng = seed_all(seed)
    net = ConvA()
    x = rand32(rng, (4, 2, 10, 10))
    mk.torch_model("conv_o11", net, x, 11, seed,
        "Conv stride 2 pad 1; Relu; BatchNormalization (4-D); Conv "
        "dilation 2 pad 2 group 2; Tanh; MaxPool 3x3 stride 2 pad 1; "
        "AveragePool 2x2 stride 1; GlobalAveragePool; "
        "Flatten; Gemm; input [N,2,10,10], output [N,3]", ["y"])


class ConvB(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, (3, 2), stride=(2, 1), padding=(1, 0),
            dilation=(1, 2))
        self.bn = nn.BatchNorm2d(6)
        self.dw = nn.Conv2d(6, 6, 3, padding=1, groups=6)
        self.fc = nn.Linear(6 * 2 * 3, 5)
        with torch.no_grad():
            self.bn.running_mean.copy_(torch.linspace(-0.2, 0.2, 6))
            self.bn.running_var.copy_(torch.linspace(0.6, 1.4, 6))

    def forward(self, x):
        h = self.bn(F.elu(self.c1(x)))
        h = torch.sigmoid(self.dw(h))
        h = F.avg_pool2d(h, 2, stride=2, padding=1,
            count_include_pad=False)
        h = F.max_pool2d(h, 2, stride=1)
        return torch.softmax(self.fc(torch.flatten(h, 1)), dim=1)


def fx_conv_o17(mk):
    seed = 121
    rng = seed_all(seed)
    net = ConvB()
    x = rand32(rng, (4, 1, 8, 9))
    mk.torch_model("conv_o17", net, x, 17, seed,
        "Conv kernel 3x2 stride (2,1) pad (1,0) dilation (1,2); Elu; "
        "BatchNormalization (training_mode=0 attribute); depthwise Conv "
        "group 6; Sigmoid; AveragePool pad 1 count_include_pad=0; "
        "MaxPool stride 1; Flatten; Gemm; Softmax; input [N,1,8,9], "
        "output [N,5]", ["prob"])


# --------------------------------------------------------------------------
# Hand-built fixtures.

def fx_hb_gemm_attrs(mk):
    seed = 130
    rng = seed_all(seed)
    w1 = rand32(rng, (5, 4), 0.6)   # used with transB=1
    c1 = rand32(rng, (5,))
    w2 = rand32(rng, (5, 3), 0.6)   # transB=0
    c2 = rand32(rng, (1, 3))
    w3 = rand32(rng, (3, 2))
    c3 = rand32(rng, ())
    wa = rand32(rng, (4, 2), 0.5)   # folded: wa^T @ wb^T, [2, 4]^T...
    wb = rand32(rng, (3, 4), 0.5)
    nodes = [
        node("Gemm", ["x", "w1", "c1"], ["g1"], transB=1, alpha=0.5,
            beta=2.0),
        node("Tanh", ["g1"], ["t1"]),
        node("Gemm", ["t1", "w2", "c2"], ["g2"], alpha=1.25, beta=-0.5),
        node("Sigmoid", ["g2"], ["s2"]),
        node("Gemm", ["s2", "w3", "c3"], ["g3"], beta=3.0),
        # A constant Gemm with transA and transB (folded at load):
        # wf = 2 * wa^T @ wb^T, shape [2, 3].
        node("Gemm", ["wa", "wb"], ["wf"], transA=1, transB=1, alpha=2.0),
        node("Gemm", ["g3", "wf"], ["y"]),
    ]
    inits = [init("w1", w1), init("c1", c1), init("w2", w2),
        init("c2", c2), init("w3", w3), init("c3", c3), init("wa", wa),
        init("wb", wb)]
    model = make(nodes, "hb_gemm_attrs", [vinfo("x", ["N", 4])],
        [vinfo("y", ["N", 3])], inits, 13)
    x = rand32(rng, (5, 4))

    def formula(v):
        g1 = 0.5 * v @ w1.T + 2.0 * c1
        g2 = 1.25 * np.tanh(g1) @ w2 - 0.5 * c2
        g3 = sigmoid(g2) @ w3 + 3.0 * c3
        return [g3 @ (2.0 * wa.T @ wb.T)]
    mk.graph_model("hb_gemm_attrs", model, x, seed,
        "Gemm with transB, alpha, beta, C of shape [M], [1,M] and [] "
        "(scalar), without C, and a constant Gemm with transA+transB "
        "(folded at load); Tanh, Sigmoid; output [N,3]", formula)


def fx_hb_gemm_transa(mk):
    seed = 131
    rng = seed_all(seed)
    w = rand32(rng, (4, 3), 0.7)
    c = rand32(rng, (3,))
    nodes = [
        node("Transpose", ["x"], ["xt"], perm=[1, 0]),
        node("Gemm", ["xt", "w", "c"], ["y"], transA=1, alpha=0.75),
    ]
    model = make(nodes, "hb_gemm_transa", [vinfo("x", ["N", 4])],
        [vinfo("y", ["N", 3])], [init("w", w), init("c", c)], 11)
    x = rand32(rng, (4, 4))
    mk.graph_model("hb_gemm_transa", model, x, seed,
        "Transpose of the input (batch axis moves to dim 1), then Gemm "
        "transA=1 alpha=0.75 with C [M]; output [N,3]",
        lambda v: [0.75 * v @ w + c])


def fx_hb_misc_o9(mk):
    seed = 132
    rng = seed_all(seed)
    w = rand32(rng, (6, 12), 0.5)
    shape = np.array([0, 2, -1], dtype=np.int64)
    nodes = [
        node("Identity", ["x"], ["x1"]),
        node("MatMul", ["x1", "w"], ["h"]),
        node("Dropout", ["h"], ["d"], ratio=0.25),
        node("Clip", ["d"], ["c"], min=-0.6),
        node("Clip", ["c"], ["c2"], min=-0.5, max=0.9),
        node("Reshape", ["c2", "shape"], ["r"]),        # [N,2,6]
        node("Unsqueeze", ["r"], ["u"], axes=[1, 3]),   # [N,1,2,1,6]
        node("Squeeze", ["u"], ["s"], axes=[3, 1]), # [N,2,6]
        node("Softmax", ["s"], ["sm"]), # old rule: axis 1 -> over 12
        node("LogSoftmax", ["s"], ["ls"], axis=2),
        node("Flatten", ["sm"], ["f1"]),
        node("Flatten", ["ls"], ["f2"], axis=1),
        node("Concat", ["f1", "f2"], ["y"], axis=1),
    ]
    model = make(nodes, "hb_misc_o9", [vinfo("x", ["N", 6])],
        [vinfo("y", ["N", 24])], [init("w", w),
            init("shape", shape, TensorProto.INT64, typed=True)], 9)
    x = rand32(rng, (4, 6))

    def formula(v):
        h = np.clip(np.maximum(v @ w, f32(-0.6)), f32(-0.5),
            f32(0.9))
        sm = softmax(h, 1)      # Softmax over all 12 of [2,6]
        s3 = h.reshape(-1, 2, 6)
        ls = np.log(softmax(s3, 2)).reshape(-1, 12)
        return [np.hstack([sm, ls])]
    mk.graph_model("hb_misc_o9", model, x, seed,
        "opset 9: Identity, MatMul, Dropout (ratio attribute), Clip "
        "(min only; min and max) attributes, Reshape [0,2,-1] from an "
        "int64_data initializer, Unsqueeze/Squeeze with 2 attribute axes, "
        "Softmax with the old axis rule on 3-D (axis 1: over the last "
        "two dims), LogSoftmax axis 2, Flatten, Concat; output [N,24]",
        formula)


def fx_hb_misc_o13(mk):
    seed = 133
    rng = seed_all(seed)
    w = rand32(rng, (5, 12), 0.5)
    ex = f32(np.array([[0.5, 1.0, 2.0, 3.0]]))
    nodes = [
        node("MatMul", ["x", "w"], ["h"]),
        node("Dropout", ["h", "ratio"], ["d"]),
        node("Clip", ["d", "", "hi"], ["c"]),       # max only
        node("Clip", ["c", "lo"], ["c2"]),          # min only
        node("Reshape", ["c2", "shape"], ["r"]),        # [N,3,4]
        node("Transpose", ["r"], ["t"], perm=[0, 2, 1]),    # [N,4,3]
        node("Unsqueeze", ["t", "ax_u"], ["u"]),        # [N,4,3,1]
        node("Squeeze", ["u", "ax_s"], ["s"]),      # [N,4,3]
        node("Softmax", ["s"], ["sm"], axis=1),     # new rule
        node("Exp", ["r"], ["e"]),
        node("Transpose", ["e"], ["et"], perm=[0, 2, 1]),
        node("Pow", ["et", "ex4"], ["p"]),          # [N,4,3]^[4,1]
        node("Concat", ["sm", "p"], ["cat"], axis=-1),  # [N,4,6]
        node("LogSoftmax", ["cat"], ["ls"]),        # axis -1
        node("Flatten", ["ls"], ["y"]),
    ]
    inits = [init("w", w), init("ratio", np.array(0.1)),
        init("hi", np.array(0.7)), init("lo", np.array(-0.8)),
        init("shape", np.array([0, 3, 4], dtype=np.int64),
            TensorProto.INT64),
        init("ax_u", np.array([-1], dtype=np.int64), TensorProto.INT64),
        init("ax_s", np.array([3], dtype=np.int64), TensorProto.INT64,
            typed=True),
        init("ex4", ex.reshape(4, 1))]
    model = make(nodes, "hb_misc_o13", [vinfo("x", ["N", 5])],
        [vinfo("y", ["N", 24])], inits, 13)
    x = rand32(rng, (5, 5))

    def formula(v):
        c = np.maximum(np.minimum(v @ w, f32(0.7)), f32(-0.8))
        r = c.reshape(-1, 3, 4)
        t = r.transpose(0, 2, 1)
        sm = softmax(t, 1)
        p = np.exp(t) ** ex.reshape(4, 1)
        cat = np.concatenate([sm, p], axis=-1)
        ls = cat - np.log(np.exp(cat).sum(-1, keepdims=True))
        return [ls.reshape(-1, 24)]
    mk.graph_model("hb_misc_o13", model, x, seed,
        "opset 13: Dropout with a ratio input, Clip max only (min '') and "
        "min only from inputs, Reshape [0,3,4], Transpose, Unsqueeze "
        "axes [-1] and Squeeze axes [3] as inputs (raw and int64_data), "
        "Softmax axis 1 on 3-D (new rule: that one axis), Exp, Pow with "
        "a [4,1] broadcast exponent, Concat axis -1, LogSoftmax default "
        "axis, Flatten; output [N,24]", formula)


def conv_block_nodes(prefix="", pads=(0, 1, 1, 2)):
    """Conv with asymmetric pads and strides, MaxPool ceil_mode with pads,
    AveragePool with asymmetric pads and count_include_pad=0."""
    return [
        node("Conv", ["x", "cw"], ["c"], kernel_shape=[3, 3],
            pads=list(pads), strides=[1, 2]),
        node("BatchNormalization", ["c", "bn_s", "bn_b", "bn_m", "bn_v"],
            ["b"], epsilon=1e-3),
        node("Softplus", ["b"], ["sp"]),
        node("MaxPool", ["sp"], ["mp"], kernel_shape=[2, 2],
            strides=[2, 2], pads=[1, 0, 0, 0], ceil_mode=1),
        node("AveragePool", ["sp"], ["ap"], kernel_shape=[3, 2],
            strides=[1, 1], pads=[1, 0, 0, 1], count_include_pad=0),
        node("AveragePool", ["sp"], ["aq"], kernel_shape=[2, 2],
            strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1),
        node("GlobalAveragePool", ["ap"], ["gp"]),
        node("Flatten", ["mp"], ["f1"]),
        node("Flatten", ["gp"], ["f2"]),
        node("Flatten", ["aq"], ["f3"]),
        node("Concat", ["f1", "f2", "f3"], ["y"], axis=1),
    ]


def fx_hb_conv_pads(mk):
    seed = 134
    rng = seed_all(seed)
    cw = rand32(rng, (3, 2, 3, 3), 0.4)
    bn = [rand32(rng, (3,), 0.2, 1.0), rand32(rng, (3,), 0.1),
        rand32(rng, (3,), 0.1), f32(rng.uniform(0.5, 1.5, 3))]
    inits = [init("cw", cw)] + [init(n, a) for n, a in
        zip(["bn_s", "bn_b", "bn_m", "bn_v"], bn)]
    nodes = conv_block_nodes()
    # x [N,2,5,6] -> conv pads (t0,l1,b1,r2) stride (1,2): [N,3,4,4]
    # MaxPool ceil, pad top 1: [N,3,3,2]; AveragePool: [N,3,3,4];
    # the count_include_pad=1 AveragePool: [N,3,3,3]
    model = make(nodes, "hb_conv_pads", [vinfo("x", ["N", 2, 5, 6])],
        [vinfo("y", ["N", 48])], inits, 13)
    x = rand32(rng, (3, 2, 5, 6))

    def formula(v):
        n = v.shape[0]
        xp = np.pad(v, ((0, 0), (0, 0), (0, 1), (1, 2)))
        c = np.zeros((n, 3, 4, 4))
        for i in range(4):
            for j in range(4):
                patch = xp[:, :, i:i + 3, 2 * j:2 * j + 3]
                c[:, :, i, j] = np.einsum("nchw,mchw->nm",
                    patch, cw)
        s, b, m, var = [a.reshape(1, 3, 1, 1) for a in bn]
        sp = softplus((c - m) / np.sqrt(var + f32(1e-3)) * s + b)
        mp = np.full((n, 3, 3, 2), -np.inf)
        spp = np.pad(sp, ((0, 0), (0, 0), (1, 0), (0, 0)),
            constant_values=-np.inf)
        for i in range(3):
            for j in range(2):
                win = spp[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
                mp[:, :, i, j] = win.reshape(n, 3, -1).max(-1)
        ap = np.zeros((n, 3, 3, 4))
        for i in range(3):
            for j in range(4):
                r0, r1 = max(i - 1, 0), min(i + 2, 4)
                win = sp[:, :, r0:r1, j:min(j + 2, 4)]
                ap[:, :, i, j] = win.reshape(n, 3, -1).mean(-1)
        gp = ap.mean(axis=(2, 3))
        aq = np.zeros((n, 3, 3, 3))
        spz = np.pad(sp, ((0, 0), (0, 0), (1, 1), (1, 1)))
        for i in range(3):
            for j in range(3):
                win = spz[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
                aq[:, :, i, j] = win.reshape(n, 3, -1).sum(-1) / 4
        return [np.hstack([mp.reshape(n, -1), gp, aq.reshape(n, -1)])]
    mk.graph_model("hb_conv_pads", model, x, seed,
        "Conv without bias, asymmetric pads [0,1,1,2], strides [1,2]; "
        "BatchNormalization epsilon 1e-3; Softplus; MaxPool ceil_mode=1 "
        "with pads [1,0,0,0]; AveragePool 3x2 asymmetric pads "
        "count_include_pad=0; AveragePool 2x2 stride 2 pads 1 "
        "count_include_pad=1; GlobalAveragePool; Flatten; Concat; "
        "input [N,2,5,6], output [N,48]", formula)


def fx_hb_conv_autopad(mk):
    seed = 135
    rng = seed_all(seed)
    cw = rand32(rng, (2, 1, 3, 3), 0.5)
    cb = rand32(rng, (2,), 0.1)
    nodes = [
        node("Conv", ["x", "cw", "cb"], ["c"], auto_pad="SAME_UPPER",
            strides=[2, 2]),        # [N,2,3,4] from 5x7
        node("Tanh", ["c"], ["t"]),
        node("MaxPool", ["t"], ["m"], kernel_shape=[2, 2],
            auto_pad="SAME_LOWER"),     # [N,2,3,4]
        node("AveragePool", ["m"], ["a"], kernel_shape=[2, 3],
            auto_pad="VALID"),      # [N,2,2,2]
        node("Flatten", ["a"], ["y"]),
    ]
    model = make(nodes, "hb_conv_autopad", [vinfo("x", ["N", 1, 5, 7])],
        [vinfo("y", ["N", 8])], [init("cw", cw), init("cb", cb)], 11)
    x = rand32(rng, (3, 1, 5, 7))

    def formula(v):
        n = v.shape[0]
        # SAME_UPPER, stride 2: out 3x4; total pad rows 2 (1,1),
        # cols (4-1)*2+3-7 = 2 (1,1).
        xp = np.pad(v, ((0, 0), (0, 0), (1, 1), (1, 1)))
        c = np.zeros((n, 2, 3, 4))
        for i in range(3):
            for j in range(4):
                patch = xp[:, :, 2 * i:2 * i + 3, 2 * j:2 * j + 3]
                c[:, :, i, j] = np.einsum("nchw,mchw->nm",
                    patch, cw) + cb
        t = np.tanh(c)
        # SAME_LOWER 2x2 stride 1: pad 1 at the start of each dim.
        tp = np.pad(t, ((0, 0), (0, 0), (1, 0), (1, 0)),
            constant_values=-np.inf)
        m = np.zeros_like(t)
        for i in range(3):
            for j in range(4):
                m[:, :, i, j] = tp[:, :, i:i + 2, j:j + 2] \
                    .reshape(n, 2, -1).max(-1)
        a = np.zeros((n, 2, 2, 2))
        for i in range(2):
            for j in range(2):
                a[:, :, i, j] = m[:, :, i:i + 2, j:j + 3] \
                    .reshape(n, 2, -1).mean(-1)
        return [a.reshape(n, -1)]
    mk.graph_model("hb_conv_autopad", model, x, seed,
        "Conv auto_pad=SAME_UPPER stride 2 with bias; Tanh; MaxPool "
        "auto_pad=SAME_LOWER; AveragePool auto_pad=VALID 2x3; Flatten; "
        "input [N,1,5,7], output [N,8]", formula)


def fx_hb_opset18(mk):
    seed = 136
    rng = seed_all(seed)
    w1 = rand32(rng, (4, 6), 0.6)
    b1 = rand32(rng, (6,), 0.2)
    w2 = rand32(rng, (3, 6), 0.6)
    b2 = rand32(rng, (3,), 0.2)
    nodes = [
        node("MatMul", ["x", "w1"], ["m"]),
        node("Add", ["m", "b1"], ["h"]),
        node("Relu", ["h"], ["r"]),
        node("Gemm", ["r", "w2", "b2"], ["g"], transB=1),
        node("Unsqueeze", ["g", "ax"], ["u"]),  # [N,3,1]
        node("Squeeze", ["u", "ax"], ["s"]),
        node("Softmax", ["s"], ["y"]),
    ]
    inits = [init("w1", w1), init("b1", b1), init("w2", w2),
        init("b2", b2), init("ax", np.array([2], dtype=np.int64),
            TensorProto.INT64)]
    # onnx 1.12 knows opsets up to 17; these ops are the same in 18.
    model = make(nodes, "hb_opset18", [vinfo("x", ["N", 4])],
        [vinfo("y", ["N", 3])], inits, 17)
    onnx.checker.check_model(model, full_check=True)
    model.opset_import[0].version = 18
    x = rand32(rng, (6, 4))

    def formula(v):
        h = np.maximum(v @ w1 + b1, 0)
        return [softmax(h @ w2.T + b2, 1)]
    mk.graph_model("hb_opset18", model, x, seed,
        "opset 18 (IR 8): MatMul, Add, Relu, Gemm, Unsqueeze/Squeeze "
        "with axes inputs, Softmax; ops whose definition did not change "
        "in 18 (checked as opset 17 since onnx 1.12 stops there); "
        "output [N,3]", formula, check=False)


def fx_fmt_skl(mk):
    seed = 140
    rng = seed_all(seed)
    w1 = rand32(rng, (4, 7), 0.6)
    b1 = rand32(rng, (7,), 0.2)
    w2 = rand32(rng, (7, 3), 0.6)
    b2 = rand32(rng, (3,), 0.2)
    nodes = [
        node("MatMul", ["float_input", "coefficient"], ["mul_result"],
            name="MatMul"),
        node("Add", ["mul_result", "intercepts"], ["add_result"],
            name="Add"),
        node("Relu", ["add_result"], ["next_activations"], name="Relu"),
        node("MatMul", ["next_activations", "coefficient1"],
            ["mul_result1"], name="MatMul1"),
        node("Add", ["mul_result1", "intercepts1"], ["label_logits"],
            name="Add1"),
        node("Softmax", ["label_logits"], ["prob"], name="Softmax",
            axis=1),
    ]
    inits = [init("coefficient", w1, typed=True),
        init("intercepts", b1.reshape(1, 7), typed=True),
        init("coefficient1", w2, typed=True),
        init("intercepts1", b2.reshape(1, 3), typed=True)]
    model = make(nodes, "mlp_classifier", [vinfo("float_input",
        ["N", 4])], [vinfo("label_logits", ["N", 3]),
            vinfo("prob", ["N", 3])], inits, 13, producer="skl2onnx",
        extra_opsets=[("ai.onnx.ml", 1)])
    x = rand32(rng, (5, 4), 1.5)

    def formula(v):
        lg = np.maximum(v @ w1 + b1, 0) @ w2 + b2
        return [lg, softmax(lg, 1)]
    mk.graph_model("fmt_skl", model, x, seed,
        "skl2onnx layout: input 'float_input' with dim_param 'N', "
        "initializers in float_data, MatMul + Add instead of Gemm, "
        "ai.onnx.ml also imported (unused); TWO outputs: 0 "
        "'label_logits' [N,3] and 1 'prob' (Softmax) [N,3]", formula)


def fx_fmt_tf(mk):
    seed = 141
    rng = seed_all(seed)
    wt = rand32(rng, (5, 6), 0.5)       # stored transposed, [out, in]
    b = rand32(rng, (5,), 0.2)
    w2 = rand32(rng, (5, 1), 0.5)
    const_w = helper.make_tensor("kernel_t", TensorProto.FLOAT, wt.shape,
        wt.astype(np.float32).tobytes(), raw=True)
    nodes = [
        node("Reshape", ["dense_input", "new_shape"], ["reshaped"],
            name="sequential/flatten/Reshape"),
        node("Constant", [], ["kernel_t"], name="const_fold_opt__7",
            value=const_w),
        node("Transpose", ["kernel_t"], ["kernel"], perm=[1, 0],
            name="sequential/dense/MatMul/ReadVariableOp"),
        node("MatMul", ["reshaped", "kernel"], ["mm"],
            name="sequential/dense/MatMul"),
        node("Add", ["mm", "bias"], ["ba"],
            name="sequential/dense/BiasAdd"),
        node("Relu", ["ba"], ["relu"], name="sequential/dense/Relu"),
        node("MatMul", ["relu", "kernel2"], ["mm2"],
            name="sequential/dense_1/MatMul"),
        node("Sigmoid", ["mm2"], ["sig"], name="sequential/dense_1/Sigmoid"),
        node("Identity", ["sig"], ["dense_1"], name="Identity"),
    ]
    inits = [init("new_shape", np.array([-1, 6], dtype=np.int64),
        TensorProto.INT64), init("bias", b), init("kernel2", w2)]
    model = make(nodes, "tf2onnx", [vinfo("dense_input",
        ["unk__6", 2, 3])], [vinfo("dense_1", ["unk__7", 1])], inits, 13,
        producer="tf2onnx")
    x = rand32(rng, (4, 2, 3))

    def formula(v):
        h = np.maximum(v.reshape(-1, 6) @ wt.T + b, 0)
        return [sigmoid(h @ w2)]
    mk.graph_model("fmt_tf", model, x, seed,
        "tf2onnx layout: input 'dense_input' [unk__6,2,3] (dim_param), "
        "Reshape to [-1,6] with an int64 raw initializer, a Constant node "
        "holding the transposed kernel and a Transpose of it (constant, "
        "folded at load), MatMul + Add, Relu, Sigmoid, Identity before "
        "the output 'dense_1' [N,1]", formula)


def fx_fmt_double(mk):
    seed = 142
    rng = seed_all(seed)
    w = rng.standard_normal((3, 4)) * 0.5   # true float64 values
    b = rng.standard_normal((4,)) * 0.2
    w2 = rng.standard_normal((4, 2)) * 0.5
    nodes = [
        node("MatMul", ["input", "w"], ["m"]),
        node("Add", ["m", "b"], ["h"]),
        node("Tanh", ["h"], ["t"]),
        node("Gemm", ["t", "w2"], ["variable"]),
    ]
    D = TensorProto.DOUBLE
    inits = [init("w", w, D, typed=True), init("b", b, D, typed=True),
        init("w2", w2, D)]
    model = make(nodes, "double_graph", [vinfo("input", [None, 3], D)],
        [vinfo("variable", [None, 2], D)], inits, 13, producer="skl2onnx")
    x = rand32(rng, (4, 3))
    mk.graph_model("fmt_double", model, x, seed,
        "a graph all in DOUBLE (input, initializers in double_data and "
        "raw_data, output), batch dimension with neither dim_value nor "
        "dim_param; MatMul, Add, Tanh, Gemm; output 'variable' [N,2]; "
        "references use the float64 weights",
        lambda v: [np.tanh(v @ w + b) @ w2])


def fx_fmt_mixed(mk):
    seed = 143
    rng = seed_all(seed)
    w = rand32(rng, (4, 5), 0.6)
    scale = rng.uniform(0.5, 1.5, 5).astype(np.float16)
    bias = (rng.standard_normal(5) * 0.2).astype(np.float16)
    mean = rng.standard_normal(5) * 0.1
    var = rng.uniform(0.5, 2.0, 5)
    nodes = [
        node("MatMul", ["x", "w"], ["m"]),
        node("BatchNormalization", ["m", "scale", "bias", "mean", "var"],
            ["bn"]),
        node("Softplus", ["bn"], ["sp"]),
        node("Pow", ["sp", "e_int64"], ["p2"]), # ^2 (int64)
        node("Pow", ["sp", "e_double"], ["ph"]),    # ^0.5 (double)
        node("Pow", ["bn", "e_int32"], ["p3"]), # ^3 (int32)
        node("Dropout", ["p3", "ratio16"], ["d"]),
        node("Concat", ["p2", "ph", "d"], ["y"], axis=1),
    ]
    F16, D, I64 = TensorProto.FLOAT16, TensorProto.DOUBLE, TensorProto.INT64
    inits = [init("w", w),
        init("scale", scale, F16, typed=True),  # int32_data bits
        init("bias", bias, F16),            # raw_data
        init("mean", mean, D),          # raw_data
        init("var", var, D, typed=True),        # double_data
        init("e_int64", np.array(2), I64, typed=True),
        init("e_double", np.array(0.5), D),
        init("e_int32", np.array(3), TensorProto.INT32),
        init("ratio16", np.array(0.5), F16)]
    model = make(nodes, "mixed_dtypes", [vinfo("x", ["N", 4])],
        [vinfo("y", ["N", 15])], inits, 15)
    x = rand32(rng, (4, 4))

    def formula(v):
        s, bb = scale.astype(np.float64), bias.astype(np.float64)
        bn = (v @ w - mean) / np.sqrt(var + f32(1e-5)) * s + bb
        sp = softplus(bn)
        return [np.hstack([sp ** 2, np.sqrt(sp), bn ** 3])]
    mk.graph_model("fmt_mixed", model, x, seed,
        "opset 15 typed inputs that need not be float: "
        "BatchNormalization with FLOAT16 scale (int32_data) and bias "
        "(raw) and DOUBLE mean (raw) and var (double_data); Pow with "
        "INT64 (int64_data), DOUBLE and INT32 exponents (2, 0.5, 3; "
        "x^3 of signed values); Dropout with a FLOAT16 ratio input; "
        "Softplus, Concat; output [N,15]", formula)


# --------------------------------------------------------------------------
# Fixtures gshap must refuse.

def fx_bad(mk):
    good = os.path.join(mk.out, "mlp_sigmoid.onnx")
    with open(good, "rb") as f:
        data = f.read()
    cut = data[:len(data) // 2]
    try:
        onnx.load_from_string(cut)
        raise AssertionError("bad_truncated parses")
    except Exception as e:      # a DecodeError is what we want
        if isinstance(e, AssertionError):
            raise
    mk.bad_model("bad_truncated", cut, "the first half of "
        "mlp_sigmoid.onnx (ends inside the graph field): parse error")

    x, y = vinfo("x", ["N", 3]), vinfo("y", ["N", 3])
    w = init("w", np.eye(3))
    m = make([node("Det", ["x"], ["y"], name="mystery")], "bad",
        [x], [y], [], 13)
    mk.bad_model("bad_unsupported_op", m, "node 0 'mystery' is a Det: "
        "unsupported op")

    m = make([node("Gemm", ["x", "w"], ["y"], name="fc", transB=1,
        frobnicate=1)], "bad", [x], [y], [w], 13)
    mk.bad_model("bad_attr", m, "Gemm node 'fc' with an unknown "
        "attribute 'frobnicate' (int 1)")

    m = make([node("MaxPool", ["xi"], ["yi"], name="pool",
        kernel_shape=[2, 2], storage_order=1)], "bad",
        [vinfo("xi", ["N", 1, 4, 4])], [vinfo("yi", ["N", 1, 3, 3])], [],
        13)
    mk.bad_model("bad_attr_value", m, "MaxPool node 'pool' with "
        "storage_order=1 (column-major indices; a value we refuse)")

    m = make([node("Add", ["x", "x2"], ["y"], name="sum")], "bad",
        [x, vinfo("x2", ["N", 3])], [y], [], 13)
    mk.bad_model("bad_two_inputs", m, "two graph inputs 'x' and 'x2' "
        "that are not initializers")

    m = make([node("Relu", ["x"], ["y"], name="relu")], "bad", [x], [y],
        [], 3)
    mk.bad_model("bad_opset", m, "default-domain opset 3 (outside "
        "the supported range)")

    t = TensorProto()
    t.name = "w"
    t.data_type = TensorProto.FLOAT
    t.dims.extend([3, 3])
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "bad_external.bin"), ("offset", "0"),
        ("length", "36")):
        e = t.external_data.add()
        e.key, e.value = k, v
    m = make([node("MatMul", ["x", "w"], ["y"], name="mm")], "bad",
        [x], [y], [t], 13)
    mk.bad_model("bad_external", m, "initializer 'w' with "
        "data_location EXTERNAL (location bad_external.bin, which does "
        "not exist)")

    t = init("w", np.eye(3))
    t.raw_data = t.raw_data[:32]
    m = make([node("MatMul", ["x", "w"], ["y"], name="mm")], "bad",
        [x], [y], [t], 13)
    mk.bad_model("bad_raw_size", m, "initializer 'w' with dims [3,3] "
        "but 32 bytes of raw_data (36 needed)")

    t = numpy_helper.from_array(np.array(2, dtype=np.complex64), "e_cplx")
    m = make([node("Pow", ["x", "e_cplx"], ["y"], name="pow")], "bad",
        [x], [y], [t], 13)
    mk.bad_model("bad_dtype", m, "a Pow whose exponent initializer "
        "'e_cplx' is COMPLEX64 (a data type gshap refuses)")

    m = make([node("Normalizer", ["x"], ["y"], name="norm",
        domain="ai.onnx.ml", norm="L2")], "bad", [x], [y], [], 13,
        extra_opsets=[("ai.onnx.ml", 1)])
    mk.bad_model("bad_domain", m, "node 'norm' is ai.onnx.ml Normalizer "
        "(a node outside the default domain)")

    m = make([node("Add", ["x", "nowhere"], ["y"], name="add")], "bad",
        [x], [y], [], 13)
    mk.bad_model("bad_undefined", m, "node 'add' reads 'nowhere', which "
        "no node, input or initializer defines")

    m = make([node("Relu", ["b"], ["a"], name="first"),
        node("Relu", ["a"], ["b"], name="second"),
        node("Add", ["x", "b"], ["y"], name="add")], "bad", [x], [y], [],
        13)
    mk.bad_model("bad_cycle", m, "nodes 'first' and 'second' read each "
        "other's outputs (a cycle; not topologically sorted)")

    m = make([node("Dropout", ["x"], ["y", "mask"], name="drop")], "bad",
        [x], [y, vinfo("mask", ["N", 3], TensorProto.BOOL)], [], 13)
    mk.bad_model("bad_dropout_mask", m, "Dropout 'drop' whose mask "
        "output is a graph output (a BOOL output gshap cannot compute)")


# --------------------------------------------------------------------------
# README and driver.

def write_readme(mk):
    lines = [
        "# ONNX test fixtures",
        "",
        "Made by `%s` (run it with the system python3 from the top of "
        "the tree; it needs Debian's python3-torch and python3-onnx). "
        "Do not edit these files by hand: change the script and rerun it."
        % SCRIPT,
        "",
        "Each good model `NAME.onnx` has `NAME.io` with reference values "
        "(text; `#` lines are comments saying what produced them):",
        "",
        "- `input N D1 D2 ...` then N*D1*D2*... numbers: the batch fed "
        "in (float32 values, written so that they read back exactly);",
        "- `output K N M1 ...` then the values of graph output K (`%.9g`);",
        "- `grad K C` then N*D1*D2*... numbers: the gradient with respect "
        "to the input of the sum over the batch of column C (flattened "
        "per row) of output K, which for these row-independent models is "
        "each row's own gradient. Outputs with more than %d columns get "
        "%d spread-out columns, the others all columns." %
        (MAX_GRAD_COLS, MAX_GRAD_COLS),
        "",
        "References are computed in float64 from the stored weights "
        "(float32 unless the model stores another type): by the torch "
        "module for exported models and by the script's own ONNX "
        "interpreter for hand-built ones (checked against numpy formulas "
        "and central differences). Batches stay away from kinks (Relu at "
        "0, Clip bounds, MaxPool near-ties) by at least %g, so a float32 "
        "implementation should match outputs to about 1e-5 relative and "
        "gradients to about 1e-4." % KINK_MARGIN,
        "",
        "Multi-output model: `fmt_skl` (output 0 `label_logits`, output 1 "
        "`prob`). All others have one output.",
        "",
        "| fixture | opset | what it is and exercises | ops | made by |",
        "|---|---|---|---|---|",
    ]
    for name, opset, desc, how, ops, outs in mk.readme:
        lines.append("| `%s` | %d | %s | %s | %s |" % (name, opset, desc,
            " ".join(ops), how))
    lines += ["", "## Fixtures gshap must refuse (no .io)", "",
        "| fixture | what is wrong |", "|---|---|"]
    for name, desc in mk.bad:
        lines.append("| `%s` | %s |" % (name, desc))
    lines.append("")
    with open(os.path.join(mk.out, "README.md"), "w") as f:
        f.write("\n".join(lines))


def check_files(paths):
    """Re-evaluate .onnx files against their .io files."""
    worst = 0.0
    for p in paths:
        io = p[:-5] + ".io"
        if not os.path.exists(io):
            continue
        model = onnx.load(p)
        interp = Interp(model)
        x, outs, grads = read_io(io)
        x = f32(x)  # the inputs are float32 values
        n_out = len(model.graph.output)
        got, g = output_grads(interp.run, x, n_out)
        errs = [max_rel(got[k], outs[k]) for k in outs]
        gerr = [max_rel(gg, grads[(k, c)]) for k, c, gg in g
            if (k, c) in grads]
        e = max(errs + gerr)
        worst = max(worst, e)
        print("%-28s outputs %d grads %d  max rel err %.2g" %
            (os.path.basename(p), len(outs), len(grads), e))
    return worst


def main():
    ap = argparse.ArgumentParser(description="make gshap's ONNX fixtures")
    ap.add_argument("--data-dir", default=os.path.join(TOP, "tests",
        "data", "csv"))
    ap.add_argument("--out-dir", default=os.path.join(TOP, "tests",
        "data", "models"))
    ap.add_argument("--check", nargs="*", metavar="FILE.onnx")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if args.check is not None:
        paths = args.check or sorted(os.path.join(args.out_dir, f)
            for f in os.listdir(args.out_dir) if f.endswith(".onnx"))
        worst = check_files(paths)
        print("worst relative error %.3g" % worst)
        return 0 if worst < 1e-6 else 1
    os.makedirs(args.out_dir, exist_ok=True)
    mk = Maker(args.out_dir, args.data_dir)
    accs = {}
    fx_mlp_sigmoid(mk)
    fx_mlp_smooth(mk)
    accs["softmax_iris"] = fx_softmax_iris(mk)
    accs["cnn_digits"] = fx_cnn_digits(mk)
    w, b = fx_linear_diabetes(mk)
    fx_linear_tiny(mk)
    fx_ops_elementwise(mk)
    fx_ops_shape(mk)
    fx_ops_clip(mk, 9)
    fx_ops_clip(mk, 11)
    fx_conv_o11(mk)
    fx_conv_o17(mk)
    fx_hb_gemm_attrs(mk)
    fx_hb_gemm_transa(mk)
    fx_hb_misc_o9(mk)
    fx_hb_misc_o13(mk)
    fx_hb_conv_pads(mk)
    fx_hb_conv_autopad(mk)
    fx_hb_opset18(mk)
    fx_fmt_skl(mk)
    fx_fmt_tf(mk)
    fx_fmt_double(mk)
    fx_fmt_mixed(mk)
    fx_bad(mk)
    write_readme(mk)
    total = sum(mk.sizes.values())
    big = [n for n, s in mk.sizes.items() if s > 200 * 1024]
    for n in sorted(mk.sizes):
        print("%-28s %7d bytes" % (n, mk.sizes[n]))
    print("total %d bytes" % total)
    for n in sorted(mk.f32err):
        print("%-28s float32 error %.2g (outputs) %.2g (gradients)" %
            ((n,) + mk.f32err[n]))
    for k, v in accs.items():
        print("%s training accuracy %.4f" % (k, v))
    print("linear_diabetes w = %s b = %.9g" %
        (" ".join("%.9g" % v for v in w), b))
    if big or total > 1024 * 1024:
        sys.exit("fixtures too large: %s, total %d" % (big, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# The sweep of everyday layers: small torch modules written the way users
# write them (activations, norms, pooling variants, shape tricks,
# attention, residual blocks, recurrent cells, quantized and half-precision
# variants), each exported by torch.onnx.export at opsets 13 and 17 with a
# dynamic batch dimension, with torch's own outputs and input gradients in
# float64 on a few rows. Writes tests/data/sweep/NAME_oNN.onnx and .io
# (the format of tests/data/models, see its README) and
# tests/data/sweep/README.md; `make check` compares gshap with them.
#
# Needs Debian's python3-torch (1.13), python3-onnx and python3-numpy; run
# it with the system python3 from the top of the source tree:
#
#   python3 scripts/make-sweep.py [--out-dir DIR] [--only NAME...] [--list]
#
# References: the module in float64 (weights as exported, float32 values;
# float16 for the half variants) on float32 input rows; the gradient of
# the batch sum of each output column with respect to the input. Rows are
# drawn (seeded) until float32 torch agrees with float64 torch to 1e-6
# relative, which keeps them away from kinks and rounding ties, so a
# float32 implementation should match outputs to 1e-5 and gradients to
# 1e-4. Quantized variants use torch.fake_quantize_*, whose ONNX export is
# QuantizeLinear/DequantizeLinear and whose gradient is the clipped
# straight-through rule gshap documents; their references are computed in
# float32 where torch has no float64 kernel (the rule is the same).

import argparse
import io
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

from gsonnx import fmt_in, fmt_ref, write_numbers

warnings.filterwarnings("ignore")

SCRIPT = "scripts/make-sweep.py"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = 3            # rows per fixture
OPSETS = (13, 17)   # opsets every module is exported at
MAX_COLS = 10       # most gradient columns per fixture


# --------------------------------------------------------------------------
# The modules. Each is (name, what it exercises, factory, row shape,
# options); a factory makes the module after the seed is set.

class Act(nn.Module):
    """Linear(6, 8), an activation, Linear(8, 3)."""

    def __init__(self, act):
        super().__init__()
        self.a, self.act, self.b = nn.Linear(6, 8), act, nn.Linear(8, 3)

    def forward(self, x):
        return self.b(self.act(self.a(x)))


class Fn(nn.Module):
    """Linear(6, 8), a function of the activations, Linear(k, 3)."""

    def __init__(self, fn, k=8):
        super().__init__()
        self.a, self.fn, self.b = nn.Linear(6, 8), fn, nn.Linear(k, 3)

    def forward(self, x):
        return self.b(self.fn(self.a(x)))


class CNN(nn.Module):
    """Conv2d(c, 4, 3, pad 1), a block, flatten with view, Linear."""

    def __init__(self, block, c=1, hw=8, feat=None):
        super().__init__()
        self.conv, self.block = nn.Conv2d(c, 4, 3, padding=1), block
        with torch.no_grad():
            n = self.block(self.conv(torch.zeros(1, c, hw, hw))).numel()
        self.fc = nn.Linear(n, 3)

    def forward(self, x):
        y = self.block(self.conv(x))
        return self.fc(y.view(y.size(0), -1))


class Seq(nn.Sequential):
    pass


class SiLU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)


class Mish(nn.Module):
    def forward(self, x):
        return x * torch.tanh(F.softplus(x))


class RMSNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.w = nn.Parameter(torch.rand(d) + 0.5)

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * \
            self.w


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b = nn.Linear(6, 6), nn.Linear(6, 6)
        self.norm, self.head = nn.LayerNorm(6), nn.Linear(6, 3)

    def forward(self, x):
        h = x + self.b(F.relu(self.a(x)))
        return self.head(self.norm(h))


class BasicBlock(nn.Module):
    """A ResNet basic block with a 1x1 projection shortcut."""

    def __init__(self):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4)
        self.c2, self.b2 = nn.Conv2d(4, 4, 3, padding=1), nn.BatchNorm2d(4)
        self.sc = nn.Conv2d(2, 4, 1)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)) + self.sc(x))
        return self.fc(F.adaptive_avg_pool2d(y, 1).flatten(1))


class SqueezeExcite(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.fc1, self.fc2 = nn.Linear(4, 2), nn.Linear(2, 4)
        self.head = nn.Linear(4 * 6 * 6, 3)

    def forward(self, x):
        y = self.conv(x)
        s = y.mean((2, 3))
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        y = y * s[:, :, None, None]
        return self.head(y.flatten(1))


class Attention(nn.Module):
    """Scaled dot-product self-attention written by hand, [N, 5, 4]."""

    def __init__(self):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(4, 4), nn.Linear(4, 4), \
            nn.Linear(4, 4)
        self.o = nn.Linear(4, 3)

    def forward(self, x):
        q, k, v = self.q(x), self.k(x), self.v(x)
        a = torch.softmax(q @ k.transpose(-2, -1) / q.size(-1) ** 0.5, -1)
        return self.o((a @ v).mean(1))


class CausalAttention(nn.Module):
    """Attention with a causal mask through masked_fill."""

    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(4, 12)
        self.o = nn.Linear(4, 3)
        self.register_buffer("mask", torch.triu(torch.ones(5, 5,
            dtype=torch.bool), 1))

    def forward(self, x):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        s = q @ k.transpose(1, 2) / 2.0
        s = s.masked_fill(self.mask, float("-inf"))
        return self.o((torch.softmax(s, -1) @ v)[:, -1])


class MHA(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.MultiheadAttention(4, 2, batch_first=True)
        self.o = nn.Linear(4, 3)

    def forward(self, x):
        y, _ = self.a(x, x, x, need_weights=False)
        return self.o(y.mean(1))


class Encoder(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.e = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0,
            activation=act, batch_first=True)
        self.o = nn.Linear(4, 3)

    def forward(self, x):
        return self.o(self.e(x)[:, 0])


class RNNLast(nn.Module):
    """A recurrent layer over [N, 5, 3]; a head on the last step."""

    def __init__(self, cell, **kw):
        super().__init__()
        self.r = cell(3, 4, batch_first=True, **kw)
        d = 2 if kw.get("bidirectional") else 1
        self.o = nn.Linear(4 * d, 3)

    def forward(self, x):
        y, _ = self.r(x)
        return self.o(y[:, -1])


class GRUHidden(nn.Module):
    def __init__(self):
        super().__init__()
        self.r = nn.GRU(3, 4, batch_first=True)
        self.o = nn.Linear(4, 3)

    def forward(self, x):
        _, h = self.r(x)
        return self.o(h[0])


class LSTMState(nn.Module):
    """An LSTM with explicit zero initial states of the batch size."""

    def __init__(self):
        super().__init__()
        self.r = nn.LSTM(3, 4, batch_first=True)
        self.o = nn.Linear(4, 3)

    def forward(self, x):
        h = x.new_zeros(1, x.size(0), 4)
        y, _ = self.r(x, (h, h))
        return self.o(y[:, -1])


class LSTMCellLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.LSTMCell(3, 4)
        self.o = nn.Linear(4, 3)

    def forward(self, x):
        h = x.new_zeros(x.size(0), 4)
        c = x.new_zeros(x.size(0), 4)
        for t in range(x.size(1)):
            h, c = self.c(x[:, t], (h, c))
        return self.o(h)


class ConcatZeros(nn.Module):
    def __init__(self):
        super().__init__()
        self.o = nn.Linear(9, 3)

    def forward(self, x):
        return self.o(torch.cat([x, x.new_zeros(x.size(0), 3)], 1))


class Chunk(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(4, 3)

    def forward(self, x):
        u, v = self.a(x).chunk(2, dim=1)
        return self.o(u * torch.sigmoid(v))


class SplitSizes(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(5, 3)

    def forward(self, x):
        u, v, w = torch.split(self.a(x), [2, 3, 3], dim=1)
        return self.o(torch.cat([u.abs(), v * w], 1))


class SliceSteps(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(7, 3)

    def forward(self, x):
        h = self.a(x)
        return self.o(torch.cat([h[:, 1:5], h[:, ::3]], 1))


class Reduce(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.a, self.fn, self.o = nn.Linear(6, 12), fn, nn.Linear(4, 3)

    def forward(self, x):
        return self.o(self.fn(self.a(x).view(-1, 3, 4)))


class PermuteMix(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(4, 4), nn.Linear(20, 3)

    def forward(self, x):
        y = self.a(x.permute(0, 2, 1).transpose(1, 2))
        return self.o(y.unsqueeze(1).squeeze(1).reshape(x.size(0), -1))


class ExpandRepeat(nn.Module):
    def __init__(self):
        super().__init__()
        self.b = nn.Parameter(torch.randn(1, 1, 4))
        self.o = nn.Linear(3 * 8, 3)

    def forward(self, x):
        y = x + self.b.expand(x.size(0), 3, 4)
        return self.o(y.repeat(1, 1, 2).flatten(1))


class WhereMask(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(8, 3)

    def forward(self, x):
        h = self.a(x)
        return self.o(torch.where(h > 0, h, 0.1 * h))


class BoolMask(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(8, 3)

    def forward(self, x):
        h = self.a(x)
        return self.o(h * (h > 0).float() + torch.maximum(h, -h) * 0.5)


class GatherIdx(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(5, 3)
        self.register_buffer("idx", torch.tensor([0, 3, 3, 7, 1]))

    def forward(self, x):
        h = self.a(x)
        return self.o(h[:, self.idx] + h.index_select(1, self.idx))


class Normalize(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(8, 3)

    def forward(self, x):
        return self.o(F.normalize(self.a(x), dim=-1))


class LogSoftmaxHead(nn.Module):
    def __init__(self, manual=False):
        super().__init__()
        self.a, self.manual = nn.Linear(6, 4), manual

    def forward(self, x):
        z = 3 * self.a(x)
        if self.manual:
            return torch.log(torch.softmax(z, -1))
        return F.log_softmax(z, -1)


class FakeQuant(nn.Module):
    """An MLP whose weights and activations go through fake quantisation
    (QuantizeLinear/DequantizeLinear in ONNX)."""

    def __init__(self, per_channel=False, signed=False):
        super().__init__()
        self.a, self.o = nn.Linear(6, 8), nn.Linear(8, 3)
        self.pc, self.signed = per_channel, signed

    def q(self, t, scale):
        lo, hi = (-128, 127) if self.signed else (0, 255)
        zp = 0 if self.signed else 128
        return torch.fake_quantize_per_tensor_affine(t, scale, zp, lo, hi)

    def forward(self, x):
        w = self.a.weight
        if self.pc:
            s = (w.abs().amax(1) / 127).detach()
            w = torch.fake_quantize_per_channel_affine(w, s,
                torch.zeros(8, dtype=torch.int32), 0, -128, 127)
        else:
            w = self.q(w, 0.02)
        h = F.relu(F.linear(self.q(x, 0.05), w, self.a.bias))
        return self.o(self.q(h, 0.05))


class QuantConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(1, 4, 3, padding=1)
        self.o = nn.Linear(4 * 2 * 2, 3)

    def forward(self, x):
        x = torch.fake_quantize_per_tensor_affine(x, 0.05, 128, 0, 255)
        w = torch.fake_quantize_per_channel_affine(self.c.weight,
            (self.c.weight.abs().amax((1, 2, 3)) / 127).detach(),
            torch.zeros(4, dtype=torch.int32), 0, -128, 127)
        y = F.max_pool2d(F.relu(F.conv2d(x, w, self.c.bias, padding=1)), 2)
        return self.o(y.flatten(1))


class StaticQuant(nn.Module):
    """A CNN quantised by torch.ao.quantization (int8 kernels): exported
    as QuantizeLinear, Cast to uint8 and DequantizeLinear around each
    layer. Torch runs it without gradients, so the reference is its
    outputs only."""

    def __init__(self):
        super().__init__()
        import torch.ao.quantization as tq
        self.q, self.dq = tq.QuantStub(), tq.DeQuantStub()
        self.c, self.r = nn.Conv2d(1, 2, 3), nn.ReLU()
        self.f = nn.Linear(2 * 4 * 4, 3)

    def forward(self, x):
        x = self.r(self.c(self.q(x)))
        return self.dq(self.f(torch.flatten(x, 1)))


def static_quant():
    import torch.ao.quantization as tq
    m = StaticQuant().eval()
    m.qconfig = tq.get_default_qconfig("fbgemm")
    tq.prepare(m, inplace=True)
    m(torch.randn(16, 1, 6, 6))
    tq.convert(m, inplace=True)
    return m


class LnGeluMLP(nn.Module):
    """The benchmark's LayerNorm + GELU MLP: 30-64-32-1 like the demo."""

    def __init__(self):
        super().__init__()
        self.a, self.na = nn.Linear(30, 64), nn.LayerNorm(64)
        self.b, self.nb = nn.Linear(64, 32), nn.LayerNorm(32)
        self.o = nn.Linear(32, 1)

    def forward(self, x):
        h = F.gelu(self.na(self.a(x)))
        h = F.gelu(self.nb(self.b(h)))
        return torch.sigmoid(self.o(h))


class ViewCNN(nn.Module):
    """The benchmark's digits CNN written with AvgPool2d and view."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(1, 8, 3, padding=1)
        self.f = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        y = F.avg_pool2d(F.relu(self.c(x.view(x.size(0), 1, 8, 8))), 2)
        return torch.softmax(self.f(y.view(y.size(0), -1)), -1)


def up(mode, **kw):
    return nn.Upsample(scale_factor=2, mode=mode, **kw)


MODULES = [
    # activations
    ("relu", "ReLU", lambda: Act(nn.ReLU()), (6,), {}),
    ("leakyrelu", "LeakyReLU(0.1)", lambda: Act(nn.LeakyReLU(0.1)), (6,),
        {}),
    ("elu", "ELU(0.7)", lambda: Act(nn.ELU(0.7)), (6,), {}),
    ("selu", "SELU", lambda: Act(nn.SELU()), (6,), {}),
    ("celu", "CELU(1.5)", lambda: Act(nn.CELU(1.5)), (6,), {}),
    ("gelu", "GELU, erf form (the default)", lambda: Act(nn.GELU()), (6,),
        {}),
    ("gelu_tanh", "GELU, tanh approximation",
        lambda: Act(nn.GELU(approximate="tanh")), (6,), {}),
    ("silu", "x * sigmoid(x) written out", lambda: Act(SiLU()), (6,), {}),
    ("silu_mod", "nn.SiLU", lambda: Act(nn.SiLU()), (6,), {}),
    ("mish", "x * tanh(softplus(x))", lambda: Act(Mish()), (6,), {}),
    ("softplus", "Softplus(beta=2)", lambda: Act(nn.Softplus(2)), (6,), {}),
    ("softsign", "Softsign", lambda: Act(nn.Softsign()), (6,), {}),
    ("hardtanh", "Hardtanh", lambda: Act(nn.Hardtanh()), (6,), {}),
    ("relu6", "ReLU6", lambda: Act(nn.ReLU6()), (6,), {}),
    ("hardsigmoid", "Hardsigmoid", lambda: Act(nn.Hardsigmoid()), (6,), {}),
    ("hardswish", "Hardswish", lambda: Act(nn.Hardswish()), (6,), {}),
    ("prelu", "PReLU, one slope per channel",
        lambda: Act(nn.PReLU(8, 0.2)), (6,), {}),
    ("tanh", "Tanh", lambda: Act(nn.Tanh()), (6,), {}),
    ("sigmoid", "Sigmoid", lambda: Act(nn.Sigmoid()), (6,), {}),
    ("logsigmoid", "LogSigmoid", lambda: Act(nn.LogSigmoid()), (6,), {}),
    ("tanhshrink", "Tanhshrink", lambda: Act(nn.Tanhshrink()), (6,), {}),
    ("abs_clamp", "abs, clamp_min, clamp",
        lambda: Fn(lambda h: h.abs().clamp_min(0.1) + h.clamp(-0.5, 0.5)),
        (6,), {}),
    ("where", "torch.where(h > 0, h, 0.1 h)", WhereMask, (6,), {}),
    ("boolmask", "h * (h > 0).float() + maximum(h, -h) / 2", BoolMask,
        (6,), {}),
    # norms
    ("layernorm", "LayerNorm(8)", lambda: Act(nn.LayerNorm(8)), (6,), {}),
    ("layernorm_na", "LayerNorm without affine",
        lambda: Act(nn.LayerNorm(8, elementwise_affine=False)), (6,), {}),
    ("rmsnorm", "RMSNorm written by hand", lambda: Act(RMSNorm(8)), (6,),
        {}),
    ("batchnorm1d", "BatchNorm1d (eval)", lambda: Act(nn.BatchNorm1d(8)),
        (6,), {"bn": True}),
    ("normalize", "F.normalize(dim=-1)", Normalize, (6,), {}),
    ("groupnorm", "GroupNorm(2, 4) in a CNN",
        lambda: CNN(nn.GroupNorm(2, 4)), (1, 8, 8), {}),
    ("instnorm", "InstanceNorm2d(affine) in a CNN",
        lambda: CNN(nn.InstanceNorm2d(4, affine=True)), (1, 8, 8), {}),
    ("batchnorm2d", "BatchNorm2d (eval) in a CNN",
        lambda: CNN(nn.BatchNorm2d(4)), (1, 8, 8), {"bn": True}),
    ("residual", "residual MLP block with layer_norm", Residual, (6,), {}),
    # pooling and convolutions
    ("maxpool", "MaxPool2d(2) in a CNN", lambda: CNN(nn.MaxPool2d(2)),
        (1, 8, 8), {}),
    ("avgpool", "AvgPool2d(2), count_include_pad default",
        lambda: CNN(nn.AvgPool2d(2)), (1, 8, 8), {}),
    ("avgpool_pad", "AvgPool2d(3, 2, padding=1)",
        lambda: CNN(nn.AvgPool2d(3, 2, 1)), (1, 8, 8), {}),
    ("avgpool_ceil", "AvgPool2d(3, 2, ceil_mode=True)",
        lambda: CNN(nn.AvgPool2d(3, 2, ceil_mode=True)), (1, 8, 8), {}),
    ("adaptive_avg", "AdaptiveAvgPool2d(1)",
        lambda: CNN(nn.AdaptiveAvgPool2d(1)), (1, 8, 8), {}),
    ("adaptive_max", "AdaptiveMaxPool2d(1)",
        lambda: CNN(nn.AdaptiveMaxPool2d(1)), (1, 8, 8), {}),
    ("conv1d", "Conv1d, ReLU, MaxPool1d, AvgPool1d",
        lambda: Seq(nn.Conv1d(2, 4, 3, padding=1), nn.ReLU(),
            nn.MaxPool1d(2), nn.AvgPool1d(2), nn.Flatten(),
            nn.Linear(8, 3)), (2, 8), {}),
    ("conv3d", "Conv3d, MaxPool3d, AvgPool3d",
        lambda: Seq(nn.Conv3d(1, 2, 3, padding=1), nn.MaxPool3d(2),
            nn.AvgPool3d(2), nn.Flatten(), nn.Linear(2, 3)), (1, 4, 4, 4),
        {}),
    ("convt2d", "ConvTranspose2d(stride 2)",
        lambda: Seq(nn.ConvTranspose2d(1, 2, 3, stride=2, padding=1,
            output_padding=1), nn.Tanh(), nn.Flatten(),
            nn.Linear(2 * 8 * 8, 3)), (1, 4, 4), {}),
    ("convt1d", "ConvTranspose1d",
        lambda: Seq(nn.ConvTranspose1d(2, 3, 3, stride=2), nn.Flatten(),
            nn.Linear(3 * 11, 3)), (2, 5), {}),
    ("depthwise", "depthwise Conv2d(groups=4)",
        lambda: CNN(nn.Conv2d(4, 4, 3, groups=4)), (1, 8, 8), {}),
    ("conv_dilated", "Conv2d(dilation 2, padding 2)",
        lambda: CNN(nn.Conv2d(4, 2, 3, padding=2, dilation=2)),
        (1, 8, 8), {}),
    ("conv_reflect", "Conv2d(padding_mode='reflect')",
        lambda: CNN(nn.Conv2d(4, 2, 3, padding=1, padding_mode="reflect")),
        (1, 8, 8), {}),
    ("pad_reflect", "ReflectionPad2d", lambda: CNN(nn.ReflectionPad2d(1), hw=6),
        (1, 6, 6), {}),
    ("pad_edge", "ReplicationPad2d", lambda: CNN(nn.ReplicationPad2d(2), hw=6),
        (1, 6, 6), {}),
    ("pad_const", "ConstantPad2d((1, 2, 0, 1), 0.5)",
        lambda: CNN(nn.ConstantPad2d((1, 2, 0, 1), 0.5), hw=6), (1, 6, 6), {}),
    ("upsample", "Upsample(nearest)", lambda: CNN(up("nearest"), hw=4),
        (1, 4, 4), {}),
    ("upsample_bilinear", "Upsample(bilinear)",
        lambda: CNN(up("bilinear"), hw=4), (1, 4, 4), {}),
    ("upsample_align", "Upsample(bilinear, align_corners=True)",
        lambda: CNN(up("bilinear", align_corners=True), hw=4), (1, 4, 4), {}),
    ("basicblock", "ResNet basic block, BatchNorm, adaptive pooling",
        BasicBlock, (2, 6, 6), {"bn": True}),
    ("se", "squeeze-excitation", SqueezeExcite, (2, 6, 6), {}),
    # shape tricks
    ("view_flatten", "CNN with x.view(x.size(0), -1) and MaxPool",
        lambda: CNN(nn.Sequential(nn.ReLU(), nn.MaxPool2d(2))), (1, 8, 8),
        {}),
    ("flatten", "torch.flatten(x, 1)",
        lambda: Seq(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(72, 3)),
        (1, 8, 8), {}),
    ("concat_zeros", "torch.cat with zeros of the batch size",
        ConcatZeros, (6,), {}),
    ("chunk", "chunk(2) and a gate", Chunk, (6,), {}),
    ("split", "torch.split with sizes", SplitSizes, (6,), {}),
    ("slice", "h[:, 1:5] and h[:, ::3]", SliceSteps, (6,), {}),
    ("reduce_mean", "mean over a dim", lambda: Reduce(lambda t: t.mean(1)),
        (6,), {}),
    ("reduce_sum", "sum over a dim", lambda: Reduce(lambda t: t.sum(1)),
        (6,), {}),
    ("reduce_max", "amax over a dim", lambda: Reduce(lambda t: t.amax(1)),
        (6,), {}),
    ("reduce_norm", "L2 norm over a dim",
        lambda: Reduce(lambda t: t.norm(dim=1)), (6,), {}),
    ("permute", "permute, transpose, unsqueeze/squeeze, reshape",
        PermuteMix, (5, 4), {}),
    ("expand_repeat", "expand to the batch, repeat", ExpandRepeat, (3, 4),
        {}),
    ("gather", "h[:, idx] and index_select", GatherIdx, (6,), {}),
    # attention
    ("attention", "scaled dot-product attention by hand", Attention,
        (5, 4), {}),
    ("causal", "attention with a causal masked_fill", CausalAttention,
        (5, 4), {}),
    ("mha", "nn.MultiheadAttention(batch_first)", MHA, (5, 4), {}),
    ("encoder", "TransformerEncoderLayer(relu)", lambda: Encoder("relu"),
        (5, 4), {}),
    ("encoder_gelu", "TransformerEncoderLayer(gelu)",
        lambda: Encoder("gelu"), (5, 4), {}),
    # heads
    ("logsoftmax", "log_softmax head", LogSoftmaxHead, (6,), {}),
    ("log_of_softmax", "log(softmax(z)) written out",
        lambda: LogSoftmaxHead(True), (6,), {}),
    ("softmax", "softmax head", lambda: Seq(nn.Linear(6, 4),
        nn.Softmax(-1)), (6,), {}),
    # recurrent
    ("lstm", "LSTM, last step", lambda: RNNLast(nn.LSTM), (5, 3), {}),
    ("gru", "GRU, last step", lambda: RNNLast(nn.GRU), (5, 3), {}),
    ("rnn", "RNN (tanh), last step", lambda: RNNLast(nn.RNN), (5, 3), {}),
    ("lstm_bi", "bidirectional LSTM",
        lambda: RNNLast(nn.LSTM, bidirectional=True), (5, 3), {}),
    ("gru_hidden", "GRU's final hidden state", GRUHidden, (5, 3), {}),
    ("lstm_state", "LSTM with zeros(1, x.size(0), 4) states", LSTMState,
        (5, 3), {}),
    ("lstm_2layer", "two-layer LSTM",
        lambda: RNNLast(nn.LSTM, num_layers=2), (5, 3), {}),
    ("lstmcell", "LSTMCell unrolled over 5 steps", LSTMCellLoop, (5, 3),
        {}),
    # quantized and half precision
    ("fakequant", "fake-quantised MLP (uint8 activations, int8 weights)",
        FakeQuant, (6,), {"quant": True}),
    ("fakequant_pc", "fake-quantised MLP, per-channel weights",
        lambda: FakeQuant(True), (6,), {"quant": True}),
    ("fakequant_int8", "fake-quantised MLP, int8 activations",
        lambda: FakeQuant(signed=True), (6,), {"quant": True}),
    ("quantconv", "fake-quantised CNN, per-channel weights", QuantConv,
        (1, 4, 4), {"quant": True}),
    ("static_quant", "CNN quantised by torch.ao.quantization (int8 "
        "kernels; outputs only)", static_quant, (1, 6, 6),
        {"quant": True, "no_grad": True}),
    ("bench_ln_gelu_mlp", "the benchmark's LayerNorm + GELU MLP "
        "(30-64-32-1, on breast_cancer.csv)", LnGeluMLP, (30,), {}),
    ("bench_view_cnn", "the benchmark's CNN with view and AvgPool2d (64 "
        "inputs, on digits.csv)", ViewCNN, (64,), {}),
    ("half_mlp", "float16 MLP (SiLU), float32 input and output",
        lambda: Act(nn.SiLU()), (6,), {"half": True}),
    ("half_cnn", "float16 CNN, float32 input and output",
        lambda: CNN(nn.Sequential(nn.ReLU(), nn.AvgPool2d(2))), (1, 8, 8),
        {"half": True}),
    ("upsample_bicubic", "Upsample(bicubic)", lambda: CNN(up("bicubic"),
        hw=4), (1, 4, 4), {}),
    ("upsample_bicubic_align", "Upsample(bicubic, align_corners=True)",
        lambda: CNN(up("bicubic", align_corners=True), hw=4), (1, 4, 4),
        {}),
]


# --------------------------------------------------------------------------
# Export, conversion and references.

def export(module, row, opset):
    """The ONNX model of module, batch dimension dynamic."""
    f = io.BytesIO()
    x = torch.zeros((2,) + row)
    torch.onnx.export(module, (x,), f, opset_version=opset,
        input_names=["x"], output_names=["y"],
        dynamic_axes={"x": {0: "N"}, "y": {0: "N"}},
        do_constant_folding=True)
    return onnx.load_from_string(f.getvalue())


def to_half(model):
    """Store every float initializer and constant as FLOAT16 and compute
    in FLOAT16 between a Cast of the input and a Cast of the output, as
    converters with keep_io_types do. (The half modules avoid float
    constants inside the graph, such as GELU's sqrt(2): rounded to half,
    they would change the function torch's reference computes.)"""
    g = model.graph
    for t in g.initializer:
        if t.data_type == TensorProto.FLOAT:
            a = numpy_helper.to_array(t).astype(np.float16)
            t.CopyFrom(numpy_helper.from_array(a, t.name))
    for n in g.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR and \
                    a.t.data_type == TensorProto.FLOAT:
                v = numpy_helper.to_array(a.t).astype(np.float16)
                a.t.CopyFrom(numpy_helper.from_array(v, a.t.name))
            if n.op_type == "Cast" and a.name == "to" and \
                    a.i == TensorProto.FLOAT:
                a.i = TensorProto.FLOAT16
    xin, yout = g.input[0].name, g.output[0].name
    for n in g.node:
        for i, v in enumerate(n.input):
            if v == xin:
                n.input[i] = xin + "_h"
        for i, v in enumerate(n.output):
            if v == yout:
                n.output[i] = yout + "_h"
    g.node.insert(0, helper.make_node("Cast", [xin], [xin + "_h"],
        name="cast_in", to=TensorProto.FLOAT16))
    g.node.append(helper.make_node("Cast", [yout + "_h"], [yout],
        name="cast_out", to=TensorProto.FLOAT))
    return model


def half_reference(module):
    """The module with every parameter and buffer rounded to float16."""
    with torch.no_grad():
        for p in list(module.parameters()) + list(module.buffers()):
            if p.dtype.is_floating_point:
                p.copy_(p.half().float())
    return module


def reference(module, x, opts):
    """Outputs [N, K] and gradients {c: grad of sum_n y[n, c]} of module
    at x (float64 unless the module only runs in float32)."""
    dt = torch.float32 if opts.get("quant") else torch.float64
    m = module if opts.get("no_grad") else module.to(dt)
    xt = torch.tensor(x, dtype=dt)
    if opts.get("half"):
        xt = xt.half().to(dt)
    xt.requires_grad_(not opts.get("no_grad"))
    y = m(xt)
    y2 = y.reshape(y.shape[0], -1)
    grads = {}
    if opts.get("no_grad"):
        return y.detach().double().numpy(), grads
    for c in range(min(y2.shape[1], MAX_COLS)):
        g, = torch.autograd.grad(y2[:, c].sum(), xt, retain_graph=True)
        grads[c] = g.detach().double().numpy()
    if not opts.get("no_grad"):
        m.float()
    return y.detach().double().numpy(), grads


def pick_rows(module, row, rng, opts):
    """ROWS float32 input rows on which float32 and float64 torch agree
    to 1e-6 (away from kinks and ties)."""
    rows = []
    tries = 0
    while len(rows) < ROWS:
        tries += 1
        if tries > 2000:
            raise RuntimeError("no rows away from kinks")
        x = rng.standard_normal((1,) + row).astype(np.float32)
        if opts.get("quant"):
            rows.append(x[0])
            continue
        import copy
        m64 = copy.deepcopy(module).double()
        y64 = m64(torch.tensor(x, dtype=torch.float64)).detach().numpy()
        y32 = module(torch.tensor(x)).detach().double().numpy()
        if np.all(np.abs(y32 - y64) <= 1e-6 * np.maximum(1, np.abs(y64))):
            rows.append(x[0])
    return np.stack(rows)


def quant_rows(module, row, rng):
    """Rows whose quantised values are not within 1e-3 of a rounding tie
    (x / scale half-way between two integers), so float32 rounding agrees."""
    return np.stack([rng.standard_normal(row).astype(np.float32)
        for _ in range(ROWS)])


def write_io(path, comments, x, y, grads):
    with open(path, "w") as f:
        for c in comments:
            f.write("# %s\n" % c)
        f.write("input %s\n" % " ".join(str(d) for d in x.shape))
        write_numbers(f, x.reshape(-1), fmt_in, 8)
        f.write("output 0 %s\n" % " ".join(str(d) for d in y.shape))
        write_numbers(f, y.reshape(-1), fmt_ref, 8)
        for c, g in sorted(grads.items()):
            f.write("grad 0 %d\n" % c)
            write_numbers(f, g.reshape(-1), fmt_ref, 8)


def make(name, what, factory, row, opts, out, seed):
    rows = []
    for opset in OPSETS:
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        module = factory().eval()
        if opts.get("bn"):
            # Non-trivial running statistics.
            for mod in module.modules():
                if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
                    mod.running_mean.uniform_(-0.5, 0.5)
                    mod.running_var.uniform_(0.5, 2)
        if opts.get("half"):
            half_reference(module)
        try:
            model = export(module, row, opset)
        except Exception as e:
            msg = str(e).strip().splitlines()[0]
            print("%s at opset %d: torch cannot export it: %s" % (name,
                opset, msg), file=sys.stderr)
            rows.append(("%s_o%d" % (name, opset), what, None))
            continue
        if opts.get("half"):
            model = to_half(model)
        x = pick_rows(module, row, rng, opts)
        y, grads = reference(module, x, opts)
        stem = "%s_o%d" % (name, opset)
        onnx.save(model, os.path.join(out, stem + ".onnx"))
        ops = sorted(set(n.op_type for n in model.graph.node))
        write_io(os.path.join(out, stem + ".io"), [
            "%s: %s" % (stem, what),
            "made by %s (torch %s, onnx %s), seed %d" % (SCRIPT,
                torch.__version__, onnx.__version__, seed),
            "reference: torch %s%s" % ("float32 (fake quantisation has "
                "no float64 kernel)" if opts.get("quant") else "float64",
                ", float16-rounded weights and input" if opts.get("half")
                else ""),
            "ops: " + " ".join(ops)], x, y, grads)
        rows.append((stem, what, ops))
    return rows


def main():
    ap = argparse.ArgumentParser(description="make gshap's sweep fixtures")
    ap.add_argument("--out-dir", default=os.path.join(TOP, "tests", "data",
        "sweep"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        for m in MODULES:
            print("%-18s %s" % (m[0], m[1]))
        return
    os.makedirs(args.out_dir, exist_ok=True)
    table = []
    for i, (name, what, factory, row, opts) in enumerate(MODULES):
        if args.only and name not in args.only:
            continue
        try:
            table += make(name, what, factory, row, opts, args.out_dir,
                1000 + i)
        except Exception as e:
            print("%s: %s" % (name, e), file=sys.stderr)
            raise
    if args.only:
        return
    with open(os.path.join(args.out_dir, "README.md"), "w") as f:
        f.write("# The sweep of everyday layers\n\n"
            "Made by `%s` (do not edit by hand; change the script and "
            "rerun it). %d torch modules, each exported by "
            "torch.onnx.export at opsets %s with a dynamic batch; "
            "`NAME_oNN.io` holds %d input rows, torch's float64 outputs and "
            "the gradient of each output column (the format of "
            "tests/data/models/README.md). `make check` (test-model) loads "
            "every model, with a dynamic batch, and compares.\n\n"
            "| fixture | module | ops |\n|---|---|---|\n" % (SCRIPT,
            len(MODULES), " and ".join(str(o) for o in OPSETS), ROWS))
        for stem, what, ops in table:
            f.write("| `%s` | %s | %s |\n" % (stem, what, " ".join(ops)
                if ops is not None else "(torch %s cannot export it at "
                "this opset)" % torch.__version__))


if __name__ == "__main__":
    main()

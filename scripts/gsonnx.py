# SPDX-License-Identifier: ISC
#
# What gshap's model scripts (train-demo.py, train-credit.py, make-sweep.py,
# make-fixtures.py) share: the in-graph standardisation, the full-batch
# training loop, the held-out estimate of a recipe, the ReLU margin of
# reference rows, the ONNX export of a classifier with its class names in
# metadata_props, and the number formats of the .io reference files
# (tests/data/models/README.md).
# Imported from the scripts' own folder; it writes nothing by itself.

import numpy as np
import onnx
import torch
import torch.nn as nn


class Standardize(nn.Module):
    """(x - mean) / sd with constant buffers: Sub and Div in the graph."""

    def __init__(self, mean, sd):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean,
            dtype=torch.float32))
        self.register_buffer("sd", torch.tensor(sd, dtype=torch.float32))

    def forward(self, x):
        return (x - self.mean) / self.sd


def fit(net, xt, yt, loss_fn, lr, weight_decay, epochs):
    """Full-batch Adam on tensors xt, yt for epochs; returns the net in
    eval mode and the last loss."""
    opt = torch.optim.Adam(net.parameters(), lr=lr,
        weight_decay=weight_decay)
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(xt), yt)
        loss.backward()
        opt.step()
    return net.eval(), float(loss)


def held_out(train, accuracy, x, y, seed):
    """Accuracy on a seeded 20% of the rows of the net that train(x, y,
    seed) makes from the other 80%."""
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(x))
    cut = int(0.8 * len(x))
    tr, te = perm[:cut], perm[cut:]
    net, _ = train(x[tr], y[tr], seed)
    return accuracy(net, x[te], y[te])


def relu_margin(model, x):
    """Smallest |pre-activation| at the ReLUs for inputs x (float64)."""
    seen = []
    hooks = [m.register_forward_hook(lambda m, i, o:
        seen.append(float(i[0].abs().min())))
        for m in model.modules() if isinstance(m, nn.ReLU)]
    with torch.no_grad():
        model(torch.tensor(x, dtype=torch.float64))
    for h in hooks:
        h.remove()
    return min(seen)


def export_classifier(model, x, path, opset, classes):
    """Export model at opset to path: input `input`, output `prob`, both
    with a dynamic batch; metadata_props `classes` names the output's
    classes (comma-separated) for gshap's headers; checked, then saved."""
    torch.onnx.export(model, torch.tensor(x), path, opset_version=opset,
        input_names=["input"], output_names=["prob"],
        dynamic_axes={"input": {0: "batch"}, "prob": {0: "batch"}})
    m = onnx.load(path)
    onnx.helper.set_model_props(m, {"classes": ",".join(classes)})
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)


def provenance(script, seed, opset):
    """The .io comment lines that say how a trained model's references were
    made: by which script, libraries and seed, at which opset."""
    return ["made by %s: torch %s, onnx %s, numpy %s, seed %d" % (script,
        torch.__version__, onnx.__version__, np.__version__, seed),
        "opset %d; references from the torch module in float64 (autograd) "
        "from the float32 weights" % opset]


def write_reference(path, model, x, comments):
    """Outputs [N, K] of model (made float64) at rows x [N, d] and the
    gradient of each output column's sum, by torch autograd, written to
    path in the .io format after the comment lines, 6 numbers a line;
    returns them (numpy: the outputs and a list of K gradients)."""
    ref = model.double()
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = ref(xt)
    grads = [torch.autograd.grad(y[:, k].sum(), xt, retain_graph=True)[0]
        .numpy() for k in range(y.shape[1])]
    y = y.detach().numpy()
    with open(path, "w") as f:
        for c in comments:
            f.write("# %s\n" % c)
        f.write("input %d %d\n" % x.shape)
        write_numbers(f, x.reshape(-1), fmt_in, 6)
        f.write("output 0 %d %d\n" % y.shape)
        write_numbers(f, y.reshape(-1), fmt_ref, 6)
        for k, g in enumerate(grads):
            f.write("grad 0 %d\n" % k)
            write_numbers(f, g.reshape(-1), fmt_ref, 6)
    return y, grads


def fmt_in(v):
    """Shortest text that reads back as the same float32."""
    v = np.float32(v)
    s = np.format_float_positional(v, unique=True, trim="-")
    if len(s) > 12:
        s = np.format_float_scientific(v, unique=True, trim="-")
    return s


def fmt_ref(v):
    """A reference value: 9 significant digits, float32's round trip."""
    return "%.9g" % v


def write_numbers(f, values, fmt, per_line):
    """values, fmt'ed, per_line to a line of f."""
    values = list(values)
    for i in range(0, len(values), per_line):
        f.write(" ".join(fmt(v) for v in values[i:i + per_line]) + "\n")

#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# The ONNX project's own node tests, for every op gshap supports, as
# models of one float input: tests/data/onnx-node/NNN/{model.onnx,
# input_0.pb, output_K.pb} (numbered: some test names are too long for a
# tar archive) and tests/data/onnx-node/MANIFEST, which
# `make check` (test-node) reads. Needs Debian's python3-onnx (its
# onnx.backend.test.case.node generators) and python3-numpy; run it with
# the system python3 from the top of the source tree:
#
#   python3 scripts/make-node-tests.py [--out-dir DIR]
#
# A node test is a model with its own inputs and expected outputs. gshap
# explains a function of one float tensor with a batch dimension first,
# so each test becomes one:
#   - its first floating-point input stays the input; every other input
#     becomes an initializer holding the test's own data;
#   - a Reshape in front takes [1, *shape] to the input's shape, and a
#     Reshape after each output adds the batch dimension of 1 back;
#   - everything else (the node, its attributes, its opset) is unchanged.
# The MANIFEST says for each test of a supported op: "run NNN NAME OP"
# (compared at the ONNX runner's tolerance, rtol 1e-3, atol 1e-7),
# "refused NNN NAME OP TEXT" (an op variant gshap declines, with the text
# its message must contain), or "skip - NAME OP REASON" (why it cannot be
# a model of one float input).

import argparse
import collections
import glob
import os
import re
import shutil
import sys

import numpy as np

# The Debian test generators predate numpy 1.24 and use removed aliases.
for _name, _value in (("float", float), ("int", int), ("bool", bool),
        ("object", object), ("complex", complex)):
    if _name not in np.__dict__:
        setattr(np, _name, _value)

import onnx  # noqa: E402
import onnx.backend.test.case.node as node_test  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

SCRIPT = "scripts/make-node-tests.py"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOATS = (TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16,
    TensorProto.BFLOAT16)
MAX_BYTES = 64 * 1024       # largest test kept (model and data)

# Variants of supported ops that gshap refuses, found from the node's
# attributes and inputs: each such test is checked to be refused with
# this text in the message.
REFUSED = {
    "outputs": "output 1 ('",
    "tf_crop_and_resize": "tf_crop_and_resize",
    "half_pixel_symmetric": "half_pixel_symmetric",
    "antialias": "antialias=1 is not supported",
    "aspect": "keep_aspect_ratio_policy",
    "peepholes": "peephole weights",
    "seq_lens": "sequences of different lengths",
    "rnn_clip": "'clip' is not supported",
    "training": "training_mode",
}


# Ops whose floating-point inputs are parameters gshap needs constant
# (the data input being an integer tensor, or there being none).
PARAMS_ONLY = {
    "DequantizeLinear": "the scale (the data input is an integer tensor)",
    "Range": "start, limit and delta",
}


# Tests whose expected values an old onnx computed otherwise than the
# op's current definition.
_BF16 = "onnx 1.12's expected values truncate to BFLOAT16; gshap " \
    "rounds to nearest even, as torch does"
DISAGREE = {
    "test_cast_FLOAT_to_BFLOAT16": _BF16,
    "test_castlike_FLOAT_to_BFLOAT16": _BF16,
    "test_castlike_FLOAT_to_BFLOAT16_expanded": _BF16,
}


def as_tensor(a, name, elem):
    """A TensorProto of array a typed elem (BFLOAT16 comes as the uint16
    bit patterns numpy holds it in)."""
    a = np.asarray(a)
    if elem == TensorProto.BFLOAT16 and a.dtype == np.uint16:
        t = TensorProto()
        t.name = name
        t.data_type = TensorProto.BFLOAT16
        t.dims.extend(a.shape)
        t.raw_data = a.astype("<u2").tobytes()
        return t
    return numpy_helper.from_array(a, name)


def supported_ops():
    """The ONNX op types gshap implements, read from its sources."""
    ops = set()
    pat = re.compile(r'(?:\.name = |[A-Z]+_OP\()"(\w+)"')
    for path in glob.glob(os.path.join(TOP, "src", "model", "op-*.c")):
        with open(path) as f:
            ops.update(pat.findall(f.read()))
    return ops


def refusal(model, inputs):
    """The REFUSED key that applies to a test, or None."""
    g = model.graph
    data = {vi.name: np.asarray(v) for vi, v in zip(g.input, inputs)}
    data.update({t.name: numpy_helper.to_array(t) for t in g.initializer})
    used = set(o.name for o in g.output)
    for n in g.node:
        used.update(n.input)
    for n in g.node:
        at = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        first = {"Dropout": 1, "MaxPool": 1, "BatchNormalization": 1}
        if n.op_type in first and any(o and o in used
                for o in n.output[first[n.op_type]:]):
            return "outputs"
        if n.op_type == "Resize":
            c = at.get("coordinate_transformation_mode", b"")
            if c in (b"tf_crop_and_resize", b"half_pixel_symmetric"):
                return c.decode()
            if at.get("antialias", 0):
                return "antialias"
            if at.get("keep_aspect_ratio_policy", b"stretch") != b"stretch":
                return "aspect"
        if n.op_type in ("LSTM", "GRU", "RNN"):
            if "clip" in at:
                return "rnn_clip"
            if n.op_type == "LSTM" and len(n.input) > 7 and n.input[7]:
                return "peepholes"
            if len(n.input) > 4 and n.input[4] and \
                    len(set(data[n.input[4]].ravel().tolist())) > 1:
                return "seq_lens"
        if n.op_type == "Dropout" and len(n.input) > 2 and n.input[2] and \
                bool(data[n.input[2]]):
            return "training"
        if n.op_type == "BatchNormalization" and \
                at.get("training_mode", 0):
            return "training"
    return None


def primary_op(case, model, ops):
    """The op a test is counted under: its one node's, else the op its
    name starts with."""
    kinds = [n.op_type for n in model.graph.node]
    if len(set(kinds)) == 1:
        return kinds[0]
    key = case.name[5:].replace("_", "").lower()
    best = None
    for op in ops:
        if key.startswith(op.lower()) and (best is None or
                len(op) > len(best)):
            best = op
    return best or kinds[0]


def value_type(vi):
    t = vi.type
    if not t.HasField("tensor_type"):
        return None
    return t.tensor_type.elem_type


def depends_on_data(model, name):
    """Whether every graph output depends on the values of input name
    (Shape and Size read only its shape)."""
    dyn = {name}
    for n in model.graph.node:
        ins = list(n.input)
        if n.op_type in ("Shape", "Size"):
            ins = ins[1:]
        if any(i in dyn for i in ins if i):
            dyn.update(o for o in n.output if o)
    return all(o.name in dyn for o in model.graph.output)


def wrap(case, inputs, outputs):
    """The test as a model of one float input with a batch dimension, or
    (None, reason)."""
    model = case.model
    g = model.graph
    if any(not vi.type.HasField("tensor_type") for vi in g.input) or \
            any(not vi.type.HasField("tensor_type") for vi in g.output):
        return None, "sequence, map or optional values"
    k = None
    for i, vi in enumerate(g.input):
        if value_type(vi) in FLOATS:
            k = i
            break
    if k is None:
        return None, "no floating-point input"
    op0 = g.node[0].op_type if len(g.node) == 1 else None
    if op0 in PARAMS_ONLY:
        return None, "its float inputs are %s, which gshap takes as " \
            "constants" % PARAMS_ONLY[op0]
    if case.name in DISAGREE:
        return None, DISAGREE[case.name]
    if np.asarray(inputs[k]).size == 0:
        return None, "the input is empty"
    if any(np.asarray(o).size == 0 for o in outputs):
        return None, "an output is empty"
    x = np.asarray(inputs[k])
    if any(np.asarray(o).dtype == object for o in outputs) or \
            any(np.asarray(v).dtype == object for v in inputs):
        return None, "string values"
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    name = g.input[k].name
    inits = []
    for i, vi in enumerate(model.graph.input):
        if i != k:
            inits.append(as_tensor(inputs[i], vi.name, value_type(vi)))
    opset = max([o.version for o in m.opset_import
        if o.domain in ("", "ai.onnx")] or [13])
    if opset < 7:
        # gshap reads opsets 7 to 21: move an older test to 7 when every
        # op it uses is the same version there.
        for n in g.node:
            if onnx.defs.get_schema(n.op_type, opset).since_version != \
                    onnx.defs.get_schema(n.op_type, 7).since_version:
                return None, "opset %d, whose %s differs from opset 7's" \
                    % (opset, n.op_type)
        for o in m.opset_import:
            if o.domain in ("", "ai.onnx"):
                o.version = 7
    if not depends_on_data(model, name):
        return None, "its outputs depend on the input's shape, not its " \
            "values"
    xin = "gshap_x"
    inits.append(numpy_helper.from_array(np.array(x.shape,
        dtype=np.int64), "gshap_x_shape"))
    nodes = [helper.make_node("Reshape", [xin, "gshap_x_shape"], [name],
        name="gshap_unbatch")]
    outs = []
    for j, vi in enumerate(model.graph.output):
        y = np.asarray(outputs[j])
        sname = "gshap_y%d_shape" % j
        inits.append(numpy_helper.from_array(np.array((1,) + y.shape,
            dtype=np.int64), sname))
        nodes_after = helper.make_node("Reshape", [vi.name, sname],
            ["gshap_y%d" % j], name="gshap_batch%d" % j)
        outs.append((nodes_after, helper.make_tensor_value_info(
            "gshap_y%d" % j, value_type(vi) or TensorProto.FLOAT,
            (1,) + y.shape)))
    del g.input[:]
    g.input.append(helper.make_tensor_value_info(xin,
        value_type(model.graph.input[k]), (1,) + x.shape))
    old_nodes = list(g.node)
    del g.node[:]
    g.node.extend(nodes + old_nodes + [n for n, _ in outs])
    del g.output[:]
    g.output.extend([v for _, v in outs])
    g.initializer.extend(inits)
    return (m, x.reshape((1,) + x.shape), value_type(model.graph.input[k]),
        [value_type(vi) for vi in model.graph.output]), None


def main():
    ap = argparse.ArgumentParser(description="make gshap's ONNX node "
        "test fixtures")
    ap.add_argument("--out-dir", default=os.path.join(TOP, "tests", "data",
        "onnx-node"))
    args = ap.parse_args()
    ops = supported_ops()
    cases = node_test.collect_testcases(None)
    if os.path.exists(args.out_dir):
        shutil.rmtree(args.out_dir)
    os.makedirs(args.out_dir)
    lines = []
    counts = collections.defaultdict(lambda: collections.Counter())
    seen = set()
    for case in sorted(cases, key=lambda c: c.name):
        kinds = set(n.op_type for n in case.model.graph.node)
        if not kinds <= ops or case.name in seen:
            continue	# an op gshap lacks, or a name onnx repeats
        seen.add(case.name)
        op = primary_op(case, case.model, ops)
        if len(case.data_sets) != 1:
            lines.append("skip - %s %s %d data sets" % (case.name, op,
                len(case.data_sets)))
            counts[op]["skip"] += 1
            continue
        inputs, outputs = case.data_sets[0]
        made, why = wrap(case, inputs, outputs)
        if made is None:
            lines.append("skip - %s %s %s" % (case.name, op, why))
            counts[op]["skip"] += 1
            continue
        model, x, xtype, ytypes = made
        blobs = [model.SerializeToString(),
            as_tensor(x, "gshap_x", xtype).SerializeToString()]
        blobs += [as_tensor(o, "gshap_y%d" % j, ytypes[j])
            .SerializeToString() for j, o in enumerate(outputs)]
        if sum(len(b) for b in blobs) > MAX_BYTES:
            lines.append("skip - %s %s larger than %d KiB" % (case.name, op,
                MAX_BYTES // 1024))
            counts[op]["skip"] += 1
            continue
        num = "%03d" % len(os.listdir(args.out_dir))
        d = os.path.join(args.out_dir, num)
        os.makedirs(d)
        with open(os.path.join(d, "model.onnx"), "wb") as f:
            f.write(blobs[0])
        with open(os.path.join(d, "input_0.pb"), "wb") as f:
            f.write(blobs[1])
        for j, b in enumerate(blobs[2:]):
            with open(os.path.join(d, "output_%d.pb" % j), "wb") as f:
                f.write(b)
        key = refusal(case.model, inputs)
        if key is not None:
            lines.append("refused %s %s %s %s" % (num, case.name, op,
                REFUSED[key]))
            counts[op]["refused"] += 1
        else:
            lines.append("run %s %s %s" % (num, case.name, op))
            counts[op]["run"] += 1
    with open(os.path.join(args.out_dir, "MANIFEST"), "w") as f:
        f.write("# made by %s from onnx %s's node tests (do not edit: "
            "change the script and rerun it)\n" % (SCRIPT,
            onnx.__version__))
        f.write("# run DIR NAME OP | refused DIR NAME OP TEXT | skip - NAME "
            "OP REASON\n")
        for line in lines:
            f.write(line + "\n")
    total = collections.Counter()
    for op in sorted(counts):
        c = counts[op]
        total.update(c)
        print("%-28s run %3d  refused %2d  skip %2d" % (op, c["run"],
            c["refused"], c["skip"]))
    print("%-28s run %3d  refused %2d  skip %2d" % ("total", total["run"],
        total["refused"], total["skip"]))


if __name__ == "__main__":
    main()

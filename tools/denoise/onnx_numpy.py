"""A tiny numpy interpreter for the few ONNX operators our exported graphs use.

onnxruntime is not packaged for Debian's Python, and onnx 1.12 has no ReferenceEvaluator, so export.py runs the
exported graph here, op by op as the ONNX spec defines them, to check that its wiring (pixel-unshuffle reshapes,
DepthToSpace mode, sigma broadcast) matches PyTorch. Not for speed.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import numpy_helper
from numpy.lib.stride_tricks import sliding_window_view


def _attrs(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, attrs):
    assert attrs.get("group", 1) == 1 and tuple(attrs.get("strides", (1, 1))) == (1, 1)
    assert tuple(attrs.get("dilations", (1, 1))) == (1, 1)
    pads = attrs.get("pads", (0, 0, 0, 0))
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    kh, kw = w.shape[2:]
    win = sliding_window_view(x, (kh, kw), axis=(2, 3))  # N, C, H', W', kh, kw
    y = np.einsum("nchwij,ocij->nohw", win, w, optimize=True)
    if b is not None:
        y = y + b.reshape(1, -1, 1, 1)
    return y.astype(np.float32)


def _reshape(x, shape, allowzero):
    shape = [int(s) for s in shape]
    if not allowzero:
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(shape)


def _depth_to_space(x, blocksize, mode):
    n, c, h, w = x.shape
    b = blocksize
    if mode == "CRD":
        y = x.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
    else:  # DCR
        y = x.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
    return y.reshape(n, c // (b * b), h * b, w * b)


def _slice(x, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[int(a)] = slice(int(s), int(e), int(st))
    return x[tuple(index)]


def run_graph(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    env: dict[str, np.ndarray] = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            out = numpy_helper.to_array(a["value"])
        elif op == "Conv":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "Sub":
            out = ins[0] - ins[1]
        elif op == "Mul":
            out = ins[0] * ins[1]
        elif op == "Identity":
            out = ins[0]
        elif op == "Reshape":
            out = _reshape(ins[0], ins[1], a.get("allowzero", 0))
        elif op == "Transpose":
            out = ins[0].transpose(a["perm"])
        elif op == "Unsqueeze":
            out = ins[0]
            for ax in sorted(int(v) for v in ins[1]):
                out = np.expand_dims(out, ax)
        elif op == "Squeeze":
            out = np.squeeze(ins[0], axis=tuple(int(v) for v in ins[1]))
        elif op == "Slice":
            out = _slice(ins[0], *[v for v in ins[1:]])
        elif op == "Shape":
            out = np.array(ins[0].shape, dtype=np.int64)
        elif op == "ConstantOfShape":
            value = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            out = np.full(tuple(int(v) for v in ins[0]), value.reshape(-1)[0], dtype=value.dtype)
        elif op == "Concat":
            out = np.concatenate(ins, axis=a["axis"])
        elif op == "ReduceMean":
            axes = tuple(int(v) for v in (a["axes"] if "axes" in a else ins[1]))
            out = ins[0].mean(axis=axes, keepdims=bool(a.get("keepdims", 1))).astype(np.float32)
        elif op == "Softplus":
            out = np.logaddexp(0, ins[0]).astype(np.float32)
        elif op == "DepthToSpace":
            out = _depth_to_space(ins[0], a["blocksize"], a.get("mode", b"DCR").decode())
        else:
            raise NotImplementedError(f"onnx_numpy: operator {op} not implemented")
        env[node.output[0]] = out
    return {o.name: env[o.name] for o in model.graph.output}

"""The speed baseline of the contract: a RANDOM-weight 20-layer x 64-channel colour DnCNN as ONNX.

    /usr/bin/python3 export_dncnn.py --out /tmp/pixtools-denoise/dncnn20x64.onnx

conv+ReLU, 18 x conv+BN+ReLU (BN folded into the conv, as an inference engine would run it), conv; residual.
Input `image` [1,3,H,W] (dynamic H, W), output `denoised`; no `sigma` input. The weights are random (with
random BN statistics, so the folding is exercised), which is all a timing needs.
"""
from __future__ import annotations

import argparse
import os

import onnx
import torch

from export import OPSET, check_dynamic_shapes, set_metadata, to_onnx, verify_against_torch
from model import DnCNN, parameter_count


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=20)
    p.add_argument("--channels", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    net = DnCNN(args.layers, args.channels)
    with torch.no_grad():  # random but plausible BN statistics, so that folding matters
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
    net.eval()
    folded = net.folded()
    x = torch.rand(1, 3, 40, 56)
    with torch.no_grad():
        assert torch.allclose(net(x), folded(x), atol=1e-4), "BN folding changed the output"
    proto = to_onnx(folded, (x,), ["image"], {"image": {2: "H", 3: "W"}, "denoised": {2: "H", 3: "W"}})
    set_metadata(proto, {"pixtools.arch": f"dncnn-{args.layers}x{args.channels}-random",
                         "pixtools.train_steps": 0, "pixtools.trained_on": "nothing (random weights, speed baseline)"})
    check_dynamic_shapes(proto, expect_inputs=1)
    worst = verify_against_torch(proto, folded, with_sigma=False)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(proto, args.out)
    ops = sorted({n.op_type for n in proto.graph.node})
    print(f"DnCNN {args.layers}x{args.channels} ({parameter_count(folded)} parameters, random) -> {args.out} "
          f"({os.path.getsize(args.out) / 1e6:.2f} MB, opset {OPSET}, ops {ops}); max |onnx - torch| = {worst:.2e}")


if __name__ == "__main__":
    main()

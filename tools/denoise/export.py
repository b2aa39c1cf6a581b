"""Checkpoint -> the two ONNX files of docs/denoise.md, then verify them.

    /usr/bin/python3 export.py        # checkpoints/latest.pt -> src/PixTools/Models/denoise.onnx, denoise-level.onnx
    /usr/bin/python3 export.py --ckpt X.pt --out Y.onnx --level-out Z.onnx

denoise.onnx: inputs `image` float32 [1,3,H,W] (H, W even, dynamic) and `sigma` float32 [1,1,1,1] (level/255);
output `denoised` float32 [1,3,H,W], not clamped. denoise-level.onnx: input `image` [1,3,H,W] (H, W even), output
`level` [1,1,1,1] (level/255). Opset 17. metadata_props: pixtools.arch, pixtools.train_steps,
pixtools.trained_on. Verification: onnx.checker, shape inference (symbolic H, W survive), and the graph run by
a small numpy interpreter (onnx_numpy.py) against PyTorch on random inputs of two sizes.
"""
from __future__ import annotations

import argparse
import io
import os
import sys

import numpy as np
import onnx
import torch

from model import FFDNET_ARCH, LEVEL_ARCH, FFDNet, LevelNet

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_CKPT = os.path.join(HERE, "checkpoints", "latest.pt")
DEFAULT_OUT = os.path.join(REPO, "src", "PixTools", "Models", "denoise.onnx")
DEFAULT_LEVEL_OUT = os.path.join(REPO, "src", "PixTools", "Models", "denoise-level.onnx")
OPSET = 17


def to_onnx(model: torch.nn.Module, example: tuple, input_names: list[str], dynamic: dict,
            output: str = "denoised") -> onnx.ModelProto:
    buf = io.BytesIO()
    torch.onnx.export(model, example, buf, input_names=input_names, output_names=[output],
                      dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    return onnx.load_from_string(buf.getvalue())


def set_metadata(proto: onnx.ModelProto, props: dict[str, str]) -> None:
    del proto.metadata_props[:]
    for key, value in props.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, str(value)


def check_dynamic_shapes(proto: onnx.ModelProto, expect_inputs: int, check_output: bool = True) -> None:
    onnx.checker.check_model(proto)
    inferred = onnx.shape_inference.infer_shapes(proto, strict_mode=True)
    assert len(inferred.graph.input) == expect_inputs, [i.name for i in inferred.graph.input]
    for vi in list(inferred.graph.input)[:1] + (list(inferred.graph.output) if check_output else []):
        dims = vi.type.tensor_type.shape.dim
        assert dims[2].dim_param and dims[3].dim_param, f"{vi.name}: H, W must be dynamic, got {dims}"


def export_ffdnet(ckpt: str, out: str, quiet: bool = False) -> None:
    state = torch.load(ckpt, map_location="cpu")
    model = FFDNet()
    model.load_state_dict(state["model"])
    model.eval()
    example = (torch.rand(1, 3, 64, 96), torch.full((1, 1, 1, 1), 25 / 255))
    proto = to_onnx(model, example, ["image", "sigma"], {"image": {2: "H", 3: "W"}, "denoised": {2: "H", 3: "W"}})
    set_metadata(proto, {
        "pixtools.arch": state.get("arch", FFDNET_ARCH),
        "pixtools.train_steps": state["step"],
        "pixtools.trained_on": state.get("trained_on", "plasma-workspace-wallpapers photos"),
        "pixtools.sigma_range": "0-55 (trained), input level/255 (std of the noise present, 0-255 scale)",
    })
    check_dynamic_shapes(proto, expect_inputs=2)
    worst = verify_against_torch(proto, model, with_sigma=True)
    tmp = out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    onnx.save(proto, tmp)
    os.replace(tmp, out)
    if not quiet:
        print(f"{ckpt} (step {state['step']}) -> {out} ({os.path.getsize(out) / 1e6:.2f} MB, opset {OPSET}); "
              f"checker + shape inference ok; max |onnx - torch| = {worst:.2e}")


def export_level(ckpt: str, out: str, quiet: bool = False) -> None:
    state = torch.load(ckpt, map_location="cpu")
    model = LevelNet()
    model.load_state_dict(state["level_model"])
    model.eval()
    proto = to_onnx(model, (torch.rand(1, 3, 64, 96),), ["image"], {"image": {2: "H", 3: "W"}}, output="level")
    set_metadata(proto, {
        "pixtools.arch": state.get("level_arch", LEVEL_ARCH),
        "pixtools.train_steps": state["step"],
        "pixtools.trained_on": state.get("trained_on", ""),
    })
    check_dynamic_shapes(proto, expect_inputs=1, check_output=False)
    from onnx_numpy import run_graph

    rng = np.random.default_rng(0)
    worst = 0.0
    for h, w in ((48, 80), (70, 34)):
        image = rng.random((1, 3, h, w), dtype=np.float32)
        with torch.no_grad():
            ref = model(torch.from_numpy(image)).numpy()
        got = run_graph(proto, {"image": image})["level"]
        assert got.shape == ref.shape == (1, 1, 1, 1), (got.shape, ref.shape)
        worst = max(worst, float(np.abs(got - ref).max()))
    assert worst < 1e-5, f"level ONNX graph disagrees with PyTorch: max diff {worst}"
    tmp = out + ".tmp"
    onnx.save(proto, tmp)
    os.replace(tmp, out)
    if not quiet:
        print(f"{ckpt} (step {state['step']}) -> {out} ({os.path.getsize(out) / 1e3:.0f} kB); "
              f"max |onnx - torch| = {worst:.2e}")


def verify_against_torch(proto: onnx.ModelProto, model: torch.nn.Module, with_sigma: bool) -> float:
    """Run the ONNX graph with the numpy interpreter on sizes unlike the export example; compare with PyTorch."""
    from onnx_numpy import run_graph

    rng = np.random.default_rng(0)
    worst = 0.0
    for h, w in ((48, 80), (70, 34)):
        image = rng.random((1, 3, h, w), dtype=np.float32)
        feeds = {"image": image}
        with torch.no_grad():
            if with_sigma:
                sigma = np.full((1, 1, 1, 1), 30 / 255, dtype=np.float32)
                feeds["sigma"] = sigma
                ref = model(torch.from_numpy(image), torch.from_numpy(sigma)).numpy()
            else:
                ref = model(torch.from_numpy(image)).numpy()
        got = run_graph(proto, feeds)["denoised"]
        assert got.shape == ref.shape, (got.shape, ref.shape)
        worst = max(worst, float(np.abs(got - ref).max()))
    assert worst < 1e-4, f"ONNX graph disagrees with PyTorch: max diff {worst}"
    return worst


def main() -> None:
    p = argparse.ArgumentParser(description="Export the FFDNet checkpoint to ONNX (contract) and verify it")
    p.add_argument("--ckpt", default=DEFAULT_CKPT)
    p.add_argument("--out", default=DEFAULT_OUT)
    p.add_argument("--level-out", default=DEFAULT_LEVEL_OUT)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    export_ffdnet(args.ckpt, args.out, args.quiet)
    export_level(args.ckpt, args.level_out, args.quiet)


if __name__ == "__main__":
    sys.exit(main())

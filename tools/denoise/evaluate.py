"""PSNR / SSIM of the model and the classical baselines on held-out photos, at sigma 15, 25, 50.

    /usr/bin/python3 evaluate.py                              # checkpoints/latest.pt on the skimage photos
    /usr/bin/python3 evaluate.py --set mate                   # mate-backgrounds photos (independent check)
    /usr/bin/python3 evaluate.py --onnx ../../src/PixTools/Models/denoise.onnx --max-photos 4

Noise: seeded Gaussian, clipped to 0..255 and rounded to uint8, like a saved image. Every output is rounded to
uint8 too. Baselines (OpenCV fastNlMeansDenoisingColored, median, Gaussian blur) are tuned per sigma by a grid
search on the same photos (an upper bound for them); the chosen parameter is printed. Their results are cached
under /tmp/pixtools-denoise/ since they do not depend on the model. The model runs with the true sigma and with
the automatic sigma from noise.py (what the service does with strength=auto).
"""
from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py

import cv2
import numpy as np
import torch
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

import heldout
from model import FFDNet
from noise import add_gaussian_noise, estimate_sigma

HERE = os.path.dirname(os.path.abspath(__file__))
SIGMAS = (15, 25, 50)
CACHE = "/tmp/pixtools-denoise"
TILE_MARGIN = 32  # > the receptive-field radius (24 full-res px), see the contract


def nlm(img: np.ndarray, h: float) -> np.ndarray:
    bgr = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    out = cv2.fastNlMeansDenoisingColored(bgr, None, h, h, 7, 21)
    return cv2.cvtColor(out, cv2.COLOR_BGR2RGB)


def median(img: np.ndarray, k: int) -> np.ndarray:
    return cv2.medianBlur(img, int(k))


def gaussian(img: np.ndarray, s: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), s)


# Grids per sigma, wide enough that the best value lies inside (checked on the skimage set).
BASELINES = {
    "nlm": (nlm, "h", {15: (9, 12, 15, 18), 25: (18, 22, 26, 30), 50: (24, 30, 36, 42)}),
    "median": (median, "ksize", {15: (3, 5), 25: (3, 5, 7), 50: (5, 7, 9)}),
    "gaussian": (gaussian, "sigma", {15: (0.6, 0.8, 1.0, 1.2), 25: (0.8, 1.0, 1.2, 1.5), 50: (1.2, 1.5, 1.8, 2.2)}),
}


def scores(clean: np.ndarray, out: np.ndarray) -> tuple[float, float]:
    return (peak_signal_noise_ratio(clean, out, data_range=255),
            structural_similarity(clean, out, channel_axis=2, data_range=255))


def load_model(ckpt: str | None, onnx_path: str | None) -> tuple[FFDNet, str]:
    model = FFDNet()
    if onnx_path:
        import onnx
        from onnx import numpy_helper

        proto = onnx.load(onnx_path)
        weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in proto.graph.initializer}
        model.load_state_dict({k: weights[k] for k in model.state_dict()})
        meta = {p.key: p.value for p in proto.metadata_props}
        label = f"{os.path.basename(onnx_path)} (weights from ONNX, step {meta.get('pixtools.train_steps')})"
    else:
        state = torch.load(ckpt, map_location="cpu")
        model.load_state_dict(state["model"])
        label = f"{os.path.basename(ckpt)} (step {state['step']})"
    return model.eval(), label


@torch.no_grad()
def denoise(model: FFDNet, img: np.ndarray, sigma: float, tile: int = 0) -> np.ndarray:
    """uint8 RGB -> uint8 RGB. Odd sizes padded by edge replication; optional overlapping tiles."""
    h, w = img.shape[:2]
    x = np.pad(img, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")
    t = torch.from_numpy(x).permute(2, 0, 1)[None].float() / 255.0
    s = torch.full((1, 1, 1, 1), sigma / 255.0)
    if tile <= 0 or max(t.shape[2:]) <= tile:
        y = model(t, s)
    else:
        y = torch.empty_like(t)
        H, W = t.shape[2:]
        m = TILE_MARGIN
        for y0 in range(0, H, tile):
            for x0 in range(0, W, tile):
                y1, x1 = min(y0 + tile, H), min(x0 + tile, W)
                a0, b0 = max(0, y0 - m), max(0, x0 - m)  # margins are even: tiles stay on the 2x2 grid
                a1, b1 = min(H, y1 + m), min(W, x1 + m)
                out = model(t[:, :, a0:a1, b0:b1], s)
                y[:, :, y0:y1, x0:x1] = out[:, :, y0 - a0:y1 - a0, x0 - b0:x1 - b0]
    y = y[0, :, :h, :w].permute(1, 2, 0).numpy()
    return np.clip(np.round(y * 255.0), 0, 255).astype(np.uint8)


def noisy_set(photos, sigma: int, seed: int) -> list[np.ndarray]:
    return [add_gaussian_noise(img, sigma, np.random.default_rng([seed, i, sigma])) for i, (_, img) in
            enumerate(photos)]


def tuned_baselines(photos, noisy: dict, set_name: str, seed: int) -> dict:
    """{sigma: {name: [param, psnr, ssim]}}: the grid value with the best mean PSNR per baseline and sigma.

    Each (photo, sigma, seed, baseline, parameter) score is cached in /tmp, so widening a grid or adding photos
    only computes what is new (NLM is the slow one: about a second per photo and value)."""
    path = os.path.join(CACHE, "baseline-scores.json")
    cache = {}
    if os.path.exists(path):
        with open(path) as f:
            cache = json.load(f)
    table = {}
    for sigma in SIGMAS:
        table[sigma] = {}
        for name, (fn, _, grids) in BASELINES.items():
            best = None
            for param in grids[sigma]:
                res = []
                for (photo, img), nz in zip(photos, noisy[sigma]):
                    key = f"{set_name}|{photo}|{sigma}|{seed}|{name}|{param}"
                    if key not in cache:
                        cache[key] = scores(img, fn(nz, param))
                    res.append(cache[key])
                psnr, ssim = float(np.mean([r[0] for r in res])), float(np.mean([r[1] for r in res]))
                if best is None or psnr > best[1]:
                    best = [param, psnr, ssim]
            table[sigma][name] = best
    os.makedirs(CACHE, exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(cache, f)
    os.replace(path + ".tmp", path)
    return table


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "latest.pt"))
    p.add_argument("--onnx", help="take the weights from this ONNX file instead of the checkpoint")
    p.add_argument("--set", default="skimage", choices=heldout.SETS)
    p.add_argument("--max-photos", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--tile", type=int, default=0, help="tile size in px (0: whole image)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)

    photos = heldout.load(args.set, args.max_photos)
    model, label = load_model(args.ckpt, args.onnx)
    noisy = {s: noisy_set(photos, s, args.seed) for s in SIGMAS}
    t0 = time.time()
    base = tuned_baselines(photos, noisy, args.set, args.seed)
    t_base = time.time() - t0

    rows: dict[int, dict] = {}
    t_model, mp, est_err = 0.0, 0.0, {}
    for sigma in SIGMAS:
        r = {"noisy": scores_mean(photos, noisy[sigma])}
        for name in BASELINES:
            r[name] = base[sigma][name][1:]
        outs_true, outs_auto, errs = [], [], []
        for (_, img), nz in zip(photos, noisy[sigma]):
            t1 = time.time()
            outs_true.append(denoise(model, nz, sigma, args.tile))
            t_model += time.time() - t1
            mp += img.shape[0] * img.shape[1] / 1e6
            est = estimate_sigma(nz)
            errs.append(est - sigma)
            outs_auto.append(denoise(model, nz, est, args.tile))
        r["model (true sigma)"] = scores_mean(photos, outs_true)
        r["model (auto sigma)"] = scores_mean(photos, outs_auto)
        est_err[sigma] = (float(np.mean(errs)), float(np.max(np.abs(errs))))
        rows[sigma] = r

    names = ["noisy"] + [f"{n} ({BASELINES[n][1]} per sigma)" for n in BASELINES] + ["model (true sigma)",
                                                                                    "model (auto sigma)"]
    keys = ["noisy"] + list(BASELINES) + ["model (true sigma)", "model (auto sigma)"]
    print(f"held-out set: {args.set}, {len(photos)} photos (short side {heldout.SHORT_SIDE}): "
          f"{', '.join(n for n, _ in photos)}")
    print(f"model: {label}; {args.threads} threads; baselines {'cached' if t_base < 1 else f'{t_base:.0f}s'}")
    header = f"{'method':<28}" + "".join(f"{'sigma ' + str(s) + ' PSNR/SSIM':>24}" for s in SIGMAS)
    print(header)
    for name, key in zip(names, keys):
        cells = "".join(f"{rows[s][key][0]:>14.2f} / {rows[s][key][1]:.3f}" for s in SIGMAS)
        print(f"{name:<28}{cells}")
    print(f"{'  chosen parameter':<28}" + "".join(
        f"{'nlm ' + fmt(base[s]['nlm'][0]) + ' med ' + fmt(base[s]['median'][0]) + ' gau ' + fmt(base[s]['gaussian'][0]):>24}"
        for s in SIGMAS))
    gains = []
    for s in SIGMAS:
        best_name = max(BASELINES, key=lambda n: base[s][n][1])
        gain = rows[s]["model (auto sigma)"][0] - base[s][best_name][1]
        gains.append(f"{gain:>+14.2f} dB vs {best_name:<7}")
    print(f"{'gain, auto vs best classical':<28}" + "".join(f"{g:>24}" for g in gains))
    print(f"{'auto sigma error mean/max':<28}" + "".join(
        f"{est_err[s][0]:>+14.2f} / {est_err[s][1]:.2f}" for s in SIGMAS))
    print(f"model time: {t_model / mp:.2f} s per megapixel (PyTorch, {args.threads} threads, "
          f"{'tiled ' + str(args.tile) if args.tile else 'whole image'})")


def scores_mean(photos, outs) -> tuple[float, float]:
    res = [scores(img, out) for (_, img), out in zip(photos, outs)]
    return float(np.mean([r[0] for r in res])), float(np.mean([r[1] for r in res]))


def fmt(v) -> str:
    return f"{v:g}"


if __name__ == "__main__":
    main()

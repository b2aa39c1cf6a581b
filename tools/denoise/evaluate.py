"""PSNR of the model (automatic strength) against classical filters tuned per row, on held-out photos.

    /usr/bin/python3 evaluate.py                              # checkpoints/latest.pt on the skimage photos
    /usr/bin/python3 evaluate.py --set mate                   # mate-backgrounds photos (independent check)
    /usr/bin/python3 evaluate.py --max-photos 4 --rows 1,3

Rows (degrade.py, seeded, every step clipped and rounded to 8 bits; JPEG by OpenCV's libjpeg): white Gaussian
sigma 15 / 25 / 50 saved as PNG, Gaussian sigma 25 then JPEG q90 and sigma 15 then JPEG q75 (4:2:0),
Poisson-Gaussian (variance 0.04 I + 16, channels correlated 0.3) as PNG, and the clean photo.

Baselines (Gaussian blur, median, OpenCV fastNlMeansDenoisingColored) are tuned per row by a grid search on the
same photos (an upper bound for them; the chosen value is printed); their scores are cached under
/tmp/pixtools-denoise/. The model runs with the automatic level of its estimator (`auto_level`, what the service
does for strength=auto) and, for reference, with the level actually present (degrade.level). Columns: mean PSNR
(RGB, uint8 output), the gain of auto over the best tuned filter (mean), and the worst single photo's gain over
the best of the three tuned filters on that photo. The clean row gives PSNR against the input (untouched = inf).
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

import degrade
import heldout
from degrade import Spec
from model import FFDNet, LevelNet

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = "/tmp/pixtools-denoise"
TILE_MARGIN = 32  # > the receptive-field radius (24 full-res px)
# The automatic level: the estimator on up to LEVEL_GRID x LEVEL_GRID crops of LEVEL_CROP px spread evenly over
# the image (the whole image, trimmed to even sides, when it is smaller), the 62.5th percentile of their levels
# (numpy's linear interpolation; the median until session 15: a photo whose dark or smooth crops read near 0, mate's
# RainDrops.jpg under Poisson-Gaussian noise, got a third of its level).
LEVEL_CROP = 128
LEVEL_GRID = 4
LEVEL_QUANTILE = 0.625

ROWS = (
    ("sigma 15 PNG", Spec("gaussian", sigma=15)),
    ("sigma 25 PNG", Spec("gaussian", sigma=25)),
    ("sigma 50 PNG", Spec("gaussian", sigma=50)),
    ("sigma 25 -> JPEG q90", Spec("gaussian", sigma=25, jpeg_quality=90)),
    ("sigma 15 -> JPEG q75", Spec("gaussian", sigma=15, jpeg_quality=75)),
    ("Poisson-Gauss .04I+16", Spec("poisson", a=0.04, b=16, channel_corr=0.3)),
    ("clean", Spec("none")),
)


def nlm(img: np.ndarray, h: float) -> np.ndarray:
    bgr = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    out = cv2.fastNlMeansDenoisingColored(bgr, None, h, h, 7, 21)
    return cv2.cvtColor(out, cv2.COLOR_BGR2RGB)


def median(img: np.ndarray, k: int) -> np.ndarray:
    return cv2.medianBlur(img, int(k))


def gaussian(img: np.ndarray, s: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), s)


GAUSS_GRID = (0.5, 0.7, 0.9, 1.1, 1.3, 1.6, 2.0, 2.4)
MEDIAN_GRID = (3, 5, 7)
# NLM is slow (about a second per photo and value): a grid per row around its optimum.
NLM_GRID = {"sigma 15 PNG": (9, 12, 15, 18), "sigma 25 PNG": (18, 22, 26, 30), "sigma 50 PNG": (24, 30, 36, 42),
            "sigma 25 -> JPEG q90": (9, 13, 17, 22), "sigma 15 -> JPEG q75": (5, 8, 11, 14),
            "Poisson-Gauss .04I+16": (9, 13, 17, 22)}
BASELINES = {"gaussian": (gaussian, "sigma"), "median": (median, "ksize"), "nlm": (nlm, "h")}


def grid(name: str, row: str):
    return {"gaussian": GAUSS_GRID, "median": MEDIAN_GRID, "nlm": NLM_GRID.get(row, ())}[name]


def psnr(clean: np.ndarray, out: np.ndarray) -> float:
    mse = np.mean((clean.astype(np.float64) - out.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0 ** 2 / mse))


def load_models(ckpt: str) -> tuple[FFDNet, LevelNet, str]:
    state = torch.load(ckpt, map_location="cpu")
    model, level = FFDNet(), LevelNet()
    model.load_state_dict(state["model"])
    level.load_state_dict(state["level_model"])
    return model.eval(), level.eval(), f"{os.path.basename(ckpt)} (step {state['step']})"


def crop_boxes(h: int, w: int, crop: int = LEVEL_CROP, grid_n: int = LEVEL_GRID) -> list[tuple[int, int, int, int]]:
    """(y, x, height, width) of the estimator's crops: even origins and sides, spread evenly (the C# mirror:
    DenoiseLevel.Boxes)."""
    ch, cw = min(crop, h - h % 2), min(crop, w - w % 2)
    ny = 1 if ch >= h - 1 else grid_n
    nx = 1 if cw >= w - 1 else grid_n
    boxes = []
    for i in range(ny):
        for j in range(nx):
            y = 0 if ny == 1 else (h - ch) * i // (ny - 1)
            x = 0 if nx == 1 else (w - cw) * j // (nx - 1)
            boxes.append((y - y % 2, x - x % 2, ch, cw))
    return boxes


# The strength `auto` gives the denoiser is the estimated level times a calibration factor (the service's
# StrengthCalibration; docs/denoise.md): on the held-out photos the network at the level it reads smoothed noise that
# was saved losslessly a little too much (best at 0.7x up to a level of 6 -- grain, signal-dependent noise, a clean
# photo --, 0.85x from 12 to 30, 1.0x from 45), and noise that went through JPEG too little, the more so the lower the
# quality (knots: level or quality -> factor).
LOSSLESS_KNOTS = ((6.0, 0.7), (12.0, 0.85), (30.0, 0.85), (45.0, 1.0))
JPEG_KNOTS = ((60.0, 1.3), (75.0, 1.2), (85.0, 1.1), (92.0, 0.9))


def strength_scale(level: float, jpeg_quality: int = 0) -> float:
    """The factor on the estimated level: by the level for every picture, and for a JPEG at its own size (quality 1-100,
    estimated from its quantisation tables; 0 = not a JPEG) at least the quality's factor."""
    lossless = float(np.interp(level, *zip(*LOSSLESS_KNOTS)))
    return max(lossless, float(np.interp(jpeg_quality, *zip(*JPEG_KNOTS)))) if jpeg_quality else lossless


@torch.no_grad()
def auto_level(level_model: LevelNet, img: np.ndarray, jpeg_quality: int = 0, calibrated: bool = True) -> float:
    """The automatic strength of a uint8 RGB image: the LEVEL_QUANTILE of the estimator's levels over its crops, times
    `strength_scale` (0-75, one decimal), as the service's AutoStrength.Estimate. `jpeg_quality`: the quality of the
    JPEG the pixels were decoded from (0 = not a JPEG); `calibrated=False`: the level read, without the factor."""
    t = torch.from_numpy(np.array(img)).permute(2, 0, 1)[None].float() / 255.0
    boxes = crop_boxes(*img.shape[:2])
    if not boxes or boxes[0][2] < 2 or boxes[0][3] < 2:
        return 0.0
    # A crop at least half of whose pixels lie in flat areas (keep_flat_areas) reads 0 without the network, as the service.
    flat = flat_mask(np.asarray(img))
    levels = [0.0 if flat[y:y + ch, x:x + cw].sum() * 2 >= ch * cw else float(level_model(t[:, :, y:y + ch, x:x + cw])) * 255.0
              for y, x, ch, cw in boxes]
    # Clamped to the strength range and rounded to one decimal (half away from zero), as the service reports it.
    level = float(np.quantile(levels, LEVEL_QUANTILE))
    factor = strength_scale(level, jpeg_quality) if calibrated else 1.0
    return float(np.floor(min(max(level * factor, 0.0), 75.0) * 10 + 0.5) / 10)


@torch.no_grad()
def denoise(model: FFDNet, img: np.ndarray, sigma: float, tile: int = 0) -> np.ndarray:
    """uint8 RGB -> uint8 RGB. Odd sizes padded by edge replication; optional overlapping tiles; the output blended
    with a blur of the input (blur_blend), as the service does. Strength 0 gives the input back."""
    if sigma <= 0:
        return img.copy()
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
    y = blur_blend(x, y[0].permute(1, 2, 0).numpy(), sigma)[:h, :w]
    out = np.clip(np.round(y * 255.0), 0, 255).astype(np.uint8)
    return keep_flat_areas(img, out)


# The service's last step (BlurBlend.cs): 0.9 x network + 0.1 x a Gaussian blur of the noisy input, sigma 0.04 x
# strength + 0.3 px (OpenCV's kernel size and mirrored border; the service blurs each tile with its context, the same).
BLEND_NETWORK_SHARE = 0.9


def blur_sigma(strength: float) -> float:
    return 0.04 * strength + 0.3


def blur_blend(noisy: np.ndarray, net: np.ndarray, strength: float) -> np.ndarray:
    """noisy: uint8 HxWx3 (padded to even sides), net: the network's float output in [0,1], same shape."""
    blurred = cv2.GaussianBlur(noisy.astype(np.float32) / 255.0, (0, 0), blur_sigma(strength))
    return BLEND_NETWORK_SHARE * net + (1 - BLEND_NETWORK_SHARE) * blurred


FLAT_RADIUS = 4


def flat_mask(img: np.ndarray) -> np.ndarray:
    """True where the 9x9 neighbourhood (cut at the edges) is one exact colour: local max == local min per channel."""
    kernel = np.ones((2 * FLAT_RADIUS + 1, 2 * FLAT_RADIUS + 1), np.uint8)
    return np.all(cv2.dilate(img, kernel) == cv2.erode(img, kernel), axis=2)


def keep_flat_areas(img: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Pixels whose 9x9 neighbourhood (cut at the edges) is one exact colour carry no noise: they keep their input
    colour, as the service's FlatAreas/TiledDenoiser do (local max == local min in every channel)."""
    flat = flat_mask(img)
    if flat.any():
        out = out.copy()
        out[flat] = img[flat]
    return out


def degraded_set(photos, row: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    spec = ROWS[row][1]
    return [degrade.apply(img, spec, np.random.default_rng([seed, i, row])) for i, (_, img) in enumerate(photos)]


def tuned_baselines(photos, pairs, row: int, set_name: str, seed: int, cache: dict, filters) -> dict:
    """{name: (param, mean psnr, [psnr per photo])}: the grid value with the best mean PSNR, per baseline."""
    label = ROWS[row][0]
    table = {}
    if ROWS[row][1].kind == "none":
        return table  # the clean row: nothing to filter, the model is scored against the input
    for name, (fn, _) in BASELINES.items():
        if name not in filters:
            continue
        best = None
        for param in grid(name, label):
            res = []
            for (photo, _), (noisy, target) in zip(photos, pairs):
                key = f"{set_name}|{photo}|{label}|{seed}|{name}|{param}"
                if key not in cache:
                    cache[key] = psnr(target, fn(noisy, param))
                res.append(cache[key])
            if best is None or np.mean(res) > best[1]:
                best = (param, float(np.mean(res)), res)
        if best is not None:
            table[name] = best
    return table


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ckpt", default=os.path.join(HERE, "checkpoints", "latest.pt"))
    p.add_argument("--set", default="skimage", choices=heldout.SETS)
    p.add_argument("--max-photos", type=int, default=0)
    p.add_argument("--rows", default="", help="comma-separated row numbers (0-based), default all")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--tile", type=int, default=0, help="tile size in px (0: whole image)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--skip-true", action="store_true", help="do not run the model at the true level (half the time)")
    p.add_argument("--filters", default="gaussian,median,nlm", help="classical filters to tune (nlm is the slow one)")
    p.add_argument("--scales", default="", help="also run the model at these multiples of the uncalibrated level read "
                   "(e.g. 0.7,0.85,1,1.2,1.4) and print each one's gain and worst photo: how the calibration was measured")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)

    photos = heldout.load(args.set, args.max_photos)
    model, level_model, label = load_models(args.ckpt)
    rows = [int(r) for r in args.rows.split(",")] if args.rows else list(range(len(ROWS)))
    cache_path = os.path.join(CACHE, "baseline-scores-v2.json")
    cache = json.load(open(cache_path)) if os.path.exists(cache_path) else {}

    print(f"held-out set: {args.set}, {len(photos)} photos (short side {heldout.SHORT_SIDE}): "
          f"{', '.join(n for n, _ in photos)}")
    print(f"model: {label}; {args.threads} threads")
    print(f"{'row':<24}{'noisy':>7}{'gauss':>7}{'median':>7}{'nlm':>7}{'level':>7}{'true':>6}{'lvl':>6}"
          f"{'auto':>7}{'gain':>7}{'worst':>7}  best filter (parameter)")
    t_model, mp = 0.0, 0.0
    scales = [float(v) for v in args.scales.split(",")] if args.scales else []
    for r in rows:
        name, spec = ROWS[r]
        pairs = degraded_set(photos, r, args.seed)
        base = tuned_baselines(photos, pairs, r, args.set, args.seed, cache, args.filters.split(","))
        os.makedirs(CACHE, exist_ok=True)
        with open(cache_path + ".tmp", "w") as f:
            json.dump(cache, f)
        os.replace(cache_path + ".tmp", cache_path)
        true_p, auto_p, autos, trues, noisy_p = [], [], [], [], []
        scaled_p = {v: [] for v in scales}
        for (_, img), (noisy, target) in zip(photos, pairs):
            if scales:
                raw = auto_level(level_model, noisy, spec.jpeg_quality, calibrated=False)
                for v in scales:
                    scaled_p[v].append(psnr(target, denoise(model, noisy, raw * v, args.tile)))
            t1 = time.time()
            lvl = auto_level(level_model, noisy, spec.jpeg_quality)
            out = denoise(model, noisy, lvl, args.tile)
            t_model += time.time() - t1
            mp += img.shape[0] * img.shape[1] / 1e6
            autos.append(lvl)
            auto_p.append(psnr(target, out))
            trues.append(degrade.level(noisy, target))
            true_p.append(float("nan") if args.skip_true else psnr(target, denoise(model, noisy, trues[-1], args.tile)))
            noisy_p.append(psnr(target, noisy))

        def m(v):
            return float(np.mean(np.minimum(v, 99.0)))

        cells = [m(noisy_p)] + [base[b][1] if b in base else float("nan") for b in BASELINES] + [m(true_p)]
        line = f"{name:<24}" + "".join(f"{c:>7.2f}" for c in cells)
        line += f"{np.mean(trues):>6.1f}{np.mean(autos):>6.1f}{m(auto_p):>7.2f}"
        if base:
            best = max(base, key=lambda b: base[b][1])
            gain = m(auto_p) - base[best][1]
            per_photo_best = np.max([base[b][2] for b in base], axis=0)
            worst = float(np.min(np.array(auto_p) - per_photo_best))
            line += f"{gain:>+7.2f}{worst:>+7.2f}  {best} ({base[best][0]:g})"
        else:
            line += f"{'':>7}{'':>7}  min {min(auto_p):.2f} dB (vs the input)"
        print(line, flush=True)
        if scales and base:
            print(f"{'':<4}at multiples of the level read: " + "  ".join(
                f"{v:g}x {m(scaled_p[v]) - base[best][1]:+.2f}/{float(np.min(np.array(scaled_p[v]) - per_photo_best)):+.2f}"
                for v in scales), flush=True)
    print(f"model time (estimator + denoiser): {t_model / mp:.2f} s per megapixel (PyTorch, {args.threads} threads, "
          f"{'tiled ' + str(args.tile) if args.tile else 'whole image'}); level = the model given the level actually "
          f"present (degrade.level), true = its mean, lvl = the mean automatic level")


if __name__ == "__main__":
    main()

"""Would blending the network with a classical filter, chosen per photo, meet the issue-17 targets? (an experiment)

    /usr/bin/python3 blend_probe.py --set mate                     # every row, the level read as the noise sigma
    /usr/bin/python3 blend_probe.py --set skimage --rows 0,1,2 --true-sigma

For every held-out photo and row of evaluate.py the candidates are: the network at its automatic strength, Gaussian
blurs (evaluate.GAUSS_GRID and 2.8, 3.3, 4.0), medians 3/5/7, and for each filter the blend a*network + (1-a)*filter.
Each candidate gets a Monte-Carlo SURE estimate of its MSE (Ramani, Blu & Unser, "Monte-Carlo SURE", IEEE TIP 2008):
|y - f(y)|^2/n - s^2 + 2 s^2 div f / n, the divergence of the network and the medians measured with one +-1 probe,
the Gaussian's exact (its centre weight), a blend's optimal a in closed form. s is the noise sigma: the estimator's
uncalibrated level, or (--true-sigma) the noise actually added. Printed per row, against the best tuned filter as in
evaluate.py (gain of the mean / worst photo): the network alone, the candidate SURE picks, and the best candidate per
photo by its true PSNR (an oracle: the bound on any selector of these candidates). SURE assumes white Gaussian noise;
the JPEG and Poisson rows show what happens without it.
"""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py

import cv2
import numpy as np
import torch

import degrade
import evaluate as ev
import heldout

EXTRA_GAUSS = (2.8, 3.3, 4.0)
MEDIANS = (3, 5, 7)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ckpt", default=os.path.join(ev.HERE, "checkpoints", "latest.pt"))
    p.add_argument("--set", default="mate", choices=heldout.SETS)
    p.add_argument("--rows", default="0,1,2,3,4,5", help="evaluate.py's row numbers (the clean row has nothing to pick)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--true-sigma", action="store_true", help="give SURE the noise actually added, not the level read")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    rng = np.random.default_rng(3)
    photos = heldout.load(args.set, 0)
    model, level_model, label = ev.load_models(args.ckpt)
    print(f"held-out set: {args.set}, {len(photos)} photos; model {label}; sigma for SURE: "
          f"{'the noise added' if args.true_sigma else 'the level read (uncalibrated)'}")

    @torch.no_grad()
    def network(y: np.ndarray, level: float) -> np.ndarray:
        h, w = y.shape[:2]
        x = np.pad(y.astype(np.float32), ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")
        t = torch.from_numpy(x).permute(2, 0, 1)[None] / 255.0
        out = model(t, torch.full((1, 1, 1, 1), level / 255.0))
        return out[0, :, :h, :w].permute(1, 2, 0).numpy() * 255.0

    def sure(y: np.ndarray, f: np.ndarray, div: float, s: float) -> float:
        return float(np.sum((y - f) ** 2) / y.size - s * s + 2 * s * s * div / y.size)

    def mc_divergence(fn, y: np.ndarray, f: np.ndarray) -> float:
        b = rng.choice([-1.0, 1.0], size=y.shape).astype(np.float32)
        return float(np.sum(b * (fn(y + b) - f)))

    def gaussian_divergence(y: np.ndarray, sigma: float) -> float:
        kernel = cv2.getGaussianKernel(int(2 * round(4 * sigma) + 1), sigma)  # OpenCV's size for float images
        return y.size * float(kernel.max()) ** 2

    def blended(y, f1, d1, f2, d2, s):
        r, delta = (y - f2).ravel(), (f1 - f2).ravel()
        a = float(np.clip((r @ delta - s * s * (d1 - d2)) / max(float(delta @ delta), 1e-9), 0.0, 1.0))
        return a * f1 + (1 - a) * f2, a * d1 + (1 - a) * d2, a

    def score(target, f) -> float:
        return ev.psnr(target, np.clip(np.round(f), 0, 255).astype(np.uint8))

    for r in (int(v) for v in args.rows.split(",")):
        name, spec = ev.ROWS[r]
        if spec.kind == "none":
            continue
        pairs = ev.degraded_set(photos, r, args.seed)
        base = ev.tuned_baselines(photos, pairs, r, args.set, args.seed, {}, ["gaussian", "median"])
        best = max(base, key=lambda b: base[b][1])
        per_photo_best = np.max([base[b][2] for b in base], axis=0)
        alone, picked, oracle, picks = [], [], [], []
        for (_, _), (noisy, target) in zip(photos, pairs):
            y = noisy.astype(np.float32)
            level = ev.auto_level(level_model, noisy, spec.jpeg_quality)
            s = degrade.level(noisy, target) if args.true_sigma else ev.auto_level(level_model, noisy, spec.jpeg_quality, calibrated=False)
            f_net = network(y, level)
            d_net = mc_divergence(lambda v: network(v, level), y, f_net)
            candidates = [("net", f_net, d_net)]
            filters = [(f"g{g:g}", cv2.GaussianBlur(y, (0, 0), g), gaussian_divergence(y, g)) for g in ev.GAUSS_GRID + EXTRA_GAUSS]
            for k in MEDIANS:
                def med(v, k=k):
                    return cv2.medianBlur(np.clip(np.round(v), 0, 255).astype(np.uint8), k).astype(np.float32)
                f = med(y)
                filters.append((f"m{k}", f, mc_divergence(med, y, f)))
            for tag, f, d in filters:
                candidates.append((tag, f, d))
                fb, db, a = blended(y, f_net, d_net, f, d, s)
                candidates.append((f"{a:.2f}net+{tag}", fb, db))
            choice = min(candidates, key=lambda c: sure(y, c[1], c[2], s))
            alone.append(score(target, ev.keep_flat_areas(noisy, np.clip(np.round(f_net), 0, 255).astype(np.uint8))))
            picked.append(score(target, choice[1]))
            oracle.append(max(score(target, c[1]) for c in candidates))
            picks.append(choice[0])

        def cell(values) -> str:
            v = np.array(values)
            return f"{v.mean() - base[best][1]:+.2f} / {float(np.min(v - per_photo_best)):+.2f}"

        print(f"{name:<24} best filter {best} ({base[best][0]:g}) {base[best][1]:.2f} dB | network {cell(alone)} | "
              f"SURE pick {cell(picked)} | oracle pick {cell(oracle)} | SURE picked {', '.join(picks)}", flush=True)


if __name__ == "__main__":
    main()

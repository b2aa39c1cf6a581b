"""Automatic strength: Gaussian noise level estimate (Chen, Zhu & Heng, ICCV 2015), as in the contract.

The C# serving code implements the same steps; keep the two in sync (see /work/notes/denoise-contract.md):
RGB on the 0-255 scale, 5x5x3 patches on a stride-3 grid (d = 75), covariance eigenvalues sorted descending,
the first i whose tail mean tau splits the tail l_i..l_d into equal counts above and below gives sigma^2 = tau.

    /usr/bin/python3 noise.py            # accuracy on the held-out skimage photos at sigma 0, 5, 15, 25, 50
"""
from __future__ import annotations

import argparse

import numpy as np

PATCH = 5
STRIDE = 3
SIGMA_CLAMP = 75.0


def patch_matrix(rgb255: np.ndarray, r: int = PATCH, stride: int = STRIDE) -> np.ndarray:
    """All r x r x 3 patches whose top-left corner lies on the stride grid, as rows of an (n, 3*r*r) matrix."""
    img = np.asarray(rgb255, dtype=np.float64)
    h, w, c = img.shape
    ys = np.arange(0, h - r + 1, stride)
    xs = np.arange(0, w - r + 1, stride)
    cols = []
    # Order within a vector: channel-major, then row, then column. Any fixed order gives the same eigenvalues.
    for ch in range(c):
        for dy in range(r):
            for dx in range(r):
                cols.append(img[ys[:, None] + dy, xs[None, :] + dx, ch].ravel())
    return np.stack(cols, axis=1)


def eigen_threshold(eigenvalues_desc: np.ndarray) -> float:
    """Step 4 of the contract: the tail mean tau at the first i where #(tail > tau) == #(tail < tau)."""
    lam = eigenvalues_desc
    tau = float(lam[-1])
    for i in range(len(lam)):
        tail = lam[i:]
        tau = float(tail.mean())
        if np.count_nonzero(tail > tau) == np.count_nonzero(tail < tau):
            return tau
    return tau  # none matched: tau of the last i (the smallest eigenvalue)


def estimate_sigma(rgb255: np.ndarray) -> float:
    """Noise sigma on the 0-255 scale of an RGB image (H, W, 3), values 0-255 (uint8 or float)."""
    x = patch_matrix(rgb255)
    if x.shape[0] < 2:
        return 0.0
    x = x - x.mean(axis=0, keepdims=True)
    cov = x.T @ x / x.shape[0]
    lam = np.sort(np.linalg.eigvalsh(cov))[::-1]
    sigma2 = eigen_threshold(lam)
    return float(min(max(np.sqrt(max(sigma2, 0.0)), 0.0), SIGMA_CLAMP))


def add_gaussian_noise(clean_u8: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Gaussian noise, clipped to 0..255 and rounded to uint8, like a saved 8-bit image."""
    noisy = clean_u8.astype(np.float64) + rng.standard_normal(clean_u8.shape) * sigma
    return np.clip(np.round(noisy), 0, 255).astype(np.uint8)


def main() -> None:
    import time

    import heldout

    p = argparse.ArgumentParser(description="Accuracy of the noise estimator on held-out photos")
    p.add_argument("--set", default="skimage", choices=heldout.SETS)
    p.add_argument("--max-photos", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    photos = heldout.load(args.set, args.max_photos)
    rng = np.random.default_rng(args.seed)
    print(f"Chen 2015 estimator (r={PATCH}, stride {STRIDE}) on {len(photos)} {args.set} photos")
    print(f"{'sigma':>6} {'mean est':>9} {'min':>6} {'max':>6} {'mean |err|':>10} {'ms/photo':>9}")
    for sigma in (0, 5, 15, 25, 50):
        est, t = [], 0.0
        for _, img in photos:
            noisy = add_gaussian_noise(img, sigma, rng) if sigma > 0 else img
            t0 = time.perf_counter()
            est.append(estimate_sigma(noisy))
            t += time.perf_counter() - t0
        e = np.array(est)
        print(f"{sigma:>6} {e.mean():>9.2f} {e.min():>6.2f} {e.max():>6.2f} {np.abs(e - sigma).mean():>10.2f} "
              f"{1000 * t / len(photos):>9.0f}")


if __name__ == "__main__":
    main()

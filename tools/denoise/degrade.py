"""Realistic degradations for training and evaluation: the noise real uploads carry, not only white Gaussian.

A clean uint8 RGB crop goes through, in this order (each step clipped and rounded to 8 bits like a saved file):
  1. noise, one of
       none         (the clean identity: the target is the input itself, level 0),
       Gaussian     sigma ~ U[0, 55],
       Poisson-Gaussian (shot + read noise, Brooks et al. "Unprocessing"): variance a*I + b on the 0-255 scale,
                    a ~ U[0.01, 0.08], b ~ U[4, 64];
     optionally correlated across colour channels (correlation up to 0.5: a shared component added to each
     channel's own) and in space (demosaicing-like: the noise field smoothed by a 3x3 binomial kernel mixed with
     the identity, renormalised to its variance);
  2. optionally JPEG at quality 60-95, chroma 4:2:0 or 4:4:4 (libjpeg via Pillow), which makes the noise
     spatially correlated and removes its high frequencies.
A downscale before the noise is the sampler's job (data.PatchSampler: area-resized larger crops).

`level` is what the model's level input means: the standard deviation, on the 0-255 scale, of (degraded - target)
over the crop, i.e. the noise actually present after clipping and JPEG. For clean crops (JPEG'd or not) the target
is the degraded crop itself and the level is 0: what is not noise must come back untouched.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

SIGMA_MAX = 55.0


@dataclass(frozen=True)
class Spec:
    """One degradation, fully determined (used by evaluate.py for its seeded rows and by the random sampler)."""
    kind: str = "gaussian"       # "none", "gaussian", "poisson"
    sigma: float = 0.0           # gaussian
    a: float = 0.0               # poisson-gaussian: variance a*I + b
    b: float = 0.0
    channel_corr: float = 0.0    # 0..0.5
    spatial: float = 0.0         # 0..1: weight of the smoothed noise field
    jpeg_quality: int = 0        # 0 = none
    jpeg_444: bool = False       # chroma subsampling 4:4:4 (else 4:2:0)


_BINOMIAL = np.array([1.0, 2.0, 1.0]) / 4.0


def _noise_field(shape, spec: Spec, rng: np.random.Generator) -> np.ndarray:
    """Unit-variance noise (H, W, 3), with the spec's colour and spatial correlation."""
    h, w, _ = shape
    z = rng.standard_normal((h, w, 3))
    if spec.channel_corr > 0:
        shared = rng.standard_normal((h, w, 1))
        z = np.sqrt(1.0 - spec.channel_corr) * z + np.sqrt(spec.channel_corr) * shared
    if spec.spatial > 0:
        smooth = cv2.sepFilter2D(z, -1, _BINOMIAL, _BINOMIAL, borderType=cv2.BORDER_REFLECT)
        mixed = (1.0 - spec.spatial) * z + spec.spatial * smooth
        # Standard deviation of the mixed 2-D kernel's output for white input: sqrt(sum of squared weights).
        kernel = spec.spatial * np.outer(_BINOMIAL, _BINOMIAL)
        kernel[1, 1] += 1.0 - spec.spatial
        z = mixed / np.sqrt(np.sum(kernel ** 2))
    return z


def jpeg(img: np.ndarray, quality: int, yuv444: bool) -> np.ndarray:
    """Encode and decode with libjpeg through Pillow (OpenCV 4.6 cannot choose the chroma subsampling)."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=int(quality), subsampling=0 if yuv444 else 2)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def apply(clean: np.ndarray, spec: Spec, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(degraded, target), both uint8 RGB of clean's shape. target is clean, or the degraded crop when no noise."""
    x = clean.astype(np.float64)
    if spec.kind == "gaussian" and spec.sigma > 0:
        x = x + _noise_field(clean.shape, spec, rng) * spec.sigma
    elif spec.kind == "poisson":
        std = np.sqrt(spec.a * x + spec.b)
        x = x + _noise_field(clean.shape, spec, rng) * std
    noisy = np.clip(np.round(x), 0, 255).astype(np.uint8)
    if spec.jpeg_quality:
        noisy = jpeg(noisy, spec.jpeg_quality, spec.jpeg_444)
    target = noisy if spec.kind == "none" else clean
    return noisy, target


def level(degraded: np.ndarray, target: np.ndarray) -> float:
    """The noise present, as a standard deviation on the 0-255 scale (the model's level input)."""
    d = degraded.astype(np.float64) - target.astype(np.float64)
    return float(np.sqrt(np.mean(d * d)))


# Share of noisy training crops that are then saved as JPEG (the original recipe; train.py --jpeg-prob changes it).
JPEG_PROB = 0.45


def random_spec(rng: np.random.Generator, jpeg_prob: float = JPEG_PROB) -> Spec:
    """The training mixture: 12 % clean, 40 % Gaussian, 48 % Poisson-Gaussian; correlations and JPEG on top."""
    u = rng.random()
    corr = float(rng.uniform(0, 0.5)) if rng.random() < 0.4 else 0.0
    spatial = float(rng.uniform(0.2, 1.0)) if rng.random() < 0.3 else 0.0
    q = int(rng.integers(60, 96)) if rng.random() < jpeg_prob else 0
    yuv444 = bool(rng.random() < 0.35)
    if u < 0.12:
        return Spec("none", jpeg_quality=q if rng.random() < 0.6 else 0, jpeg_444=yuv444)
    if u < 0.52:
        return Spec("gaussian", sigma=float(rng.uniform(0, SIGMA_MAX)), channel_corr=corr, spatial=spatial,
                    jpeg_quality=q, jpeg_444=yuv444)
    return Spec("poisson", a=float(rng.uniform(0.01, 0.08)), b=float(rng.uniform(4, 64)), channel_corr=corr,
                spatial=spatial, jpeg_quality=q, jpeg_444=yuv444)


def random_batch(crops: np.ndarray, patch: int, rng: np.random.Generator, jpeg_prob: float = JPEG_PROB):
    """crops uint8 [N, S, S, 3] with S >= patch + 8 -> (noisy, target) float32 [N, 3, P, P] in [0, 1], level [N].

    Degrades the larger crop and cuts the patch at a random offset, so the JPEG 8x8 (16x16 chroma) grid falls
    anywhere in the patch, as it does in the tiles of a real image."""
    n = crops.shape[0]
    noisy = np.empty((n, patch, patch, 3), np.uint8)
    target = np.empty_like(noisy)
    levels = np.empty(n, np.float32)
    for i in range(n):
        d, t = apply(crops[i], random_spec(rng, jpeg_prob), rng)
        oy, ox = rng.integers(0, crops.shape[1] - patch + 1, size=2)
        noisy[i] = d[oy:oy + patch, ox:ox + patch]
        target[i] = t[oy:oy + patch, ox:ox + patch]
        levels[i] = level(noisy[i], target[i])

    def planar(a):
        return np.ascontiguousarray(a.transpose(0, 3, 1, 2), dtype=np.float32) / np.float32(255.0)

    return planar(noisy), planar(target), levels

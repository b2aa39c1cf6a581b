"""Held-out evaluation photos (never used for training), short side area-resized to 512, RGB uint8.

skimage: the colour photographs in python3-skimage's data folder (synthetic colour charts, logos, palettes and
          the grey-level images are left out).
mate:     the photographs of mate-backgrounds (nature/; abstract/ and desktop/ are artwork), kept for an
          independent check of the shipped model.
"""
from __future__ import annotations

import os

import cv2
import numpy as np

from data import load_rgb

SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
SKIMAGE_PHOTOS = ("astronaut.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "ihc.png",
                  "motorcycle_left.png", "motorcycle_right.png", "retina.jpg", "rocket.jpg")
MATE_DIR = "/usr/share/backgrounds/mate/nature"
SETS = ("skimage", "mate")
SHORT_SIDE = 512


def resize_short_side(rgb: np.ndarray, short: int = SHORT_SIDE) -> np.ndarray:
    h, w = rgb.shape[:2]
    if min(h, w) == short:
        return rgb
    scale = short / min(h, w)
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=interp)


def paths(name: str) -> list[str]:
    if name == "skimage":
        return [os.path.join(SKIMAGE_DATA, f) for f in SKIMAGE_PHOTOS]
    if name == "mate":
        return sorted(os.path.join(MATE_DIR, f) for f in os.listdir(MATE_DIR) if f.lower().endswith(".jpg"))
    raise ValueError(f"unknown set {name!r}; expected one of {SETS}")


def load(name: str, max_photos: int = 0) -> list[tuple[str, np.ndarray]]:
    """[(file name, RGB uint8 with short side 512)], the first max_photos of the set (0 = all)."""
    ps = paths(name)
    if max_photos:
        ps = ps[:max_photos]
    return [(os.path.basename(p), resize_short_side(load_rgb(p))) for p in ps]

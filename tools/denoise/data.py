"""Training photos: real photographs from Debian packages, decoded once, cached in memory.

Only photographs are used: the 11 of plasma-workspace-wallpapers and 20 more (since session 16) from opencv-doc's
sample data, python3-matplotlib, python3-scipy and stellarium-data. The wallpaper set also holds rendered, vector and
painted artwork (flat gradients, polygons, cartoons, added film grain), the other packages renders, drawings, text
and calibration targets; those teach the model nothing about natural image statistics, so both lists below are
explicit ALLOW-lists, chosen by looking at every candidate image (see README.md).

mate-backgrounds and skimage's data folder are held out for evaluation and must never be read here; the
lomiri-wallpapers* packages are kept for an independent evaluation and are not used in any way.
"""
from __future__ import annotations

import bz2
import glob
import os

import cv2
import numpy as np

WALLPAPER_ROOT = "/usr/share/wallpapers"

# Real photographs (checked by eye on a contact sheet of all 30 folders, plasma-workspace-wallpapers 5.27).
PHOTO_FOLDERS = (
    "BytheWater",    # wooden jetty, lake
    "ColdRipple",    # pier in fog, black and white
    "ColorfulCups",  # plastic cups from above
    "DarkestHour",   # lake at dusk (dark, low contrast)
    "EveningGlow",   # rowing boats at sunset
    "FallenLeaf",    # autumn leaves, shallow depth of field
    "Grey",          # curved facade, black and white
    "Kite",          # sky with clouds (and a kite)
    "OneStandsOut",  # moss from above
    "Path",          # forest path
    "summer_1am",    # lake at night, sky gradient
)
# Looked at and left out, file by file (contact sheet, 2026-12-06): every image of gnome-backgrounds 44
# (adwaita, blobs, drool, dune, field, grid, licorice, oceans, pixels, symbolic, truchet, vnc, wood: renders and
# vector art), sway-backgrounds (logo renders) and ukui-wallpapers (2004default, calla, city, desert,
# firstgeneration, fluent-color, focal-ubuntukylin, goldfish, rhythm, rollpaper, string, the-mouse: renders and
# illustrations). None of them is a photograph, so the allow-list stays at these 11.
# Left out (rendered, painted or abstract): Altai, Autumn (painting), Canopee, Cascade, Cluster, Elarun, Flow,
# FlyingKonqui, Honeywave, IceCold, Kay, Kokkini, MilkyWay, Opal, PastelHills, Patak, SafeLanding, Shell,
# Volna (render with synthetic grain).

OPENCV_DATA = "/usr/share/doc/opencv-doc/examples/data"
STELLARIUM = "/usr/share/stellarium/landscapes"
# More real photographs, each (package, path, what it shows), looked at on a contact sheet on 2026-12-07: varied
# subjects and colours the wallpapers lack (vivid fruit, a circuit board, faces and fur, a street, an aerial view).
EXTRA_PHOTOS = (
    ("opencv-doc", f"{OPENCV_DATA}/aloeL.jpg", "aloe in a pot before patterned cloth"),
    ("opencv-doc", f"{OPENCV_DATA}/baboon.jpg", "mandrill face"),
    ("opencv-doc", f"{OPENCV_DATA}/board.jpg", "circuit board"),
    ("opencv-doc", f"{OPENCV_DATA}/building.jpg", "office building, lawn"),
    ("opencv-doc", f"{OPENCV_DATA}/chicky_512.png", "small dog on a blanket"),
    ("opencv-doc", f"{OPENCV_DATA}/ela_original.jpg", "notebook with a strap, dark"),
    ("opencv-doc", f"{OPENCV_DATA}/fruits.jpg", "cut fruit, vivid"),
    ("opencv-doc", f"{OPENCV_DATA}/graf1.png", "graffiti wall"),
    ("opencv-doc", f"{OPENCV_DATA}/leuvenA.jpg", "cobbled street, brick houses"),
    ("opencv-doc", f"{OPENCV_DATA}/rubberwhale1.png", "toys and cloth, colourful"),
    ("opencv-doc", f"{OPENCV_DATA}/squirrel_cls.jpg", "squirrel, leaves out of focus"),
    ("opencv-doc", f"{OPENCV_DATA}/aero1.jpg", "town from the air"),
    ("python3-matplotlib", "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg", "portrait, flag"),
    ("python3-scipy", "/usr/lib/python3/dist-packages/scipy/misc/face.dat", "raccoon in leaves"),
    ("stellarium-data", f"{STELLARIUM}/garching/garching-gl1.png", "rapeseed field (sky cut off)"),
    ("stellarium-data", f"{STELLARIUM}/garching/garching-gl2.png", "rapeseed field (sky cut off)"),
    ("stellarium-data", f"{STELLARIUM}/garching/garching-gl3.png", "rapeseed field (sky cut off)"),
    ("stellarium-data", f"{STELLARIUM}/garching/garching-gl4.png", "rapeseed field (sky cut off)"),
    ("stellarium-data", f"{STELLARIUM}/hurricane/hurricane1.png", "snowy firs, snow (sky cut off)"),
    ("stellarium-data", f"{STELLARIUM}/hurricane/hurricane2.png", "snowy firs, snow (sky cut off)"),
)
# Looked at and left out: opencv-doc's apple.jpg and orange.jpg (grainy scans), stuff.jpg (tiny JPEG), pca_test1.jpg
# (silhouettes), starry_night.jpg (painting), Blender_Suzanne* (renders), digits, sudoku, text_*, notes, cards,
# detect_blob, opencv-logo, ellipses (drawings, text), left*/right*/basketball* (grey calibration sequences),
# licenseplate_motion.jpg (motion-blurred), ela_modified.jpg (edited), and the second views of the same scenes
# (aloeR, graf3, leuvenB, rubberwhale2, aero3); stellarium-data's ocean (a Terragen render), trees (fisheye with a
# mask), grossmugl (a thin strip of featureless field), guereins (256-px tiles, blurred ground) and the planets;
# tuxpaint-stamps-default (cut-out objects, mostly under 400 px).

# Each photo is area-downscaled by these factors: 2 removes most JPEG artefacts and sensor noise of the
# 2560x1600 originals; 3 and 4 add texture at finer scales, closer to small uploads and the held-out photos.
SCALES = (2, 3, 4)
CACHE_DIR = "/tmp/pixtools-denoise/cache"
# The extra photos are 0.1-1.4 MP (JPEGs among them): downscaled by 2, and by 3 too where that leaves 96 px or
# more (a crop is 72).
EXTRA_SCALES = (2, 3)
EXTRA_MIN_SIDE = 96


def _largest_image(folder: str) -> str:
    files = glob.glob(os.path.join(WALLPAPER_ROOT, folder, "contents", "images", "*"))
    if not files:
        raise FileNotFoundError(f"no images in {folder}; is plasma-workspace-wallpapers installed?")

    def pixels(path: str) -> int:
        w, h = os.path.splitext(os.path.basename(path))[0].split("x")
        return int(w) * int(h)

    return max(files, key=pixels)


def load_rgb(path: str) -> np.ndarray:
    """Decode an image file to an RGB uint8 array (H, W, 3)."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        raise IOError(f"cannot decode {path}")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def load_extra(path: str) -> np.ndarray:
    """An EXTRA_PHOTOS image as RGB uint8: scipy's face.dat is the raccoon as bz2-packed raw 768x1024 RGB; of an image
    with alpha (stellarium's landscapes, whose sky is transparent) the longest band of rows that are opaque in every
    column but the edge columns that are mostly see-through (a one-pixel border of chicky_512.png)."""
    if path.endswith(".dat"):
        with open(path, "rb") as f:
            return np.frombuffer(bz2.decompress(f.read()), dtype=np.uint8).reshape(768, 1024, 3).copy()
    img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if img is None:
        raise IOError(f"cannot decode {path}; is {next(p for p, f, _ in EXTRA_PHOTOS if f == path)} installed?")
    if img.ndim == 3 and img.shape[2] == 4:
        solid = img[..., 3] == 255
        columns = np.flatnonzero(solid.mean(axis=0) >= 0.25)
        img, solid = img[:, columns.min():columns.max() + 1], solid[:, columns.min():columns.max() + 1]
        opaque = np.concatenate(([0], solid.all(axis=1).astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(opaque))  # starts and ends of the opaque bands, alternating
        start, end = max(zip(edges[::2], edges[1::2]), key=lambda band: band[1] - band[0])
        img = img[start:end, :, :3]
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def downscale(rgb: np.ndarray, factor: float) -> np.ndarray:
    h, w = rgb.shape[:2]
    return cv2.resize(rgb, (round(w / factor), round(h / factor)), interpolation=cv2.INTER_AREA)


def training_photos(use_cache: bool = True) -> list[np.ndarray]:
    """All training photos at all SCALES, uint8 RGB, decoded once (npy cache under /tmp)."""
    photos = []
    for folder in PHOTO_FOLDERS:
        for factor in SCALES:
            cache = os.path.join(CACHE_DIR, f"{folder}_x{factor}.npy")
            if use_cache and os.path.exists(cache):
                photos.append(np.load(cache))
                continue
            img = downscale(load_rgb(_largest_image(folder)), factor)
            if use_cache:
                os.makedirs(CACHE_DIR, exist_ok=True)
                np.save(cache, img)
            photos.append(img)
    for _, path, _ in EXTRA_PHOTOS:
        img = None
        for factor in EXTRA_SCALES:
            cache = os.path.join(CACHE_DIR, f"extra_{os.path.basename(path)}_x{factor}.npy")
            if use_cache and os.path.exists(cache):
                photos.append(np.load(cache))
                continue
            img = load_extra(path) if img is None else img
            if min(img.shape[:2]) / factor < EXTRA_MIN_SIDE:
                continue
            small = downscale(img, factor)
            if use_cache:
                os.makedirs(CACHE_DIR, exist_ok=True)
                np.save(cache, small)
            photos.append(small)
    return photos


def describe() -> str:
    """What the model was trained on, for the checkpoint and the ONNX metadata."""
    extra = ",".join(os.path.basename(path) for _, path, _ in EXTRA_PHOTOS)
    return (f"plasma-workspace-wallpapers photos {','.join(PHOTO_FOLDERS)} (area-downscaled x{SCALES}); "
            f"opencv-doc, python3-matplotlib, python3-scipy and stellarium-data photos {extra} (x{EXTRA_SCALES}); "
            "degradations of degrade.py")


class PatchSampler:
    """Random crops with random flips and 90-degree rotations, uint8 [N, S, S, 3].

    With probability `downscale_p` a crop is taken larger (factor U[1.25, 2.5]) and area-resized to S: the
    photo was downscaled before the noise came (a resized phone photo), which gives finer texture too.
    With probability `defocus_p` the crop is blurred (Gaussian, sigma U[0.5, 6] px, computed on a larger crop so its
    edges are right): the out-of-focus backgrounds, bokeh and macro shots the wallpapers rarely show, where a
    denoiser must average widely instead of keeping noise as texture. With probability `low_contrast_p` its
    contrast around its mean is scaled by U[0.25, 0.8] (fog, haze, backlit leaves): fine detail then has the
    amplitude of noise, which the model must learn to tell apart by its structure. With probability `saturate_p` its
    saturation around its luma is raised by U[1.2, 2.2] (clipped: vivid flowers, leaves, sunsets, whose channels sit
    near 0 or 255, where clipped noise is biased), and with probability `shuffle_p` its colour channels are permuted:
    the wallpapers' palette is narrow, and a model that learned it brightened the red of a backlit green leaf by 6
    levels (mate's Blinds.jpg, session 15)."""

    def __init__(self, photos: list[np.ndarray], size: int, rng: np.random.Generator, downscale_p: float = 0.25,
                 defocus_p: float = 0.0, low_contrast_p: float = 0.0, saturate_p: float = 0.0, shuffle_p: float = 0.0):
        self.photos = photos
        self.size = size
        self.rng = rng
        self.downscale_p = downscale_p
        self.defocus_p = defocus_p
        self.low_contrast_p = low_contrast_p
        self.saturate_p = saturate_p
        self.shuffle_p = shuffle_p
        # Sample photos in proportion to the square root of their area: a big wallpaper gives more crops than a
        # small sample photo, but not so many more that the 20 small ones (a seventh of the pixels) are rarely seen.
        sides = np.sqrt(np.array([p.shape[0] * p.shape[1] for p in photos], dtype=np.float64))
        self.weights = sides / sides.sum()

    def batch(self, n: int) -> np.ndarray:
        s = self.size
        out = np.empty((n, s, s, 3), dtype=np.uint8)
        for i in range(n):
            img = self.photos[self.rng.choice(len(self.photos), p=self.weights)]
            c = s
            if self.rng.random() < self.downscale_p:
                c = min(round(s * self.rng.uniform(1.25, 2.5)), img.shape[0], img.shape[1])
            blur = float(self.rng.uniform(0.5, 6.0)) if self.rng.random() < self.defocus_p else 0.0
            pad = min(int(np.ceil(3 * blur)), (img.shape[0] - c) // 2, (img.shape[1] - c) // 2)
            y = self.rng.integers(0, img.shape[0] - c - 2 * pad + 1)
            x = self.rng.integers(0, img.shape[1] - c - 2 * pad + 1)
            crop = img[y:y + c + 2 * pad, x:x + c + 2 * pad]
            if blur:
                crop = cv2.GaussianBlur(crop, (0, 0), blur, borderType=cv2.BORDER_REFLECT)[pad:pad + c, pad:pad + c]
            if c != s:
                crop = cv2.resize(crop, (s, s), interpolation=cv2.INTER_AREA)
            if self.rng.random() < self.low_contrast_p:
                f = crop.astype(np.float32)
                mean = f.mean(axis=(0, 1), keepdims=True)
                crop = np.clip(mean + self.rng.uniform(0.25, 0.8) * (f - mean), 0, 255).round().astype(np.uint8)
            if self.rng.random() < self.saturate_p:
                f = crop.astype(np.float32)
                luma = f @ np.array([0.299, 0.587, 0.114], np.float32)
                f = luma[..., None] + self.rng.uniform(1.2, 2.2) * (f - luma[..., None])
                crop = np.clip(f, 0, 255).round().astype(np.uint8)
            if self.rng.random() < self.shuffle_p:
                crop = crop[..., self.rng.permutation(3)]
            crop = np.rot90(crop, self.rng.integers(0, 4))
            if self.rng.integers(0, 2):
                crop = crop[:, ::-1]
            out[i] = crop
        return out

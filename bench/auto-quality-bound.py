#!/usr/bin/env python3
"""What any choice of quality per photo could save at an equal mean SSIMULACRA 2 (standard library only).

Reads the CSV of `PixTools.Bench auto-quality --curve-csv FILE` (per photo, format and JPEG colour mode: bytes and
SSIMULACRA 2 at qualities 20..98) and prints, per format, against the fixed default quality:
  - uniform: one score target for every photo (what auto:LEVEL does), the lowest target whose mean reaches the fixed
    default's mean;
  - bound: the fewest total bytes of any per-photo choice of quality and colour mode with a mean score no lower than
    the fixed default's and every photo at or above a floor (Lagrangian: each photo minimises bytes - lambda * score,
    lambda bisected until the mean is reached), for floors 0 and the fixed default's worst score.
Usage: python3 bench/auto-quality-bound.py curves.csv [--fixed 80]
"""
import argparse
import collections
import csv


def load(path):
    curves = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in csv.DictReader(open(path, newline="")):
        curves[r["format"]][r["photo"]].append(
            (int(r["quality"]), r["full_chroma"] == "True", int(r["bytes"]), float(r["score"])))
    return curves


def summary(chosen):
    return sum(c[2] for c in chosen), sum(c[3] for c in chosen) / len(chosen), min(c[3] for c in chosen)


def uniform(photos, mean):
    target = 0.0
    while True:
        chosen = []
        for points in photos.values():
            reach = [p for p in points if p[3] >= target]
            chosen.append(min(reach, key=lambda p: p[2]) if reach else max(points, key=lambda p: p[3]))
        total, m, worst = summary(chosen)
        if m >= mean or target > 100:
            return target, total, m, worst
        target += 0.1


def bound(photos, mean, floor):
    def choose(lam):
        chosen = []
        for points in photos.values():
            allowed = [p for p in points if p[3] >= floor] or [max(points, key=lambda p: p[3])]
            chosen.append(min(allowed, key=lambda p: p[2] - lam * p[3]))
        return summary(chosen)
    lo, hi = 0.0, 1e7
    for _ in range(80):
        mid = (lo + hi) / 2
        if choose(mid)[1] >= mean:
            hi = mid
        else:
            lo = mid
    return choose(hi)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--fixed", type=int, default=80, help="the fixed default quality (JPEG and WebP: 80)")
    args = parser.parse_args()
    print("| format | photos | fixed: bytes, mean, worst | uniform target (auto) | bytes × fixed | bound, floor 0 | bound, floor = fixed's worst |")
    print("|---|---:|---|---|---:|---|---|")
    for fmt, photos in load(args.csv).items():
        fixed = [next(p for p in points if p[0] == args.fixed and not p[1]) for points in photos.values()]
        total, mean, worst = summary(fixed)
        target, u_total, u_mean, u_worst = uniform(photos, mean)
        cells = []
        for floor in (0.0, worst):
            b_total, b_mean, b_worst = bound(photos, mean, floor)
            cells.append(f"**{b_total / total:.3f}×** (mean {b_mean:.2f}, worst {b_worst:.2f})")
        print(f"| {fmt} | {len(photos)} | {total:,} B, {mean:.2f}, {worst:.2f} | {target:.1f}: mean {u_mean:.2f}, worst {u_worst:.2f} "
              f"| {u_total / total:.3f} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()

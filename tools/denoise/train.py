"""Train the FFDNet-style denoiser and its level estimator on CPU on realistic degradations (degrade.py: Gaussian,
Poisson-Gaussian, colour/spatially correlated, JPEG, downscaled), with resumable checkpoints.

    /usr/bin/python3 train.py --steps 6000            # fresh run
    /usr/bin/python3 train.py --steps 12000 --resume  # continue from checkpoints/latest.pt (new total target)
    /usr/bin/python3 train.py --minutes 100           # LR schedule over a wall-clock budget of training time
    /usr/bin/python3 train.py --smoke                 # a few steps on tiny crops, in seconds
    /usr/bin/python3 train.py --init old.pt --minutes 70 --lr 3e-4   # fine-tune: weights from old.pt, fresh schedule

Every --save-every seconds (and on SIGTERM/SIGINT, and at the end) it writes checkpoints/latest.pt (model,
optimizer, step, RNG states; about 4.5 MB, committed) and starts a separate low-priority process that exports
it to /tmp/pixtools-denoise/latest.onnx, so training is never blocked by the export.
"""
from __future__ import annotations

import argparse
import math
import os

# Without this, libgomp's worker threads spin-wait between kernels; on a 2-core machine shared with builds the
# spinning burned ~2.3x the CPU per step and ran 2.4x slower (measured: 5.5 vs 2.3 s/step under load).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import signal
import subprocess
import sys
import time

import numpy as np
import torch

import data
import degrade
from model import FFDNET_ARCH, LEVEL_ARCH, FFDNet, LevelNet, parameter_count

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CKPT = os.path.join(HERE, "checkpoints", "latest.pt")
LIVE_ONNX = "/tmp/pixtools-denoise/latest.onnx"
# Crops are degraded at patch + JPEG_SLACK px and cut at a random offset (degrade.random_batch).
JPEG_SLACK = 8


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=6000, help="total number of steps (the LR schedule spans them)")
    p.add_argument("--minutes", type=float, default=0.0,
                   help="if > 0: the LR schedule spans this many minutes of training time (summed over resumes) "
                        "instead of --steps, and the run stops when they are used up (or at --steps); for a shared "
                        "CPU whose speed varies with the other work on it")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--patch", type=int, default=64, help="crop size in full-res pixels (even)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--min-lr", type=float, default=1e-5)
    p.add_argument("--warmup", type=int, default=100, help="linear LR warm-up steps")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ckpt", default=DEFAULT_CKPT)
    p.add_argument("--resume", action="store_true", help="continue from --ckpt")
    p.add_argument("--init", help="start from this checkpoint's weights (denoiser, and level net if present) with a "
                                  "fresh optimizer and schedule (fine-tuning)")
    p.add_argument("--level-lr-scale", type=float, default=3.0,
                   help="the level estimator's LR relative to --lr (it starts from scratch when fine-tuning)")
    p.add_argument("--level-jitter", type=float, default=0.1,
                   help="the denoiser's level input is the true level times exp(N(0, j)) for half the patches, so "
                        "it tolerates the estimator's error")
    p.add_argument("--jpeg-prob", type=float, default=degrade.JPEG_PROB,
                   help="share of noisy crops then saved as JPEG q60-95 (a fine-tune for JPEG'd uploads raises it)")
    p.add_argument("--defocus-prob", type=float, default=0.0,
                   help="share of clean crops blurred first (out-of-focus areas, bokeh; data.PatchSampler)")
    p.add_argument("--low-contrast-prob", type=float, default=0.0,
                   help="share of clean crops with their contrast lowered (fog, haze; data.PatchSampler)")
    p.add_argument("--saturate-prob", type=float, default=0.0,
                   help="share of clean crops with their saturation raised (vivid colours near 0/255; data.PatchSampler)")
    p.add_argument("--shuffle-prob", type=float, default=0.0,
                   help="share of clean crops with their colour channels permuted (data.PatchSampler)")
    p.add_argument("--level-only", action="store_true",
                   help="train only the level estimator, through the frozen denoiser: the strength that serves it best")
    p.add_argument("--level-anchor", type=float, default=1e-6,
                   help="with --level-only: weight of the L1 pull toward the measured level (keeps it a noise level)")
    p.add_argument("--save-every", type=float, default=300.0, help="seconds between checkpoints")
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--no-export", action="store_true", help="do not export ONNX after each checkpoint")
    p.add_argument("--smoke", action="store_true", help="a few steps on tiny crops; writes under /tmp only")
    args = p.parse_args(argv)
    if args.smoke:
        args.steps, args.batch, args.patch, args.log_every, args.warmup = 6, 4, 32, 1, 2
        args.ckpt = "/tmp/pixtools-denoise/smoke.pt"
    return args


def progress(step: int, train_seconds: float, args: argparse.Namespace) -> float:
    """Fraction of the schedule done: by training time with --minutes, else by steps."""
    if args.minutes > 0:
        return min(1.0, max(train_seconds / (60 * args.minutes), step / args.steps))
    return min(1.0, step / args.steps)


def learning_rate(step: int, done: float, args: argparse.Namespace) -> float:
    """Linear warm-up over --warmup steps, then cosine decay from --lr to --min-lr as `done` goes 0 -> 1."""
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    return args.min_lr + 0.5 * (args.lr - args.min_lr) * (1 + math.cos(math.pi * done))


def save_checkpoint(path: str, model, optimizer, level_model, level_optimizer, step: int, train_seconds: float, rng: np.random.Generator, gen: torch.Generator,
                    args: argparse.Namespace) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    state = {
        "arch": FFDNET_ARCH,
        "step": step,
        "train_seconds": train_seconds,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "level_arch": LEVEL_ARCH,
        "level_model": level_model.state_dict(),
        "level_optimizer": level_optimizer.state_dict(),
        "numpy_rng": rng.bit_generator.state,
        "torch_rng": gen.get_state(),
        "args": {k: v for k, v in vars(args).items() if k not in ("resume", "smoke", "ckpt")},
        "trained_on": data.describe(),
    }
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)  # atomic: a reader (or a kill) never sees a half-written checkpoint


class BackgroundExporter:
    """Exports a checkpoint to ONNX in a separate, niced process; skips if the previous export still runs."""

    def __init__(self, out: str):
        self.out = out
        self.proc: subprocess.Popen | None = None

    def start(self, ckpt: str) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        script = os.path.join(HERE, "export.py")
        if not os.path.exists(script):
            return
        os.makedirs(os.path.dirname(self.out), exist_ok=True)
        # Both graphs go beside self.out: export.py's default --level-out is the shipped model in src/PixTools/Models.
        level_out = os.path.splitext(self.out)[0] + "-level.onnx"
        cmd = ["nice", "-n", "19", sys.executable, script, "--ckpt", ckpt, "--out", self.out, "--level-out", level_out,
               "--threads", "1", "--quiet"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(self.out + ".log", "w"),
                                     start_new_session=True)


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    gen = torch.Generator().manual_seed(args.seed)

    model = FFDNet()  # He init, small last layer (model.he_init)
    level_model = LevelNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    level_optimizer = torch.optim.Adam(level_model.parameters(), lr=args.lr)
    step, train_seconds = 0, 0.0
    if args.init:
        state = torch.load(args.init, map_location="cpu")
        model.load_state_dict(state["model"])
        if "level_model" in state:
            level_model.load_state_dict(state["level_model"])
        print(f"initialised from {args.init} (step {state['step']}); fresh optimizer and schedule", flush=True)
    if args.resume:
        state = torch.load(args.ckpt, map_location="cpu")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        level_model.load_state_dict(state["level_model"])
        level_optimizer.load_state_dict(state["level_optimizer"])
        step = state["step"]
        train_seconds = state.get("train_seconds", 0.0)
        rng.bit_generator.state = state["numpy_rng"]
        gen.set_state(state["torch_rng"])
        print(f"resumed from {args.ckpt} at step {step} ({train_seconds / 60:.1f} min of training)", flush=True)

    t0 = time.time()
    photos = data.training_photos()
    if args.smoke:
        photos = photos[:2]
    sampler = data.PatchSampler(photos, args.patch + JPEG_SLACK, rng, defocus_p=args.defocus_prob,
                                  low_contrast_p=args.low_contrast_prob, saturate_p=args.saturate_prob,
                                  shuffle_p=args.shuffle_prob)
    print(f"{len(photos)} training images ({sum(p.size for p in photos) / 3e6:.1f} MP) loaded in "
          f"{time.time() - t0:.1f}s; model {FFDNET_ARCH}, {parameter_count(model)} parameters, {LEVEL_ARCH} "
          f"{parameter_count(level_model)}; "
          f"batch {args.batch}, patch {args.patch}, steps {args.steps}, minutes {args.minutes:g}, "
          f"threads {args.threads}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}", flush=True)

    stop = {"signal": None}

    def on_signal(signum, _frame):
        stop["signal"] = signum

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    exporter = BackgroundExporter(LIVE_ONNX if not args.smoke else "/tmp/pixtools-denoise/smoke.onnx")

    def checkpoint(reason: str) -> None:
        save_checkpoint(args.ckpt, model, optimizer, level_model, level_optimizer, step, train_seconds, rng, gen,
                        args)
        size = os.path.getsize(args.ckpt) / 1e6
        print(f"checkpoint step {step} ({reason}) -> {args.ckpt} ({size:.1f} MB)", flush=True)
        if not args.no_export:
            exporter.start(args.ckpt)

    model.train()
    level_model.train()
    if args.level_only:
        model.requires_grad_(False)
    loss_sum, loss_n, lerr_sum = 0.0, 0, 0.0
    t_log = last_save = time.time()
    steps_at_log = step
    t_step = time.time()
    while progress(step, train_seconds, args) < 1.0 and stop["signal"] is None:
        lr = learning_rate(step, progress(step, train_seconds, args), args)
        for group in optimizer.param_groups:
            group["lr"] = lr
        for group in level_optimizer.param_groups:
            group["lr"] = lr * args.level_lr_scale
        noisy, target, levels = degrade.random_batch(sampler.batch(args.batch), args.patch, rng, args.jpeg_prob)
        noisy, target = torch.from_numpy(noisy), torch.from_numpy(target)
        level255 = torch.from_numpy(levels).view(-1, 1, 1, 1)
        if args.level_only:
            # The automatic strength as the denoiser's best input rather than the noise's RMS: the estimate goes through
            # the frozen denoiser and learns from its output's error (after JPEG the measured level is not the best
            # strength), with a light L1 pull toward the measured level so the number stays a noise level.
            est = level_model(noisy)
            loss = torch.mean((model(noisy, est) - target) ** 2)
            level_loss = torch.mean(torch.abs(est * 255.0 - level255))
            level_optimizer.zero_grad(set_to_none=True)
            (loss + args.level_anchor * level_loss).backward()
            level_optimizer.step()
            lerr_sum += level_loss.item()
        else:
            jitter = torch.exp(torch.randn(level255.shape, generator=gen) * args.level_jitter)
            jitter = torch.where(torch.rand(level255.shape, generator=gen) < 0.5, jitter, torch.ones_like(jitter))
            out = model(noisy, level255 * jitter / 255.0)
            loss = torch.mean((out - target) ** 2)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            # The level estimator: L1 on the level (0-255 scale), robust to the odd badly-measured patch.
            est255 = level_model(noisy) * 255.0
            level_loss = torch.mean(torch.abs(est255 - level255))
            level_optimizer.zero_grad(set_to_none=True)
            level_loss.backward()
            level_optimizer.step()
            lerr_sum += level_loss.item()
        step += 1
        now = time.time()
        train_seconds += now - t_step
        t_step = now
        loss_sum += loss.item()
        loss_n += 1

        if step % args.log_every == 0 or step == args.steps:
            sec = (now - t_log) / max(1, step - steps_at_log)
            mse = loss_sum / loss_n
            done = progress(step, train_seconds, args)
            if args.minutes > 0:
                eta_min = args.minutes - train_seconds / 60
            else:
                eta_min = (args.steps - step) * sec / 60
            print(f"step {step} ({100 * done:.1f}%) loss {mse:.3e} (psnr {10 * math.log10(1 / mse):.2f} dB, "
                  f"mixed degradations) level |err| {lerr_sum / loss_n:.2f} lr {lr:.2e} {sec:.3f} s/step "
                  f"eta {eta_min:.0f} min", flush=True)
            loss_sum, loss_n, lerr_sum, t_log, steps_at_log = 0.0, 0, 0.0, now, step
        if time.time() - last_save >= args.save_every:
            checkpoint("periodic")
            last_save = time.time()
            t_step = last_save  # the save is not training time

    checkpoint(f"signal {stop['signal']}" if stop["signal"] is not None else "end")
    if exporter.proc is not None:
        exporter.proc.wait(timeout=300)


if __name__ == "__main__":
    main()

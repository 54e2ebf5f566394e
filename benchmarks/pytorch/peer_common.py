"""What the PyTorch peers of SameGAN's step benchmarks share: the command line options every peer
has, the timing loop (warm-up, then one wall-clock time per step) and the one JSON line they print.
Used by dcgan_step.py and resnet_step.py (run them from any directory; they import this file from
their own folder)."""
import argparse
import json
import statistics
import time

import torch


def argument_parser(doc):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    return ap


def blas():
    cfg = torch.__config__.show()
    return cfg.split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in cfg else "?"


def time_steps(step, warmup, steps):
    """Runs step() warmup times, then steps times; returns the per-step wall times in ms."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def count(module):
    return sum(p.numel() for p in module.parameters())


def report(args, times, g_params, d_params, **extra):
    """Prints the peer's one JSON line (the fields compare-pytorch.sh reads, then extra ones)."""
    line = {
        "framework": "pytorch " + torch.__version__,
        "blas": blas(),
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "steps": args.steps,
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "g_params": g_params,
        "d_params": d_params,
    }
    line.update(extra)
    print(json.dumps(line))

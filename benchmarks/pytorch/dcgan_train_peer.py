#!/usr/bin/env python3
"""PyTorch peer of `samegan train --dataset shapes`: the same DCGAN, loss and optimizers, trained on
the same images, logging the same columns, so that SameGAN's training curves can be compared with
a reference implementation (docs/internals.md, "Is D supposed to win this early?").

Same as SameGAN's defaults: reference DCGAN (1,187,907 / 663,745 parameters), weights N(0, 0.02),
biases 0, batch-norm gamma 1 and beta 0; non-saturating minimax loss (BCE with logits); Adam 2e-4,
betas 0.5/0.999 per network; one D update on a real batch and a fresh fake batch, then one G update
on a fresh latent batch; batch 64; the grid is drawn with G in inference mode (running statistics).

Export the embedded set first, then run:
  ./samegan data augment --dataset shapes --factor 1 --augment none --out /tmp/shapes_png
  /usr/bin/python3 benchmarks/pytorch/dcgan_train_peer.py --data /tmp/shapes_png --steps 600 --out /tmp/peer
Writes OUT.csv (step,d_loss,g_loss,d_real,d_fake) and OUT.png (8x8 grid).
Options: --noise S adds Gaussian instance noise to D's inputs, annealed from S to 0 over the run.
--channels auto|1|3: the image channels (auto: 1 when every PNG is 8-bit gray, as Fashion-MNIST's
export is, else 3). --save-samples N --samples-out DIR: N images of the final G in inference mode,
written as `samegan sample --format png-dir` writes them (000000.png, ..., one flat folder, 8-bit
gray or RGB, round((x + 1) * 127.5) clipped to 0..255), to be scored by `samegan evaluate --images`.
"""
import argparse
import glob
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dcgan_step import Discriminator, Generator  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="PNG folder (one sub-folder per class)")
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--channels", choices=["auto", "1", "3"], default="auto")
    ap.add_argument("--save-samples", type=int, default=0, metavar="N")
    ap.add_argument("--samples-out", metavar="DIR")
    a = ap.parse_args()
    if a.save_samples < 0 or (a.save_samples > 0) != (a.samples_out is not None):
        sys.exit("--save-samples N (N > 0) and --samples-out DIR go together")
    if a.samples_out and os.path.isdir(a.samples_out) and os.listdir(a.samples_out):
        sys.exit(f"--samples-out {a.samples_out} is not empty; pass a new or empty folder")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    files = sorted(glob.glob(os.path.join(a.data, "**", "*.png"), recursive=True))
    if not files:
        sys.exit(f"no PNG files under {a.data}")
    if a.channels == "auto":
        gray = all(Image.open(f).mode == "L" for f in files)  # reads headers only
    else:
        gray = a.channels == "1"
    x = np.stack([np.asarray(Image.open(f).convert("L" if gray else "RGB")) for f in files]).astype(np.float32)
    if gray:
        x = x[..., None]
    x = torch.from_numpy(x / 127.5 - 1).permute(0, 3, 1, 2).contiguous()
    g, d = Generator(c=x.shape[1]), Discriminator(c=x.shape[1])

    def init(m):
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0, 0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

    g.apply(init)
    d.apply(init)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    perm, pos = torch.randperm(len(x)), 0
    with open(a.out + ".csv", "w") as log:
        log.write("step,d_loss,g_loss,d_real,d_fake\n")
        for step in range(1, a.steps + 1):
            if pos + a.batch > len(x):
                perm, pos = torch.randperm(len(x)), 0
            real = x[perm[pos:pos + a.batch]]
            pos += a.batch
            sigma = a.noise * max(0.0, 1 - step / a.steps)

            def noisy(t):
                return t + sigma * torch.randn_like(t) if sigma > 0 else t

            opt_d.zero_grad()
            with torch.no_grad():
                fake = g(torch.randn(a.batch, 128))
            real_logits, fake_logits = d(noisy(real)), d(noisy(fake))
            loss_d = bce(real_logits, torch.ones_like(real_logits)) + bce(fake_logits, torch.zeros_like(fake_logits))
            loss_d.backward()
            opt_d.step()
            opt_g.zero_grad()
            loss_g = bce(d(noisy(g(torch.randn(a.batch, 128)))), torch.ones(a.batch, 1))
            loss_g.backward()
            opt_g.step()
            log.write(f"{step},{loss_d.item():.6f},{loss_g.item():.6f},"
                      f"{torch.sigmoid(real_logits).mean().item():.6f},{torch.sigmoid(fake_logits).mean().item():.6f}\n")
    g.eval()
    with torch.no_grad():
        s = g(torch.randn(64, 128))
    img = ((s.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()
    h, w, c = img.shape[1:]
    grid = img.reshape(8, 8, h, w, c).transpose(0, 2, 1, 3, 4).reshape(8 * h, 8 * w, c)
    Image.fromarray(grid.squeeze()).save(a.out + ".png")
    if a.save_samples:
        save_samples(g, a.save_samples, a.samples_out)


def save_samples(g, n, out, batch=250):
    """N samples of G (already in inference mode) as 000000.png, ... in the folder OUT."""
    os.makedirs(out, exist_ok=True)
    digits = max(6, len(str(n - 1)))
    with torch.no_grad():
        for start in range(0, n, batch):
            s = g(torch.randn(min(batch, n - start), 128))
            img = ((s.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()
            for i, im in enumerate(img):
                Image.fromarray(im[..., 0] if im.shape[-1] == 1 else im).save(
                    os.path.join(out, f"{start + i:0{digits}d}.png"))


if __name__ == "__main__":
    main()

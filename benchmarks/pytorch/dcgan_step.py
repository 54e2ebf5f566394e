#!/usr/bin/env python3
"""PyTorch reference for SameGAN's DCGAN train-step benchmark.

The identical model (z=128; G: dense -> 4x4x256, BN, ReLU, deconv k4 s2 p1 256->128->64->3 with
BN+ReLU between, tanh; D: conv k4 s2 p1 3->64 LReLU(0.2) -> 128 BN LReLU -> 256 BN LReLU ->
dense 4096->1), the same loss (non-saturating minimax, BCE with logits), the same optimizers
(Adam 2e-4, betas 0.5/0.999, one per network) and the same step structure as
io.github.samegan.bench.DcganStepBenchmark: one D update on a real batch and a fresh fake batch
(G forward without gradients), then one G update on a fresh latent batch through D.

Usage: /usr/bin/python3 benchmarks/pytorch/dcgan_step.py [--batch 64] [--steps 40] [--warmup 10] [--threads 2]
Prints one JSON line: {"framework": "pytorch", "batch": .., "median_ms": .., ...}.
Install the peer on Debian: apt-get install python3-torch libopenblas0-openmp
"""
import torch
import torch.nn as nn

from peer_common import argument_parser, count, report, time_steps


class Generator(nn.Module):
    def __init__(self, z=128, c=3):
        super().__init__()
        self.fc = nn.Linear(z, 4 * 4 * 256)
        self.net = nn.Sequential(
            nn.BatchNorm2d(256), nn.ReLU(True),
            nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.ReLU(True),
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(True),
            nn.ConvTranspose2d(64, c, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.net(self.fc(z).view(-1, 256, 4, 4))


class Discriminator(nn.Module):
    def __init__(self, c=3):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(c, 64, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, True),
            nn.Conv2d(128, 256, 4, 2, 1), nn.BatchNorm2d(256), nn.LeakyReLU(0.2, True))
        self.fc = nn.Linear(4096, 1)

    def forward(self, x):
        return self.fc(self.net(x).flatten(1))


def main():
    a = argument_parser(__doc__).parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    g, d = Generator(), Discriminator()
    g_params, d_params = count(g), count(d)
    assert g_params == 1187907 and d_params == 663745, (g_params, d_params)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(a.batch, 3, 32, 32) * 2 - 1
    ones = torch.ones(a.batch, 1)
    zeros = torch.zeros(a.batch, 1)

    def step():
        opt_d.zero_grad(set_to_none=True)
        with torch.no_grad():
            fake = g(torch.randn(a.batch, 128))
        loss_d = bce(d(real), ones) + bce(d(fake), zeros)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad(set_to_none=True)
        loss_g = bce(d(g(torch.randn(a.batch, 128))), ones)
        loss_g.backward()
        opt_g.step()
        return loss_d.item(), loss_g.item()

    report(a, time_steps(step, a.warmup, a.steps), g_params, d_params)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch peer of SameGAN's ResNet SN-GAN train step (io.github.samegan.bench.ModelStepBenchmark
with -p model=resnet-sngan-small or resnet-sngan).

The identical models (gan-models ResNetSnGan, 32x32x3, z = 128; width 64/64 for
resnet-sngan-small, G 256 / D 128 for resnet-sngan):
  G: dense z -> [w, 4, 4] (bias) -> 3 up-blocks -> BN -> ReLU -> conv3x3 w->3 (bias) -> tanh;
     up-block: BN -> ReLU -> 2x nearest upsample -> conv3x3 -> BN -> ReLU -> conv3x3,
     shortcut 2x nearest upsample -> conv1x1 (every conv with bias).
  D (spectral norm on every weight, every layer with bias):
     block 1 ("optimised"): conv3x3 3->w -> ReLU -> conv3x3 -> avgpool2, shortcut avgpool2 -> conv1x1 3->w;
     block 2: ReLU -> conv3x3 -> ReLU -> conv3x3 -> avgpool2, shortcut conv1x1 -> avgpool2;
     blocks 3, 4: ReLU -> conv3x3 -> ReLU -> conv3x3, identity shortcut;
     ReLU -> global sum pool -> dense w->1.
  BN: eps 1e-5, momentum 0.1. Init: Xavier-uniform, gain sqrt(2) on the residual 3x3 convolutions and
  1 elsewhere, biases 0 (as SameGAN; it does not change the timing).
The step: hinge loss, Adam(2e-4, betas 0.5/0.999) for each network (GanTrainer's default, which
ModelStepBenchmark uses), n-critic 1: one D update on a fixed real batch and a fresh fake batch (G
forward in training mode, without gradients), then one G update on a fresh latent batch through D.

--mode exact (default) does what SameGAN does:
  * spectral norm: sigma = ||W^T u|| from the stored u (the same value and gradient as PyTorch's
    u^T W v with v = normalize(W^T u)); the power-iteration step u' = normalize(W v) is computed in
    D's update from the weights before the update and stored after the optimizer step; G's update
    reads the stored u and changes nothing (SpectralNorm.java, NetworkUpdate.run);
  * D's weights are frozen in G's update: no weight gradients for D, only the input gradient
    (SameGAN's G-step graph holds D's weights as constants).
--mode stock is plain PyTorch: torch.nn.utils.spectral_norm with its defaults (one power iteration
in every training-mode forward, i.e. three per step: D(real), D(fake), D(G(z))) and D's weight
gradients computed (and discarded) in G's update.

--check FILE.npz (written by benchmarks' ResNetPeerExportTest) loads SameGAN's initial weights into
the exact-mode models and compares one forward pass (G(z), D(x), D(G(z)) in training mode) and one
full step (both losses, every parameter and spectral-norm vector after it) with SameGAN's, to float
tolerance; it prints one JSON line and exits 1 on a mismatch.

Usage: /usr/bin/python3 benchmarks/pytorch/resnet_step.py --model resnet-sngan-small [--mode exact|stock]
         [--batch 64] [--steps 20] [--warmup 5] [--threads 2]
       /usr/bin/python3 benchmarks/pytorch/resnet_step.py --model resnet-sngan-small --check FILE.npz
Prints one JSON line: {"framework": "pytorch", "model": .., "mode": .., "median_ms": .., ...}.
Install the peer on Debian: apt-get install python3-torch libopenblas0-openmp
"""
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_common import argument_parser, count, report, time_steps

# model name -> (z, G width, D width, G parameters, D parameters); the counts are SameGAN's
# (Gan.generatorParameterCount / discriminatorParameterCount, asserted by ResNetPeerExportTest).
MODELS = {
    "resnet-sngan-small": (128, 64, 64, 368771, 264769),
    "resnet-sngan": (128, 256, 128, 4276739, 1053825),
}
EPS = 1e-12  # SpectralNorm.EPSILON, PyTorch's default


def xavier(m, gain):
    nn.init.xavier_uniform_(m.weight, gain)
    nn.init.zeros_(m.bias)
    return m


def conv(cin, cout, k, gain):
    return xavier(nn.Conv2d(cin, cout, k, 1, k // 2), gain)


class ExactSN(nn.Module):
    """SameGAN's spectral norm around a Conv2d or Linear (io.github.samegan.core.nn.SpectralNorm)."""

    def __init__(self, layer):
        super().__init__()
        self.layer = layer
        out = layer.weight.shape[0]
        u = torch.randn(out)
        self.register_buffer("u", u / (u.norm() + EPS))
        self.collect = False  # set during D's update: compute u' for after the optimizer step
        self.u_next = None

    def forward(self, x):
        w = self.layer.weight
        a = w.reshape(w.shape[0], -1).t() @ self.u  # A.u with A = W^T: [cols]
        sigma = a.norm()
        if self.collect and self.u_next is None:  # D runs twice per update: one u' (same value)
            with torch.no_grad():
                atv = w.reshape(w.shape[0], -1) @ (a / (sigma + EPS))
                self.u_next = atv / (atv.norm() + EPS)
        w_sn = w * (1.0 / (sigma + EPS))
        if isinstance(self.layer, nn.Conv2d):
            return F.conv2d(x, w_sn, self.layer.bias, self.layer.stride, self.layer.padding)
        return F.linear(x, w_sn, self.layer.bias)


def spectral(layer, mode):
    return ExactSN(layer) if mode == "exact" else nn.utils.spectral_norm(layer)


class GBlock(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.bn1, self.bn2 = nn.BatchNorm2d(w), nn.BatchNorm2d(w)
        self.conv1, self.conv2 = conv(w, w, 3, math.sqrt(2)), conv(w, w, 3, math.sqrt(2))
        self.sc = conv(w, w, 1, 1.0)

    def forward(self, x):
        h = self.conv1(F.interpolate(F.relu(self.bn1(x)), scale_factor=2, mode="nearest"))
        h = self.conv2(F.relu(self.bn2(h)))
        return h + self.sc(F.interpolate(x, scale_factor=2, mode="nearest"))

    def samegan_names(self, p):
        return {p + "main.0bn": self.bn1, p + "main.3conv": self.conv1, p + "main.4bn": self.bn2,
                p + "main.6conv": self.conv2, p + "skip.1conv": self.sc}


class Generator(nn.Module):
    def __init__(self, z, w, c=3, side=32):
        super().__init__()
        self.w, self.s = w, side // 8
        self.fc = xavier(nn.Linear(z, w * self.s * self.s), 1.0)
        self.blocks = nn.ModuleList(GBlock(w) for _ in range(3))
        self.bn = nn.BatchNorm2d(w)
        self.out = conv(w, c, 3, 1.0)

    def forward(self, z):
        h = self.fc(z).view(-1, self.w, self.s, self.s)
        for b in self.blocks:
            h = b(h)
        return torch.tanh(self.out(F.relu(self.bn(h))))

    def samegan_names(self):
        names = {"G.0dense": self.fc, "G.5bn": self.bn, "G.7conv": self.out}
        for i, b in enumerate(self.blocks):
            names.update(b.samegan_names(f"G.{2 + i}res."))
        return names


class DBlock(nn.Module):
    """kind "first": conv-ReLU-conv-pool + pool-conv1x1; "down": ReLU-conv-ReLU-conv-pool +
    conv1x1-pool; "plain": ReLU-conv-ReLU-conv + identity."""

    def __init__(self, cin, w, kind, mode):
        super().__init__()
        self.kind = kind
        self.conv1 = spectral(conv(cin, w, 3, math.sqrt(2)), mode)
        self.conv2 = spectral(conv(w, w, 3, math.sqrt(2)), mode)
        self.sc = spectral(conv(cin, w, 1, 1.0), mode) if kind != "plain" else None

    def forward(self, x):
        if self.kind == "first":
            h = F.avg_pool2d(self.conv2(F.relu(self.conv1(x))), 2)
            return h + self.sc(F.avg_pool2d(x, 2))
        h = self.conv2(F.relu(self.conv1(F.relu(x))))
        if self.kind == "down":
            return F.avg_pool2d(h, 2) + F.avg_pool2d(self.sc(x), 2)
        return h + x

    def samegan_names(self, p):
        if self.kind == "first":
            names = {p + "main.0snconv": self.conv1, p + "main.2snconv": self.conv2,
                     p + "skip.1snconv": self.sc}
        else:
            names = {p + "main.1snconv": self.conv1, p + "main.3snconv": self.conv2}
            if self.kind == "down":
                names[p + "skip.0snconv"] = self.sc
        return names


class Discriminator(nn.Module):
    def __init__(self, w, mode, c=3):
        super().__init__()
        self.blocks = nn.Sequential(DBlock(c, w, "first", mode), DBlock(w, w, "down", mode),
                                    DBlock(w, w, "plain", mode), DBlock(w, w, "plain", mode))
        self.fc = spectral(xavier(nn.Linear(w, 1), 1.0), mode)

    def forward(self, x):
        return self.fc(F.relu(self.blocks(x)).sum((2, 3)))

    def samegan_names(self):
        names = {"D.6sndense": self.fc}
        for i, b in enumerate(self.blocks):
            names.update(b.samegan_names(f"D.{i}res."))
        return names

    def sn_layers(self):
        return [m for m in self.modules() if isinstance(m, ExactSN)]


def build(model, mode):
    z, gw, dw, g_count, d_count = MODELS[model]
    g, d = Generator(z, gw), Discriminator(dw, mode)
    assert (count(g), count(d)) == (g_count, d_count), (
        f"{model}: PyTorch has G {count(g):,} / D {count(d):,} parameters, SameGAN {g_count:,} / {d_count:,}")
    return z, g, d


def make_step(g, d, mode, opt_g, opt_d, real, next_z):
    """One benchmark step: returns a function running a D update, then a G update."""
    sn = d.sn_layers() if mode == "exact" else []
    d_params = list(d.parameters())

    def step():
        # D's update: fake from G in training mode without gradients, D on real and fake.
        opt_d.zero_grad(set_to_none=True)
        for m in sn:
            m.collect, m.u_next = True, None
        with torch.no_grad():
            fake = g(next_z())
        loss_d = F.relu(1 - d(real)).mean() + F.relu(1 + d(fake)).mean()
        loss_d.backward()
        opt_d.step()
        for m in sn:  # SameGAN refreshes u after the owning network's update
            m.u.copy_(m.u_next)
            m.collect, m.u_next = False, None
        # G's update through D; exact: D's weights frozen (constants), stored u read, not updated.
        opt_g.zero_grad(set_to_none=True)
        if mode == "exact":
            for p in d_params:
                p.requires_grad_(False)
        loss_g = -d(g(next_z())).mean()
        loss_g.backward()
        opt_g.step()
        if mode == "exact":
            for p in d_params:
                p.requires_grad_(True)
        return loss_d.item(), loss_g.item()

    return step


def adam(params, first_step_like_nd4j=False):
    # ND4J's Adam adds eps to sqrt(v) before the bias correction, PyTorch after it; for the first
    # update eps / sqrt(1 - beta2) here is the same update (only --check needs that).
    return torch.optim.Adam(params, lr=2e-4, betas=(0.5, 0.999),
                            eps=1e-8 / math.sqrt(1 - 0.999) if first_step_like_nd4j else 1e-8)


def load_samegan(npz, prefix, names):
    """Assigns SameGAN's arrays (npz keys prefix + name + ".W" etc.) to the mapped modules and
    checks that every SameGAN array of G and D found its place."""
    used = set()

    def take(key):
        used.add(prefix + key)
        return torch.from_numpy(npz[prefix + key])

    with torch.no_grad():
        for name, m in names.items():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(take(name + ".gamma"))
                m.bias.copy_(take(name + ".beta"))
                m.running_mean.copy_(take(name + ".running_mean"))
                m.running_var.copy_(take(name + ".running_var"))
                continue
            layer = m.layer if isinstance(m, ExactSN) else m
            w = take(name + ".W")  # conv [k, k, in, out], dense [in, out]
            layer.weight.copy_(w.permute(3, 2, 0, 1) if w.dim() == 4 else w.t())
            layer.bias.copy_(take(name + ".b"))
            if isinstance(m, ExactSN):
                m.u.copy_(take(name + ".u"))
    left = {k for k in npz.files if k.startswith(prefix) and k.split(".")[1] in "GD"} - used
    assert not left, f"SameGAN arrays without a PyTorch place: {sorted(left)}"
    return used


def check(model, path):
    import numpy as np

    npz = np.load(path)
    torch.manual_seed(0)
    z_dim, g, d = build(model, "exact")
    names = {**g.samegan_names(), **d.samegan_names()}
    used = load_samegan(npz, "init.", names)
    t = lambda k: torch.from_numpy(npz[k])  # noqa: E731
    res = {"model": model, "check": path, "arrays": len(used)}
    bad = []

    def compare(what, ours, theirs, rtol, atol):
        err = (ours - theirs).abs().max().item()
        scale = theirs.abs().max().item()
        res[what] = {"max_abs_err": float(f"{err:.3g}"), "max_abs": float(f"{scale:.3g}")}
        if not torch.allclose(ours, theirs, rtol=rtol, atol=atol):
            bad.append(what)

    # One forward pass in training mode (G's batch norm on batch statistics).
    g.train(), d.train()
    with torch.no_grad():
        g_z = g(t("fwd.z"))
        compare("G(z)", g_z, t("fwd.g_z"), 1e-4, 1e-5)
        compare("D(x)", d(t("fwd.x")), t("fwd.d_x"), 1e-4, 1e-4)
        compare("D(G(z))", d(g_z), t("fwd.d_g_z"), 1e-4, 1e-4)

    def param_pairs(names):
        """(SameGAN key suffix, PyTorch tensor in SameGAN's layout) of every parameter and u."""
        for name, m in names.items():
            if isinstance(m, nn.BatchNorm2d):
                # running statistics are not compared: PyTorch also refreshes them in D's update
                # (G forward in training mode) and averages the unbiased variance, SameGAN neither
                yield name + ".gamma", m.weight
                yield name + ".beta", m.bias
                continue
            layer = m.layer if isinstance(m, ExactSN) else m
            w = layer.weight
            yield name + ".W", w.permute(2, 3, 1, 0) if w.dim() == 4 else w.t()
            yield name + ".b", layer.bias
            if isinstance(m, ExactSN):
                yield name + ".u", m.u

    g_params = list(g.parameters())

    def one_step(optimizer):
        load_samegan(npz, "init.", names)
        zs = iter([t("step.z_d"), t("step.z_g")])
        return make_step(g, d, "exact", optimizer(g_params), optimizer(list(d.parameters())),
                         t("step.real"), lambda: next(zs))()

    # The step with SGD (D's lr 1e-4, G's 1): every parameter's change is -lr times its gradient,
    # so this compares the gradients of both updates (D's, and G's through the updated D with
    # the refreshed u), per tensor: RMS error within 0.5 % of the RMS change (+ 1e-6 lr for the
    # convolution biases before a batch norm, whose gradient is 0 up to rounding). Seen: 0.09 %
    # at most (a batch-norm gain of resnet-sngan-small; a ReLU in D whose input is within
    # rounding of 0 can take the other branch), 0.03 % for resnet-sngan.
    lr_d, lr_g = float(npz["sgd.lr_d"][0]), float(npz["sgd.lr_g"][0])
    _, loss_g = one_step(lambda p: torch.optim.SGD(p, lr=lr_g if p is g_params else lr_d))
    compare("sgd g_loss", torch.tensor([loss_g]), t("sgd.g_loss"), 1e-4, 1e-5)
    worst = 0.0
    for key, ours in param_pairs(names):
        start, theirs = t("init." + key), t("sgd." + key)
        if key.endswith(".u"):
            err, tol = (ours - theirs).abs().max().item(), 1e-4
        else:
            change = theirs - start
            rms = lambda v: v.pow(2).mean().sqrt().item()  # noqa: E731
            err = rms(ours.detach() - start - change)
            tol = 5e-3 * rms(change) + 1e-6 * (lr_g if key.startswith("G.") else lr_d)
        if err / tol > worst:
            worst, res["sgd_worst"] = err / tol, key
        if err > tol:
            bad.append("sgd." + key)
    res["sgd_worst_err_over_tolerance"] = round(worst, 3)

    # The benchmark's step (Adam). Its first update is about lr * sign(gradient), so elements
    # whose gradient is within rounding of 0 (all of a bias before a batch norm, a few elsewhere)
    # may move the other way (error 2 lr): at most 0.5 % of all elements, the rest to 1e-6.
    loss_d, loss_g = one_step(lambda p: adam(p, True))
    compare("d_loss", torch.tensor([loss_d]), t("step.d_loss"), 1e-4, 1e-5)
    compare("g_loss", torch.tensor([loss_g]), t("step.g_loss"), 1e-4, 1e-5)
    flipped, total = 0, 0
    for key, ours in param_pairs(names):
        theirs = t("after." + key)
        off = (ours.detach() - theirs).abs() > (1e-4 if key.endswith(".u") else 1e-6)
        flipped, total = flipped + int(off.sum()), total + off.numel()
    res["adam_elements_off"] = f"{flipped} of {total}"
    if flipped > 0.005 * total:
        bad.append("adam step")
    res["ok"] = not bad
    if bad:
        res["mismatch"] = bad[:20]
    print(json.dumps(res))
    return 0 if not bad else 1


def main():
    ap = argument_parser(__doc__)
    ap.add_argument("--model", choices=sorted(MODELS), default="resnet-sngan-small")
    ap.add_argument("--mode", choices=["exact", "stock"], default="exact")
    ap.add_argument("--check", metavar="NPZ", help="compare with SameGAN's export instead of timing")
    ap.add_argument("--profile", type=int, metavar="STEPS", default=0,
                    help="after timing, profile STEPS steps with torch.profiler and print its op table"
                         " (ms per step), to set beside SameGAN's StepProfile")
    ap.set_defaults(steps=20, warmup=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.check:
        sys.exit(check(a.model, a.check))
    torch.manual_seed(0)
    z_dim, g, d = build(a.model, a.mode)
    g.train(), d.train()
    real = torch.rand(a.batch, 3, 32, 32) * 2 - 1
    step = make_step(g, d, a.mode, adam(g.parameters()), adam(d.parameters()), real,
                     lambda: torch.randn(a.batch, z_dim))
    report(a, time_steps(step, a.warmup, a.steps), count(g), count(d), model=a.model, mode=a.mode)
    if a.profile:
        profile_table(step, a.profile)


def profile_table(step, steps):
    """torch.profiler's self CPU time per op, in ms per step (the same unit as StepProfile)."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            step()
    rows = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
    total = sum(e.self_cpu_time_total for e in rows)
    print(f"{'op':<44} {'calls':>8} {'ms/step':>10}")
    for e in rows:
        ms = e.self_cpu_time_total / 1000 / steps
        if ms >= 0.05:
            print(f"{e.key:<44} {e.count / steps:8.1f} {ms:10.2f}")
    print(f"self CPU time of all ops: {total / 1000 / steps:.1f} ms/step")


if __name__ == "__main__":
    main()

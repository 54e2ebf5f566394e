#!/usr/bin/env python3
"""Writes FID statistics files in pytorch-fid's layout, the way pytorch-fid and clean-fid write
them, for PytorchFidStatisticsTest. Run from the repository root with Debian's numpy
(apt-get install python3-numpy; scipy is used for the reference FD when present):

    /usr/bin/python3 gan-eval/src/test/resources/fidstats/make_fid_stats.py

pytorch-fid's `--save-stats` and clean-fid's `make_custom_stats` both do
    np.savez_compressed(path, mu=np.mean(act, axis=0), sigma=np.cov(act, rowvar=False))
so that is what this script does, on small seeded feature matrices (D = 8) instead of Inception's
2048 dimensions. It also writes the features themselves, so that the test can compute its own
statistics from them, and the Frechet distance between the two files computed as pytorch-fid's
calculate_frechet_distance does.

Re-running it may change the last bits of the features (numpy's matrix product depends on the BLAS
it is linked with) and of the FD; the committed files are consistent with one another, which is
what the test relies on.
"""
import os

import numpy as np

OUT = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(2024)
D = 8
a = rng.randn(60, D) @ rng.randn(D, D) + 3.0
b = rng.randn(50, D) @ rng.randn(D, D) - 1.0


def stats(act):
    return np.mean(act, axis=0), np.cov(act, rowvar=False)


def frechet(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid's calculate_frechet_distance (scipy's sqrtm; eigenvalues without scipy)."""
    diff = mu1 - mu2
    try:
        from scipy import linalg

        covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
        if not np.isfinite(covmean).all():
            offset = np.eye(sigma1.shape[0]) * eps
            covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
        if np.iscomplexobj(covmean):
            covmean = covmean.real
        tr_covmean = np.trace(covmean)
    except ImportError:
        tr_covmean = np.sum(np.sqrt(np.linalg.eigvals(sigma1.dot(sigma2)).real.clip(0)))
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean


mu_a, sigma_a = stats(a)
mu_b, sigma_b = stats(b)
np.save(os.path.join(OUT, "features_a.npy"), a)
np.save(os.path.join(OUT, "features_b.npy"), b)
np.savez_compressed(os.path.join(OUT, "stats_a.npz"), mu=mu_a, sigma=sigma_a)
np.savez_compressed(os.path.join(OUT, "stats_b.npz"), mu=mu_b, sigma=sigma_b)
# clean-fid's features are float32, so its mu is float32 while np.cov returns float64.
np.savez_compressed(
    os.path.join(OUT, "stats_a_float32_mu.npz"), mu=mu_a.astype(np.float32), sigma=sigma_a
)
fd = frechet(mu_a, sigma_a, mu_b, sigma_b)
with open(os.path.join(OUT, "fd_a_b.txt"), "w") as f:
    f.write("%.17g\n" % fd)
print("FD(a, b) = %.17g (numpy %s)" % (fd, np.__version__))

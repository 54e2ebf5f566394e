#!/usr/bin/env python3
"""Independent numpy/scipy reference values for io.github.samegan.eval.metrics.

Regenerate (from the repository root, with Debian's python3-numpy and python3-scipy):

    /usr/bin/python3 gan-core/src/test/resources/metrics/make_reference.py

It rewrites the *.txt files next to this script. The formulas below are transcribed from the
reference implementations the Java code must agree with:

  * FD  - pytorch-fid (mseitzer/pytorch-fid, fid_score.calculate_frechet_distance): np.mean,
          np.cov(rowvar=False), scipy.linalg.sqrtm of sigma1.dot(sigma2), eps*I offset when the
          result is not finite, imaginary residue discarded.
  * KID - torch-fidelity (toshas/torch-fidelity, metric_kid.py): cubic polynomial kernel
          (x.y/d + 1)^3, unbiased MMD^2 per subset, subsets drawn with
          np.random.RandomState(seed).choice(n, m, replace=False), mean and np.std (ddof=0).
  * IS  - Salimans et al. 2016 (openai/improved-gan inception_score.py): exp(mean KL(p(y|x)||p(y)))
          per split, mean and np.std (ddof=0); splits are np.array_split's contiguous chunks.
  * P/R, density/coverage - prdc (clovaai/generative-evaluation-prdc, prdc.py): radius = distance
          to the k-th nearest neighbour (self excluded), strict '<' comparisons.

Matrix files: first line "rows cols", then one row per line, values with 17 significant digits.
Value files: "name value" per line.
"""
import os

import numpy as np
import scipy.linalg
from scipy.stats import entropy

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240606


def write_matrix(name, m):
    m = np.atleast_2d(np.asarray(m))
    with open(os.path.join(HERE, name), "w") as f:
        f.write("%d %d\n" % m.shape)
        for row in m:
            if np.issubdtype(m.dtype, np.integer):
                f.write(" ".join("%d" % v for v in row) + "\n")
            else:
                f.write(" ".join("%.17g" % v for v in row) + "\n")


def write_values(name, values):
    with open(os.path.join(HERE, name), "w") as f:
        for key, value in values:
            f.write("%s %.17g\n" % (key, value))


# ---------------------------------------------------------------- FD (pytorch-fid)
def frechet_distance_pytorch_fid(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("Imaginary component %s" % np.max(np.abs(covmean.imag)))
        covmean = covmean.real
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean)


def frechet_distance_eigh(mu1, sigma1, mu2, sigma2):
    """Second, symmetric formulation (for singular covariances): eigenvalues of
    S1^(1/2) S2 S1^(1/2), negatives clamped to 0."""
    w, v = np.linalg.eigh(sigma1)
    root = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = root @ sigma2 @ root
    lam = np.linalg.eigvalsh((m + m.T) / 2)
    diff = mu1 - mu2
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.sqrt(np.clip(lam, 0, None)).sum()


def statistics(x):
    return np.mean(x, axis=0), np.cov(x, rowvar=False)


# ---------------------------------------------------------------- KID (torch-fidelity)
def mmd2_unbiased(k_xx, k_xy, k_yy):
    m = k_xx.shape[0]
    kt_xx_sum = (k_xx.sum(axis=1) - np.diagonal(k_xx)).sum()
    kt_yy_sum = (k_yy.sum(axis=1) - np.diagonal(k_yy)).sum()
    k_xy_sum = k_xy.sum(axis=0).sum()
    return (kt_xx_sum + kt_yy_sum) / (m * (m - 1)) - 2 * k_xy_sum / (m * m)


def kernel_poly(x, y, degree=3, coef0=1):
    gamma = 1.0 / x.shape[1]
    return (np.matmul(x, y.T) * gamma + coef0) ** degree


def polynomial_mmd(f1, f2):
    return mmd2_unbiased(kernel_poly(f1, f1), kernel_poly(f1, f2), kernel_poly(f2, f2))


def kid(f1, f2, subsets, subset_size, seed):
    rng = np.random.RandomState(seed)
    mmds = np.zeros(subsets)
    idx1 = np.zeros((subsets, subset_size), dtype=np.int64)
    idx2 = np.zeros((subsets, subset_size), dtype=np.int64)
    for i in range(subsets):
        idx1[i] = rng.choice(len(f1), subset_size, replace=False)
        idx2[i] = rng.choice(len(f2), subset_size, replace=False)
        mmds[i] = polynomial_mmd(f1[idx1[i]], f2[idx2[i]])
    return float(np.mean(mmds)), float(np.std(mmds)), idx1, idx2


# ---------------------------------------------------------------- IS (improved-gan)
def inception_score(p, splits):
    scores = []
    for part in np.array_split(p, splits, axis=0):
        py = np.mean(part, axis=0)
        kl = [entropy(part[i, :], py) for i in range(part.shape[0])]
        scores.append(np.exp(np.mean(kl)))
    return float(np.mean(scores)), float(np.std(scores))


# ---------------------------------------------------------------- PRDC (prdc)
def pairwise_distance(x, y=None, exact=False):
    """Euclidean distances as sklearn.metrics.pairwise_distances computes them in float64
    (|x|^2 + |y|^2 - 2 x.y, clipped at 0), or from explicit differences when exact."""
    if y is None:
        y = x
    if exact:
        return np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1))
    d2 = (x * x).sum(1)[:, None] + (y * y).sum(1)[None, :] - 2 * x @ y.T
    return np.sqrt(np.clip(d2, 0, None))


def get_kth_value(unsorted, k, axis=-1):
    indices = np.argpartition(unsorted, k, axis=axis)[..., :k]
    k_smallests = np.take_along_axis(unsorted, indices, axis=axis)
    return k_smallests.max(axis=axis)


def nearest_neighbour_distances(features, k, exact=False):
    return get_kth_value(pairwise_distance(features, exact=exact), k=k + 1, axis=-1)


def prdc(real, fake, k, exact=False):
    real_nnd = nearest_neighbour_distances(real, k, exact)
    fake_nnd = nearest_neighbour_distances(fake, k, exact)
    d_rf = pairwise_distance(real, fake, exact=exact)
    precision = (d_rf < np.expand_dims(real_nnd, axis=1)).any(axis=0).mean()
    recall = (d_rf < np.expand_dims(fake_nnd, axis=0)).any(axis=1).mean()
    density = (1.0 / float(k)) * (d_rf < np.expand_dims(real_nnd, axis=1)).sum(axis=0).mean()
    coverage = (d_rf.min(axis=1) < real_nnd).mean()
    return precision, recall, density, coverage, real_nnd, fake_nnd


def main():
    rng = np.random.RandomState(SEED)
    d = 16
    mix = rng.randn(d, d) / np.sqrt(d)
    real = rng.randn(200, d) @ mix + 0.5
    fake = (rng.randn(180, d) * 1.2) @ (mix + 0.1 * rng.randn(d, d)) + 0.3 * rng.randn(d)
    write_matrix("real_features.txt", real)
    write_matrix("fake_features.txt", fake)

    mu1, s1 = statistics(real)
    mu2, s2 = statistics(fake)
    write_matrix("real_mean.txt", mu1)
    write_matrix("real_cov.txt", s1)

    fd = frechet_distance_pytorch_fid(mu1, s1, mu2, s2)
    fd_eigh = frechet_distance_eigh(mu1, s1, mu2, s2)
    assert abs(fd - fd_eigh) < 1e-9 * abs(fd), (fd, fd_eigh)

    # Singular covariances (fewer samples than dimensions).
    small_real, small_fake = real[:12], fake[:10]
    mu1s, s1s = statistics(small_real)
    mu2s, s2s = statistics(small_fake)
    fd_singular = frechet_distance_eigh(mu1s, s1s, mu2s, s2s)
    fd_singular_pytorch = frechet_distance_pytorch_fid(mu1s, s1s, mu2s, s2s)

    kid_mean, kid_std, idx1, idx2 = kid(real, fake, subsets=5, subset_size=100, seed=SEED)
    write_matrix("kid_subsets_real.txt", idx1)
    write_matrix("kid_subsets_fake.txt", idx2)
    kid_full = polynomial_mmd(real[:180], fake)

    logits = rng.randn(200, 10) * 2.0
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    write_matrix("probabilities.txt", probs)
    is_mean, is_std = inception_score(probs, 10)
    is7_mean, is7_std = inception_score(probs[:197], 7)  # uneven splits: 29,28,...

    values = [
        ("fd", fd),
        ("fd_singular", fd_singular),
        ("fd_singular_pytorch_fid", fd_singular_pytorch),
        ("kid_mean", kid_mean),
        ("kid_std", kid_std),
        ("kid_mmd2_real180_fake180", kid_full),
        ("is_mean", is_mean),
        ("is_std", is_std),
        ("is_n197_splits7_mean", is7_mean),
        ("is_n197_splits7_std", is7_std),
    ]
    for k in (3, 5):
        p, r, dens, cov, real_nnd, fake_nnd = prdc(real, fake, k)
        # No comparison sits so close to a tie that the distance formula matters.
        assert (p, r, dens, cov) == prdc(real, fake, k, exact=True)[:4]
        values += [("precision_k%d" % k, p), ("recall_k%d" % k, r),
                   ("density_k%d" % k, dens), ("coverage_k%d" % k, cov)]
        if k == 3:
            write_matrix("real_radii_k3.txt", real_nnd)
    write_values("reference_values.txt", values)
    for key, value in values:
        print("%-28s %.17g" % (key, value))


if __name__ == "__main__":
    main()

package io.github.samegan.eval.metrics;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs", <a
 * href="https://arxiv.org/abs/1801.01401">arXiv:1801.01401</a>): the squared maximum mean
 * discrepancy between real and generated features under the cubic polynomial kernel
 *
 * <pre>
 *   k(x, y) = (xᵀy / D + 1)³
 * </pre>
 *
 * estimated without bias on {@code subsets} random pairs of subsets of {@code subsetSize} rows each
 * (drawn without replacement, independently per subset), reporting the mean and the population
 * standard deviation over subsets. With subsets X, Y of size m:
 *
 * <pre>
 *   MMD²ᵤ = 1/(m(m−1)) Σ_{i≠j} k(xᵢ,xⱼ) + 1/(m(m−1)) Σ_{i≠j} k(yᵢ,yⱼ) − 2/m² Σ_{i,j} k(xᵢ,yⱼ)
 * </pre>
 *
 * exactly as torch-fidelity's {@code kid_subsets}/{@code kid_subset_size} (defaults 100 and 1000)
 * and its {@code mmd2(..., mmd_est='unbiased')}. Lower is better; the unbiased estimate can be
 * slightly negative when the two sets match. Unlike FD it has no bias in N, so it is the fairer
 * comparison at small sample counts. Subsets are drawn with a {@link SplittableRandom} seeded by
 * {@code seed}: the same seed gives the same number, but not the same subsets as numpy's generator
 * (the reference tests pass torch-fidelity's subsets explicitly through {@link #fromSubsets}).
 *
 * <p>Cost: {@code 3 · subsets · subsetSize² · D} multiply-adds (double-precision ND4J products).
 *
 * @param subsets number of subset pairs, at least 1 (default 100)
 * @param subsetSize rows per subset m, at least 2 and at most min(N_real, N_fake) (default 1000)
 * @param seed seed of the subset sampler
 */
public record KernelInceptionDistance(int subsets, int subsetSize, long seed) {

  /** torch-fidelity's defaults: 100 subsets of 1000. */
  public static final int DEFAULT_SUBSETS = 100;

  /** torch-fidelity's default subset size. */
  public static final int DEFAULT_SUBSET_SIZE = 1000;

  /** Validates the settings. */
  public KernelInceptionDistance {
    if (subsets < 1) {
      throw new IllegalArgumentException("subsets must be at least 1, found " + subsets);
    }
    if (subsetSize < 2) {
      throw new IllegalArgumentException("subsetSize must be at least 2, found " + subsetSize);
    }
  }

  /** 100 subsets of 1000 with the given seed. */
  public static KernelInceptionDistance withSeed(long seed) {
    return new KernelInceptionDistance(DEFAULT_SUBSETS, DEFAULT_SUBSET_SIZE, seed);
  }

  /**
   * KID mean and standard deviation over subsets.
   *
   * @param mean mean of the per-subset MMD²ᵤ
   * @param std population standard deviation (numpy's default, ddof = 0) of the per-subset values
   * @param subsets number of subsets
   * @param subsetSize rows per subset
   */
  public record Result(double mean, double std, int subsets, int subsetSize) {}

  /**
   * KID between real and generated features [N, D] (the row counts may differ).
   *
   * @throws IllegalArgumentException if the dimensions differ or {@code subsetSize} exceeds either
   *     row count
   */
  public Result compute(double[][] real, double[][] fake) {
    Matrices.requireSameDimension(real, "real", fake, "fake");
    int[][][] drawn = drawSubsets(real.length, fake.length);
    return evaluate(real, fake, drawn[0], drawn[1]);
  }

  /**
   * The row indices {@link #compute} uses for {@code nReal} real and {@code nFake} generated rows:
   * {@code [0][s]} are subset {@code s}'s real rows, {@code [1][s]} its generated rows. Lets
   * another executor of the same estimator (e.g. a distributed one, one subset per task) draw
   * exactly these subsets.
   *
   * @throws IllegalArgumentException if {@code subsetSize} exceeds either count
   */
  public int[][][] drawSubsets(int nReal, int nFake) {
    if (subsetSize > nReal || subsetSize > nFake) {
      throw new IllegalArgumentException(
          "subsetSize "
              + subsetSize
              + " exceeds the sample count (real "
              + nReal
              + ", fake "
              + nFake
              + "); use a smaller subset size");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[] permReal = identity(nReal);
    int[] permFake = identity(nFake);
    int[][] ri = new int[subsets][];
    int[][] fi = new int[subsets][];
    for (int s = 0; s < subsets; s++) {
      ri[s] = partialShuffle(permReal, subsetSize, rng);
      fi[s] = partialShuffle(permFake, subsetSize, rng);
    }
    return new int[][][] {ri, fi};
  }

  /**
   * KID over explicitly given subsets (e.g. to reproduce another implementation's draw): subset
   * {@code s} pairs rows {@code realSubsets[s]} of {@code real} with rows {@code fakeSubsets[s]} of
   * {@code fake}; all subsets must have the same size.
   */
  public static Result fromSubsets(
      double[][] real, double[][] fake, int[][] realSubsets, int[][] fakeSubsets) {
    Matrices.requireSameDimension(real, "real", fake, "fake");
    Objects.requireNonNull(realSubsets, "realSubsets");
    Objects.requireNonNull(fakeSubsets, "fakeSubsets");
    if (realSubsets.length == 0 || realSubsets.length != fakeSubsets.length) {
      throw new IllegalArgumentException(
          "need the same positive number of real and fake subsets, found "
              + realSubsets.length
              + " and "
              + fakeSubsets.length);
    }
    int m = realSubsets[0].length;
    if (m < 2) {
      throw new IllegalArgumentException("subsets need at least 2 rows, found " + m);
    }
    for (int s = 0; s < realSubsets.length; s++) {
      checkIndices(realSubsets[s], m, real.length, "realSubsets[" + s + "]");
      checkIndices(fakeSubsets[s], m, fake.length, "fakeSubsets[" + s + "]");
    }
    return evaluate(real, fake, realSubsets, fakeSubsets);
  }

  /**
   * The unbiased MMD² of two equally sized feature sets [m, D] under the cubic polynomial kernel
   * (one KID subset).
   */
  public static double mmd2Unbiased(double[][] x, double[][] y) {
    int d = Matrices.requireSameDimension(x, "x", y, "y");
    if (x.length != y.length || x.length < 2) {
      throw new IllegalArgumentException(
          "x and y must have the same number of rows, at least 2; found "
              + x.length
              + " and "
              + y.length);
    }
    return mmd2Unbiased(Matrices.toNd(x), Matrices.toNd(y), d, new Matrices.ProductBuffer());
  }

  private static Result evaluate(double[][] real, double[][] fake, int[][] ri, int[][] fi) {
    int d = real[0].length;
    double[] values = new double[ri.length];
    Matrices.ProductBuffer product = new Matrices.ProductBuffer();
    for (int s = 0; s < ri.length; s++) {
      values[s] =
          mmd2Unbiased(
              Matrices.gatherRows(real, ri[s]), Matrices.gatherRows(fake, fi[s]), d, product);
    }
    return summarize(values, ri[0].length);
  }

  /**
   * The result over per-subset MMD²ᵤ values, in subset order: their mean and population standard
   * deviation, summed in that order (as {@link #compute} does).
   */
  public static Result summarize(double[] values, int subsetSize) {
    if (values.length == 0) {
      throw new IllegalArgumentException("need at least one subset value, found none");
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean);
    }
    return new Result(mean, Math.sqrt(var / values.length), values.length, subsetSize);
  }

  static double mmd2Unbiased(INDArray x, INDArray y, int d, Matrices.ProductBuffer product) {
    int m = (int) x.size(0);
    double kxx = kernelSum(product.timesTransposed(x, x), m, d, true);
    double kyy = kernelSum(product.timesTransposed(y, y), m, d, true);
    double kxy = kernelSum(product.timesTransposed(x, y), m, d, false);
    return (kxx + kyy) / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
  }

  /** Σ (g/d + 1)³ over the m×m Gram matrix g (row-major), without the diagonal if asked. */
  private static double kernelSum(double[] g, int m, int d, boolean offDiagonal) {
    int rows = m;
    int cols = m;
    double gamma = 1.0 / d;
    double total = 0;
    for (int i = 0; i < rows; i++) {
      int off = i * cols;
      int skip = offDiagonal ? i : -1;
      double rowSum = 0;
      for (int j = 0; j < cols; j++) {
        if (j != skip) {
          double k = g[off + j] * gamma + 1.0;
          rowSum += k * k * k;
        }
      }
      total += rowSum;
    }
    return total;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** A uniformly random m-subset of {@code perm}'s values (partial Fisher–Yates, in place). */
  private static int[] partialShuffle(int[] perm, int m, SplittableRandom rng) {
    for (int i = 0; i < m; i++) {
      int j = i + rng.nextInt(perm.length - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return java.util.Arrays.copyOf(perm, m);
  }

  private static void checkIndices(int[] idx, int m, int n, String name) {
    Objects.requireNonNull(idx, name);
    if (idx.length != m) {
      throw new IllegalArgumentException(
          name + " has " + idx.length + " rows but the first subset has " + m);
    }
    for (int v : idx) {
      if (v < 0 || v >= n) {
        throw new IllegalArgumentException(name + " holds row " + v + ", outside [0, " + n + ")");
      }
    }
  }
}

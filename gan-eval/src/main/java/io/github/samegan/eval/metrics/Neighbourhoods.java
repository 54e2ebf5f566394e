package io.github.samegan.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The k-nearest-neighbour computations shared by {@link PrecisionRecall} and {@link
 * DensityCoverage}, as in the prdc reference code (clovaai/generative-evaluation-prdc): exact
 * Euclidean distances in row blocks, squared distances from {@code ‖x‖² + ‖y‖² − 2xᵀy} with one
 * double-precision ND4J product per block (clamped at 0; a row's distance to itself is never
 * computed and counts as exactly 0), radii = distance to the k-th nearest other sample, strict
 * {@code <} comparisons. Memory: one block of at most {@link #BLOCK_ELEMENTS} doubles plus O(N +
 * M).
 */
final class Neighbourhoods {
  /** Doubles per distance block (32 MB). */
  static final int BLOCK_ELEMENTS = 1 << 22;

  private Neighbourhoods() {}

  /** All four numbers from one pass over the real–fake distances. */
  record Result(PrecisionRecall precisionRecall, DensityCoverage densityCoverage) {}

  static Result compute(double[][] real, double[][] fake, int k) {
    return compute(real, fake, k, BLOCK_ELEMENTS);
  }

  /** As {@link #compute(double[][], double[][], int)} with a given block size (for tests). */
  static Result compute(double[][] real, double[][] fake, int k, int blockElements) {
    Matrices.requireSameDimension(real, "real", fake, "fake");
    requireK(k, real.length, "real");
    requireK(k, fake.length, "fake");
    INDArray r = Matrices.toNd(real);
    INDArray f = Matrices.toNd(fake);
    double[] nr = Matrices.rowSquaredNorms(real);
    double[] nf = Matrices.rowSquaredNorms(fake);
    double[] realRadii = kthNeighbourSquaredDistances(r, nr, k, blockElements);
    double[] fakeRadii = kthNeighbourSquaredDistances(f, nf, k, blockElements);

    int n = real.length;
    int m = fake.length;
    boolean[] fakeInsideReal = new boolean[m]; // precision
    long[] realBallsContaining = new long[m]; // density
    boolean[] realInsideFake = new boolean[n]; // recall
    boolean[] realCovered = new boolean[n]; // coverage
    int rowsPerBlock = Math.max(1, Math.min(n, blockElements / m));
    Matrices.ProductBuffer product = new Matrices.ProductBuffer();
    for (int start = 0; start < n; start += rowsPerBlock) {
      int end = Math.min(n, start + rowsPerBlock);
      double[] g =
          product.timesTransposed(r.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), f);
      for (int i = start; i < end; i++) {
        int off = (i - start) * m;
        double ni = nr[i];
        double ri = realRadii[i];
        boolean covered = false;
        boolean inFake = false;
        for (int j = 0; j < m; j++) {
          double d2 = Math.max(0.0, ni + nf[j] - 2 * g[off + j]);
          if (d2 < ri) {
            covered = true;
            fakeInsideReal[j] = true;
            realBallsContaining[j]++;
          }
          if (d2 < fakeRadii[j]) {
            inFake = true;
          }
        }
        realCovered[i] = covered;
        realInsideFake[i] = inFake;
      }
    }
    long balls = 0;
    for (long c : realBallsContaining) {
      balls += c;
    }
    double precision = fraction(fakeInsideReal);
    double recall = fraction(realInsideFake);
    double density = balls / ((double) k * m);
    double coverage = fraction(realCovered);
    return new Result(
        new PrecisionRecall(precision, recall, k), new DensityCoverage(density, coverage, k));
  }

  /**
   * Squared distance from each row of {@code x} to its k-th nearest other row (the (k+1)-th
   * smallest distance counting the row itself, as prdc's {@code get_kth_value(d, k + 1)}; a
   * duplicate row counts as a neighbour at distance 0). Uses the symmetry of the distance matrix:
   * each row block is multiplied only with itself and the rows after it, and every distance updates
   * the k-smallest lists of both its rows.
   */
  static double[] kthNeighbourSquaredDistances(INDArray x, double[] norms, int k) {
    return kthNeighbourSquaredDistances(x, norms, k, BLOCK_ELEMENTS);
  }

  static double[] kthNeighbourSquaredDistances(
      INDArray x, double[] norms, int k, int blockElements) {
    int n = (int) x.size(0);
    double[] best = new double[n * k]; // per row, its k smallest distances to others, ascending
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    int rowsPerBlock = Math.max(1, Math.min(n, blockElements / n));
    Matrices.ProductBuffer product = new Matrices.ProductBuffer();
    for (int start = 0; start < n; start += rowsPerBlock) {
      int end = Math.min(n, start + rowsPerBlock);
      int cols = n - start;
      INDArray rows = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
      INDArray rest = x.get(NDArrayIndex.interval(start, n), NDArrayIndex.all());
      double[] buffer = product.timesTransposed(rows, rest);
      for (int i = start; i < end; i++) {
        int off = (i - start) * cols - start;
        double ni = norms[i];
        int bi = i * k;
        for (int j = i + 1; j < n; j++) {
          double d2 = Math.max(0.0, ni + norms[j] - 2 * buffer[off + j]);
          if (d2 < best[bi + k - 1]) {
            insert(best, bi, k, d2);
          }
          int bj = j * k;
          if (d2 < best[bj + k - 1]) {
            insert(best, bj, k, d2);
          }
        }
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = best[i * k + k - 1];
    }
    return out;
  }

  /** Inserts v into the ascending list best[from, from + k), dropping its largest element. */
  private static void insert(double[] best, int from, int k, double v) {
    int p = from + k - 1;
    while (p > from && best[p - 1] > v) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = v;
  }

  private static double fraction(boolean[] flags) {
    int c = 0;
    for (boolean b : flags) {
      if (b) {
        c++;
      }
    }
    return (double) c / flags.length;
  }

  static void requireK(int k, int rows, String name) {
    if (k < 1) {
      throw new IllegalArgumentException("nearestK must be at least 1, found " + k);
    }
    if (rows <= k) {
      throw new IllegalArgumentException(
          name + " needs more than nearestK = " + k + " rows for a k-NN radius, found " + rows);
    }
  }
}

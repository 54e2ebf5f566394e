package io.github.samegan.spark;

import io.github.samegan.eval.metrics.KernelInceptionDistance;
import io.github.samegan.eval.metrics.PrecisionRecall;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * KID and improved precision/recall over feature matrices, with the work split across Spark tasks
 * and the same estimators as gan-eval's single-machine {@link KernelInceptionDistance} and {@link
 * PrecisionRecall}. Unlike the Fréchet distance these are not functions of mergeable moments, so
 * the feature rows themselves travel: both matrices are broadcast once (N × D doubles each; 50,000
 * × 2048 Inception features are 800 MB per set, which the executors must hold).
 *
 * <ul>
 *   <li><b>KID</b>: the driver draws the subsets exactly as {@link
 *       KernelInceptionDistance#drawSubsets} does (same seed, same rows), each subset's unbiased
 *       MMD² is one task's work, and the driver forms the mean and standard deviation from the
 *       values in subset order ({@link KernelInceptionDistance#summarize}) — the same number as
 *       {@link KernelInceptionDistance#compute} on one machine.
 *   <li><b>Precision/recall</b>: the k-NN radii of each set are computed once, each task taking a
 *       range of rows against the whole broadcast set; then each task scores a range of generated
 *       rows against the real rows and radii (precision) or a range of real rows against the
 *       generated ones (recall). Distances are {@code max(0, ‖x‖² + ‖y‖² − 2xᵀy)} with double
 *       products, as in gan-eval, with strict {@code <}; only a distance within rounding (~1e-15
 *       relative) of a radius could be classified differently.
 * </ul>
 */
public final class DistributedMetrics {
  /** Doubles per distance block in a task (32 MB), as gan-eval's k-NN code. */
  static final int BLOCK_ELEMENTS = 1 << 22;

  private DistributedMetrics() {}

  /** One KID subset: its index and its rows in the real and generated sets. */
  private record Subset(int index, int[] real, int[] fake) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * KID between real and generated features with {@code kid}'s subsets and seed, one subset per
   * task item over {@code partitions} tasks.
   *
   * @throws IllegalArgumentException if the dimensions differ or the subset size exceeds a set
   */
  public static KernelInceptionDistance.Result kernelInceptionDistance(
      JavaSparkContext jsc,
      double[][] real,
      double[][] fake,
      KernelInceptionDistance kid,
      int partitions) {
    Objects.requireNonNull(kid, "kid");
    requireSameDimension(real, fake);
    requirePartitions(partitions);
    int[][][] drawn = kid.drawSubsets(real.length, fake.length);
    List<Subset> subsets = new ArrayList<>();
    for (int s = 0; s < kid.subsets(); s++) {
      subsets.add(new Subset(s, drawn[0][s], drawn[1][s]));
    }
    Broadcast<double[][]> r = jsc.broadcast(real);
    Broadcast<double[][]> f = jsc.broadcast(fake);
    try {
      List<Double> values =
          jsc.parallelize(subsets, Math.min(partitions, subsets.size()))
              .map(
                  s ->
                      KernelInceptionDistance.mmd2Unbiased(
                          gather(r.value(), s.real()), gather(f.value(), s.fake())))
              .collect();
      double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
      return KernelInceptionDistance.summarize(v, kid.subsetSize());
    } finally {
      r.destroy();
      f.destroy();
    }
  }

  /**
   * Improved precision and recall of {@code fake} against {@code real} with k-NN radius {@code k}.
   *
   * @throws IllegalArgumentException if the dimensions differ or a set has no more than k rows
   */
  public static PrecisionRecall precisionRecall(
      JavaSparkContext jsc, double[][] real, double[][] fake, int nearestK, int partitions) {
    requireSameDimension(real, fake);
    requirePartitions(partitions);
    if (nearestK < 1) {
      throw new IllegalArgumentException("nearestK must be at least 1, found " + nearestK);
    }
    requireMoreThanK(real.length, nearestK, "real");
    requireMoreThanK(fake.length, nearestK, "fake");
    Broadcast<double[][]> r = jsc.broadcast(real);
    Broadcast<double[][]> f = jsc.broadcast(fake);
    Broadcast<double[]> realRadii = null;
    Broadcast<double[]> fakeRadii = null;
    try {
      realRadii = jsc.broadcast(radii(jsc, r, real.length, nearestK, partitions));
      fakeRadii = jsc.broadcast(radii(jsc, f, fake.length, nearestK, partitions));
      long fakesInside = inside(jsc, f, fake.length, r, realRadii, partitions);
      long realsInside = inside(jsc, r, real.length, f, fakeRadii, partitions);
      return new PrecisionRecall(
          fakesInside / (double) fake.length, realsInside / (double) real.length, nearestK);
    } finally {
      r.destroy();
      f.destroy();
      if (realRadii != null) {
        realRadii.destroy();
      }
      if (fakeRadii != null) {
        fakeRadii.destroy();
      }
    }
  }

  private static double[] radii(
      JavaSparkContext jsc, Broadcast<double[][]> x, int n, int k, int partitions) {
    List<double[]> parts =
        jsc.parallelize(DistributedEvaluation.ranges(n, partitions), partitions)
            .map(rg -> kthNeighbourSquaredDistances(x.value(), (int) rg[0], (int) rg[1], k))
            .collect();
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static long inside(
      JavaSparkContext jsc,
      Broadcast<double[][]> queries,
      int n,
      Broadcast<double[][]> reference,
      Broadcast<double[]> radii,
      int partitions) {
    return jsc.parallelize(DistributedEvaluation.ranges(n, partitions), partitions)
        .map(
            rg ->
                countInside(
                    queries.value(), (int) rg[0], (int) rg[1], reference.value(), radii.value()))
        .reduce(Long::sum);
  }

  /**
   * For rows {@code [from, to)} of {@code x}: the squared distance to the k-th nearest other row of
   * {@code x} (a duplicate row counts as a neighbour at distance 0; the row itself does not count),
   * gan-eval's NND_k.
   */
  static double[] kthNeighbourSquaredDistances(double[][] x, int from, int to, int k) {
    INDArray all = Nd4j.create(x).castTo(DataType.DOUBLE);
    double[] norms = squaredNorms(all);
    int n = x.length;
    double[] out = new double[to - from];
    double[] best = new double[k];
    int rowsPerBlock = Math.max(1, BLOCK_ELEMENTS / n);
    for (int start = from; start < to; start += rowsPerBlock) {
      int end = Math.min(to, start + rowsPerBlock);
      double[] g = products(x, start, end, all);
      for (int i = start; i < end; i++) {
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int off = (i - start) * n;
        for (int j = 0; j < n; j++) {
          if (j == i) {
            continue;
          }
          double d2 = Math.max(0.0, norms[i] + norms[j] - 2 * g[off + j]);
          if (d2 < best[k - 1]) {
            int p = k - 1;
            while (p > 0 && best[p - 1] > d2) {
              best[p] = best[p - 1];
              p--;
            }
            best[p] = d2;
          }
        }
        out[i - from] = best[k - 1];
      }
    }
    return out;
  }

  /**
   * How many of rows {@code [from, to)} of {@code queries} lie strictly inside some reference row's
   * ball ({@code ‖q − r‖² < radius²(r)}).
   */
  static long countInside(
      double[][] queries, int from, int to, double[][] reference, double[] referenceRadii) {
    INDArray ref = Nd4j.create(reference).castTo(DataType.DOUBLE);
    double[] qn = squaredNorms(Nd4j.create(queries).castTo(DataType.DOUBLE));
    double[] rn = squaredNorms(ref);
    int m = reference.length;
    long count = 0;
    int rowsPerBlock = Math.max(1, BLOCK_ELEMENTS / m);
    for (int start = from; start < to; start += rowsPerBlock) {
      int end = Math.min(to, start + rowsPerBlock);
      double[] g = products(queries, start, end, ref);
      for (int i = start; i < end; i++) {
        int off = (i - start) * m;
        for (int j = 0; j < m; j++) {
          if (Math.max(0.0, qn[i] + rn[j] - 2 * g[off + j]) < referenceRadii[j]) {
            count++;
            break;
          }
        }
      }
    }
    return count;
  }

  /** Row-major {@code x[start, end) · refᵀ} in double precision. */
  private static double[] products(double[][] x, int start, int end, INDArray ref) {
    INDArray rows = Nd4j.create(Arrays.copyOfRange(x, start, end)).castTo(DataType.DOUBLE);
    return rows.mmul(ref.transpose()).dup('c').data().asDouble();
  }

  private static double[] squaredNorms(INDArray m) {
    return m.mul(m).sum(1).toDoubleVector();
  }

  private static double[][] gather(double[][] m, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = m[rows[i]];
    }
    return out;
  }

  private static void requireSameDimension(double[][] real, double[][] fake) {
    Objects.requireNonNull(real, "real");
    Objects.requireNonNull(fake, "fake");
    if (real.length == 0 || fake.length == 0) {
      throw new IllegalArgumentException(
          "need real and generated features, found " + real.length + " and " + fake.length);
    }
    if (real[0].length != fake[0].length) {
      throw new IllegalArgumentException(
          "real features have "
              + real[0].length
              + " dimensions but generated ones "
              + fake[0].length
              + "; use the same feature network for both");
    }
  }

  private static void requireMoreThanK(int rows, int k, String name) {
    if (rows <= k) {
      throw new IllegalArgumentException(
          name + " needs more than nearestK = " + k + " rows for a k-NN radius, found " + rows);
    }
  }

  private static void requirePartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, found " + partitions);
    }
  }
}

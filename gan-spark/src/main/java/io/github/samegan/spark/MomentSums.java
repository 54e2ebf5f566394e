package io.github.samegan.spark;

import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.StatisticsKey;
import java.io.Serializable;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mergeable sufficient statistics of feature vectors: the count N, the sum Σx and the sum of outer
 * products Σxxᵀ, all in float64. Partitions add their features and the partial sums merge by
 * addition (associative and commutative, as Spark's {@code treeAggregate} needs), so the result
 * does not depend on how the images were split.
 *
 * <p>{@link #toStatistics} turns them into the mean μ = Σx/N and the unbiased covariance Σ = (Σxxᵀ
 * − N·μμᵀ)/(N − 1). Raw sums lose about log10(|μ|²/σ²) digits to cancellation against
 * single-machine centred accumulation; with features of order one that is far below the 1e-6
 * relative agreement the tests ask of the Fréchet distance.
 */
public final class MomentSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private long count;
  private final double[] sum;
  private final double[] outer; // D×D row-major
  private String featureNetwork; // what the features are (FeatureExtractor.description())
  private String preprocessing;

  private MomentSums(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, found " + dimension);
    }
    this.dimension = dimension;
    this.sum = new double[dimension];
    this.outer = new double[Math.multiplyExact(dimension, dimension)];
  }

  /** Empty sums for D-dimensional features. */
  public static MomentSums empty(int dimension) {
    return new MomentSums(dimension);
  }

  /** Feature dimension D. */
  public int dimension() {
    return dimension;
  }

  /**
   * Records which feature network the sums come from ({@link FeatureExtractor#description()} and
   * {@link FeatureExtractor#preprocessing()}); sums of different networks refuse to merge.
   *
   * @return this
   */
  public MomentSums describedBy(FeatureExtractor extractor) {
    requireSameNetwork(extractor.description(), extractor.preprocessing());
    this.featureNetwork = extractor.description();
    this.preprocessing = extractor.preprocessing();
    return this;
  }

  private void requireSameNetwork(String network, String prep) {
    if (featureNetwork != null
        && network != null
        && (!featureNetwork.equals(network) || !preprocessing.equals(prep))) {
      throw new IllegalArgumentException(
          "sums of different feature spaces: '"
              + featureNetwork
              + "' ("
              + preprocessing
              + ") vs '"
              + network
              + "' ("
              + prep
              + ")");
    }
  }

  /** The feature network's description, or null when no extractor was recorded. */
  public String featureNetwork() {
    return featureNetwork;
  }

  /** The feature network's preprocessing, or null when no extractor was recorded. */
  public String preprocessing() {
    return preprocessing;
  }

  /** Number of feature vectors added. */
  public long count() {
    return count;
  }

  /** A copy of Σx. */
  public double[] sum() {
    return sum.clone();
  }

  /**
   * Adds the rows of a feature matrix [B, D] (any floating type; accumulated in float64).
   *
   * @return this
   */
  public MomentSums add(INDArray features) {
    Objects.requireNonNull(features, "features");
    if (features.rank() != 2 || features.size(1) != dimension) {
      throw new IllegalArgumentException(
          "features must be [B, "
              + dimension
              + "], found "
              + java.util.Arrays.toString(features.shape()));
    }
    INDArray x = features.castTo(DataType.DOUBLE);
    double[] s = x.sum(0).toDoubleVector();
    double[] o = x.transpose().mmul(x).reshape(dimension * (long) dimension).toDoubleVector();
    for (int i = 0; i < dimension; i++) {
      sum[i] += s[i];
    }
    for (int i = 0; i < outer.length; i++) {
      outer[i] += o[i];
    }
    count += features.size(0);
    return this;
  }

  /**
   * Adds another partial sum into this one.
   *
   * @return this
   */
  public MomentSums merge(MomentSums other) {
    Objects.requireNonNull(other, "other");
    if (other.dimension != dimension) {
      throw new IllegalArgumentException(
          "cannot merge sums of dimension " + other.dimension + " into " + dimension);
    }
    requireSameNetwork(other.featureNetwork, other.preprocessing);
    if (featureNetwork == null) {
      featureNetwork = other.featureNetwork;
      preprocessing = other.preprocessing;
    }
    for (int i = 0; i < dimension; i++) {
      sum[i] += other.sum[i];
    }
    for (int i = 0; i < outer.length; i++) {
      outer[i] += other.outer[i];
    }
    count += other.count;
    return this;
  }

  /**
   * Mean and unbiased covariance of everything added, under a key for {@code dataset}/{@code split}
   * and the recorded feature network.
   *
   * @throws IllegalStateException with fewer than 2 vectors or no recorded feature network
   */
  public FeatureStatistics toStatistics(String dataset, String split) {
    if (featureNetwork == null) {
      throw new IllegalStateException(
          "no feature network recorded (describedBy); pass a StatisticsKey instead");
    }
    return toStatistics(new StatisticsKey(dataset, split, featureNetwork, preprocessing));
  }

  /**
   * Mean and unbiased covariance of everything added.
   *
   * @throws IllegalStateException with fewer than 2 vectors
   */
  public FeatureStatistics toStatistics(StatisticsKey key) {
    if (count < 2) {
      throw new IllegalStateException("statistics need at least 2 feature vectors, found " + count);
    }
    double n = count;
    double[] mean = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      mean[i] = sum[i] / n;
    }
    double[][] cov = new double[dimension][dimension];
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        double a = outer[i * dimension + j];
        double b = outer[j * dimension + i];
        double v = (0.5 * (a + b) - n * mean[i] * mean[j]) / (n - 1);
        cov[i][j] = v;
        cov[j][i] = v;
      }
    }
    return FeatureStatistics.of(key, count, mean, cov);
  }
}

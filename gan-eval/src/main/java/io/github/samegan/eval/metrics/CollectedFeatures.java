package io.github.samegan.eval.metrics;

import java.util.Objects;

/**
 * What {@link FeatureCollector} gathers for one image set: the streaming {@link FeatureStatistics}
 * of all N samples, and, when kept, the feature matrix (for KID, precision / recall, density /
 * coverage) and the class probabilities (for the classifier score).
 *
 * @param statistics mean and covariance of all N features (always present)
 * @param features the first R ≤ N feature rows [R, D], or null when not kept
 * @param probabilities the first N probability rows [N, K], or null when not kept
 */
public record CollectedFeatures(
    FeatureStatistics statistics, double[][] features, double[][] probabilities) {

  /** Validates that the statistics are present and the matrices match their dimension. */
  public CollectedFeatures {
    Objects.requireNonNull(statistics, "statistics");
    if (features != null) {
      int d = Matrices.requireMatrix(features, "features");
      if (d != statistics.dimension()) {
        throw new IllegalArgumentException(
            "features have "
                + d
                + " columns but the statistics are "
                + statistics.dimension()
                + "-dimensional");
      }
    }
    if (probabilities != null) {
      Matrices.requireMatrix(probabilities, "probabilities");
    }
  }

  /** Reference statistics only (e.g. loaded from a cache file): enough for FD alone. */
  public static CollectedFeatures ofStatistics(FeatureStatistics statistics) {
    return new CollectedFeatures(statistics, null, null);
  }

  /** All rows of a feature matrix, with statistics computed from it; no probabilities. */
  public static CollectedFeatures ofFeatures(StatisticsKey key, double[][] features) {
    return new CollectedFeatures(FeatureStatistics.of(key, features), features, null);
  }

  /** Number of samples N behind the statistics. */
  public long count() {
    return statistics.count();
  }

  /** Whether the feature matrix was kept. */
  public boolean hasFeatures() {
    return features != null;
  }

  /** Whether the probabilities were kept. */
  public boolean hasProbabilities() {
    return probabilities != null;
  }
}

package io.github.samegan.eval.metrics;

import java.util.Objects;

/**
 * Everything a metric value depends on besides the generator: without these fields a number like
 * "FID 12.3" cannot be compared with another. Recorded in every {@link MetricReport}.
 *
 * @param dataset the real data set
 * @param referenceSplit the real split the generator is compared with (e.g. {@code "test"})
 * @param generated what the generated set is (the generated statistics key's data set and split,
 *     e.g. {@code "generated/step-5000"})
 * @param realCount N_real, samples behind the real statistics (FD)
 * @param fakeCount N_fake, samples behind the generated statistics (FD, classifier score)
 * @param realFeatureRows real feature rows used by KID and the k-NN metrics (0 if none kept)
 * @param fakeFeatureRows generated feature rows used by KID and the k-NN metrics (0 if none)
 * @param featureNetwork {@link FeatureExtractor#description()}
 * @param preprocessing {@link FeatureExtractor#preprocessing()} (resize method and size)
 * @param featureDimension D
 * @param seed seed of KID's subset sampler
 */
public record EvaluationProtocol(
    String dataset,
    String referenceSplit,
    String generated,
    long realCount,
    long fakeCount,
    int realFeatureRows,
    int fakeFeatureRows,
    String featureNetwork,
    String preprocessing,
    int featureDimension,
    long seed) {

  /** Validates that text fields are present and counts non-negative. */
  public EvaluationProtocol {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(referenceSplit, "referenceSplit");
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(featureNetwork, "featureNetwork");
    Objects.requireNonNull(preprocessing, "preprocessing");
    if (realCount < 0 || fakeCount < 0 || realFeatureRows < 0 || fakeFeatureRows < 0) {
      throw new IllegalArgumentException(
          "counts must be non-negative, found realCount="
              + realCount
              + ", fakeCount="
              + fakeCount
              + ", realFeatureRows="
              + realFeatureRows
              + ", fakeFeatureRows="
              + fakeFeatureRows);
    }
    if (featureDimension < 1) {
      throw new IllegalArgumentException(
          "featureDimension must be at least 1, found " + featureDimension);
    }
  }
}

package io.github.samegan.eval.metrics;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which metrics {@link MetricEvaluator} computes and with which settings. Immutable; start from
 * {@link #defaults()} or {@link #builder()}.
 *
 * @param metrics the metrics to compute (those whose inputs are missing are skipped with a note)
 * @param kidSubsets KID subsets (default 100)
 * @param kidSubsetSize KID subset size (default 1000; lowered to the kept row count when fewer rows
 *     are available, and the report records the size actually used)
 * @param classifierScoreSplits classifier-score splits (default 10)
 * @param nearestK k of the k-NN radii for precision/recall and density/coverage (default 3)
 * @param seed seed of KID's subset sampler (default 0)
 */
public record MetricOptions(
    Set<Metric> metrics,
    int kidSubsets,
    int kidSubsetSize,
    int classifierScoreSplits,
    int nearestK,
    long seed) {

  /** Validates every field, quoting the bad value. */
  public MetricOptions {
    Objects.requireNonNull(metrics, "metrics");
    metrics =
        metrics.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.noneOf(Metric.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(metrics));
    new KernelInceptionDistance(kidSubsets, kidSubsetSize, seed); // validates
    ClassifierScore.withSplits(classifierScoreSplits); // validates
    if (nearestK < 1) {
      throw new IllegalArgumentException("nearestK must be at least 1, found " + nearestK);
    }
  }

  /** Every metric with the published defaults and seed 0. */
  public static MetricOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.metrics = EnumSet.noneOf(Metric.class);
    b.metrics.addAll(metrics);
    b.kidSubsets = kidSubsets;
    b.kidSubsetSize = kidSubsetSize;
    b.classifierScoreSplits = classifierScoreSplits;
    b.nearestK = nearestK;
    b.seed = seed;
    return b;
  }

  /** Builder for {@link MetricOptions}; values are validated by {@link #build()}. */
  public static final class Builder {
    private EnumSet<Metric> metrics = EnumSet.allOf(Metric.class);
    private int kidSubsets = KernelInceptionDistance.DEFAULT_SUBSETS;
    private int kidSubsetSize = KernelInceptionDistance.DEFAULT_SUBSET_SIZE;
    private int classifierScoreSplits = ClassifierScore.DEFAULT_SPLITS;
    private int nearestK = PrecisionRecall.DEFAULT_NEAREST_K;
    private long seed;

    private Builder() {}

    /** The metrics to compute (default all). */
    public Builder metrics(Metric first, Metric... rest) {
      this.metrics = EnumSet.of(first, rest);
      return this;
    }

    /** KID subsets and subset size (default 100 and 1000). */
    public Builder kid(int subsets, int subsetSize) {
      this.kidSubsets = subsets;
      this.kidSubsetSize = subsetSize;
      return this;
    }

    /** Classifier-score splits (default 10). */
    public Builder classifierScoreSplits(int splits) {
      this.classifierScoreSplits = splits;
      return this;
    }

    /** k of the k-NN radii (default 3). */
    public Builder nearestK(int k) {
      this.nearestK = k;
      return this;
    }

    /** Seed of KID's subset sampler (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The validated options. */
    public MetricOptions build() {
      return new MetricOptions(
          metrics, kidSubsets, kidSubsetSize, classifierScoreSplits, nearestK, seed);
    }
  }
}

package io.github.samegan.eval.metrics;

/** The metrics {@link MetricEvaluator} can compute. */
public enum Metric {
  /** {@link FrechetDistance}: needs only the statistics of both sets. */
  FRECHET_DISTANCE,
  /** {@link KernelInceptionDistance}: needs both feature matrices. */
  KERNEL_INCEPTION_DISTANCE,
  /** {@link ClassifierScore}: needs the generated set's class probabilities. */
  CLASSIFIER_SCORE,
  /** {@link PrecisionRecall}: needs both feature matrices. */
  PRECISION_RECALL,
  /** {@link DensityCoverage}: needs both feature matrices. */
  DENSITY_COVERAGE
}

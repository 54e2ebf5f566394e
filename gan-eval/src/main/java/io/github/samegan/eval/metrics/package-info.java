/**
 * Sample-quality metrics for generative models, computed on feature matrices so the maths is tested
 * once and any network can supply the features.
 *
 * <ul>
 *   <li>{@link io.github.samegan.eval.metrics.FeatureExtractor}: images → features [N, D] (and
 *       optionally class probabilities);
 *   <li>{@link io.github.samegan.eval.metrics.FeatureCollector}: streams image batches through an
 *       extractor into {@link io.github.samegan.eval.metrics.FeatureStatistics} (mean and
 *       covariance, mergeable, saved to files keyed by {@link
 *       io.github.samegan.eval.metrics.StatisticsKey}) plus the feature rows the other metrics
 *       need;
 *   <li>the metrics: {@link io.github.samegan.eval.metrics.FrechetDistance} (FID), {@link
 *       io.github.samegan.eval.metrics.KernelInceptionDistance} (KID), {@link
 *       io.github.samegan.eval.metrics.ClassifierScore} (Inception Score), {@link
 *       io.github.samegan.eval.metrics.PrecisionRecall} and {@link
 *       io.github.samegan.eval.metrics.DensityCoverage};
 *   <li>{@link io.github.samegan.eval.metrics.MetricEvaluator} computes them all into a {@link
 *       io.github.samegan.eval.metrics.MetricReport} that carries its {@link
 *       io.github.samegan.eval.metrics.EvaluationProtocol} and prints as JSON or a table.
 * </ul>
 *
 * <p>Everything is computed in double precision and checked against numpy/scipy reference values
 * (pytorch-fid, torch-fidelity, prdc formulas); see {@code docs/metrics.md}.
 */
package io.github.samegan.eval.metrics;

package io.github.samegan.eval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a generated set against a real set from their {@link CollectedFeatures}: features are
 * extracted once (by {@link FeatureCollector}) and scored every way the {@link MetricOptions} ask.
 * Metrics whose inputs are missing (e.g. KID when the real side is a cached statistics file without
 * features, or the classifier score without probabilities) are skipped, logged, and named in {@link
 * MetricReport#notes()}.
 *
 * <pre>{@code
 * CollectedFeatures real = FeatureCollector.builder(fx, "fashion-mnist", "test", 10_000).build()
 *     .collect(testBatches);
 * CollectedFeatures fake = FeatureCollector.builder(fx, "generated", "step-5000", 10_000).build()
 *     .collect(Stream.generate(() -> generator.sample(250)).iterator());
 * MetricReport report = MetricEvaluator.evaluate(real, fake, MetricOptions.defaults());
 * System.out.print(report.toTable());
 * }</pre>
 */
public final class MetricEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(MetricEvaluator.class);

  private MetricEvaluator() {}

  /**
   * Computes the requested metrics of {@code fake} against {@code real}.
   *
   * @throws IllegalArgumentException if the two sets come from different feature networks,
   *     preprocessing or dimensions
   */
  public static MetricReport evaluate(
      CollectedFeatures real, CollectedFeatures fake, MetricOptions options) {
    Objects.requireNonNull(real, "real");
    Objects.requireNonNull(fake, "fake");
    Objects.requireNonNull(options, "options");
    StatisticsKey rk = real.statistics().key();
    StatisticsKey fk = fake.statistics().key();
    if (!rk.featureNetwork().equals(fk.featureNetwork())
        || !rk.preprocessing().equals(fk.preprocessing())
        || real.statistics().dimension() != fake.statistics().dimension()) {
      throw new IllegalArgumentException(
          "real and generated features come from different feature spaces: "
              + rk
              + " (D="
              + real.statistics().dimension()
              + ") vs "
              + fk
              + " (D="
              + fake.statistics().dimension()
              + ")");
    }
    int realRows = real.hasFeatures() ? real.features().length : 0;
    int fakeRows = fake.hasFeatures() ? fake.features().length : 0;
    EvaluationProtocol protocol =
        new EvaluationProtocol(
            rk.dataset(),
            rk.split(),
            fk.dataset() + "/" + fk.split(),
            real.count(),
            fake.count(),
            realRows,
            fakeRows,
            rk.featureNetwork(),
            rk.preprocessing(),
            real.statistics().dimension(),
            options.seed());
    List<String> notes = new ArrayList<>();

    Double fd = null;
    if (options.metrics().contains(Metric.FRECHET_DISTANCE)) {
      fd = FrechetDistance.compute(real.statistics(), fake.statistics());
    }

    KernelInceptionDistance.Result kid = null;
    if (options.metrics().contains(Metric.KERNEL_INCEPTION_DISTANCE)) {
      if (realRows < 2 || fakeRows < 2) {
        skip(
            notes,
            "KID",
            "needs at least 2 kept feature rows on both sides (real "
                + realRows
                + ", generated "
                + fakeRows
                + ")");
      } else {
        int size = Math.min(options.kidSubsetSize(), Math.min(realRows, fakeRows));
        if (size < options.kidSubsetSize()) {
          notes.add(
              "KID subset size lowered from "
                  + options.kidSubsetSize()
                  + " to "
                  + size
                  + " (feature rows available)");
        }
        kid =
            new KernelInceptionDistance(options.kidSubsets(), size, options.seed())
                .compute(real.features(), fake.features());
      }
    }

    ClassifierScore.Result cs = null;
    if (options.metrics().contains(Metric.CLASSIFIER_SCORE)) {
      if (!fake.hasProbabilities()) {
        skip(notes, "classifier score", "the feature extractor gave no class probabilities");
      } else if (fake.probabilities().length < options.classifierScoreSplits()) {
        skip(
            notes,
            "classifier score",
            "fewer generated samples ("
                + fake.probabilities().length
                + ") than splits ("
                + options.classifierScoreSplits()
                + ")");
      } else {
        cs =
            ClassifierScore.withSplits(options.classifierScoreSplits())
                .compute(fake.probabilities());
      }
    }

    PrecisionRecall pr = null;
    DensityCoverage dc = null;
    boolean wantPr = options.metrics().contains(Metric.PRECISION_RECALL);
    boolean wantDc = options.metrics().contains(Metric.DENSITY_COVERAGE);
    if (wantPr || wantDc) {
      int k = options.nearestK();
      if (realRows <= k || fakeRows <= k) {
        skip(
            notes,
            wantPr
                ? (wantDc ? "precision/recall and density/coverage" : "precision/recall")
                : "density/coverage",
            "need more than k = "
                + k
                + " kept feature rows on both sides (real "
                + realRows
                + ", generated "
                + fakeRows
                + ")");
      } else {
        Neighbourhoods.Result nb = Neighbourhoods.compute(real.features(), fake.features(), k);
        pr = wantPr ? nb.precisionRecall() : null;
        dc = wantDc ? nb.densityCoverage() : null;
      }
    }
    return new MetricReport(protocol, fd, kid, cs, pr, dc, notes);
  }

  private static void skip(List<String> notes, String metric, String why) {
    String note = metric + " skipped: " + why;
    LOG.warn(note);
    notes.add(note);
  }
}

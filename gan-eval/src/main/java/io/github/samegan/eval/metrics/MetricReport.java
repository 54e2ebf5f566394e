package io.github.samegan.eval.metrics;

import io.github.samegan.core.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every metric value of one evaluation together with its {@link EvaluationProtocol}. A metric that
 * was not computed is {@code null}; {@link #notes()} says why (e.g. features not kept).
 *
 * <p>Reading the numbers: FD and KID are distances (lower is better, 0 for identical feature
 * distributions); the classifier score is higher-better (1 to K); precision, recall and coverage
 * are fractions in [0, 1] (higher is better); density is about 1 for matching distributions. See
 * {@code docs/metrics.md}.
 *
 * @param protocol what the numbers depend on
 * @param frechetDistance FD, or null
 * @param kid KID mean/std with its subset settings, or null
 * @param classifierScore classifier (Inception) score mean/std of the generated set, or null
 * @param precisionRecall improved precision and recall, or null
 * @param densityCoverage density and coverage, or null
 * @param notes remarks such as skipped metrics (never null)
 */
public record MetricReport(
    EvaluationProtocol protocol,
    Double frechetDistance,
    KernelInceptionDistance.Result kid,
    ClassifierScore.Result classifierScore,
    PrecisionRecall precisionRecall,
    DensityCoverage densityCoverage,
    List<String> notes) {

  /** Requires the protocol; copies the notes. */
  public MetricReport {
    Objects.requireNonNull(protocol, "protocol");
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * The report as a JSON object (UTF-8 text, two-space indentation). Doubles are written with
   * {@link Double#toString(double)} (exact round trip); non-finite values and absent metrics are
   * {@code null}. Keys: {@code protocol} {dataset, reference_split, generated, n_real, n_fake,
   * real_feature_rows, fake_feature_rows, feature_network, preprocessing, feature_dimension, seed},
   * {@code fd}, {@code kid} {mean, std, subsets, subset_size}, {@code classifier_score} {mean, std,
   * splits}, {@code precision_recall} {precision, recall, nearest_k}, {@code density_coverage}
   * {density, coverage, nearest_k}, {@code notes} [..].
   */
  public String toJson() {
    EvaluationProtocol p = protocol;
    StringBuilder sb = new StringBuilder(1024);
    sb.append("{\n  \"protocol\": {\n");
    field(sb, 4, "dataset", str(p.dataset()), true);
    field(sb, 4, "reference_split", str(p.referenceSplit()), true);
    field(sb, 4, "generated", str(p.generated()), true);
    field(sb, 4, "n_real", Long.toString(p.realCount()), true);
    field(sb, 4, "n_fake", Long.toString(p.fakeCount()), true);
    field(sb, 4, "real_feature_rows", Integer.toString(p.realFeatureRows()), true);
    field(sb, 4, "fake_feature_rows", Integer.toString(p.fakeFeatureRows()), true);
    field(sb, 4, "feature_network", str(p.featureNetwork()), true);
    field(sb, 4, "preprocessing", str(p.preprocessing()), true);
    field(sb, 4, "feature_dimension", Integer.toString(p.featureDimension()), true);
    field(sb, 4, "seed", Long.toString(p.seed()), false);
    sb.append("  },\n");
    field(sb, 2, "fd", frechetDistance == null ? "null" : num(frechetDistance), true);
    field(
        sb,
        2,
        "kid",
        kid == null
            ? "null"
            : "{\"mean\": "
                + num(kid.mean())
                + ", \"std\": "
                + num(kid.std())
                + ", \"subsets\": "
                + kid.subsets()
                + ", \"subset_size\": "
                + kid.subsetSize()
                + "}",
        true);
    field(
        sb,
        2,
        "classifier_score",
        classifierScore == null
            ? "null"
            : "{\"mean\": "
                + num(classifierScore.mean())
                + ", \"std\": "
                + num(classifierScore.std())
                + ", \"splits\": "
                + classifierScore.splits()
                + "}",
        true);
    field(
        sb,
        2,
        "precision_recall",
        precisionRecall == null
            ? "null"
            : "{\"precision\": "
                + num(precisionRecall.precision())
                + ", \"recall\": "
                + num(precisionRecall.recall())
                + ", \"nearest_k\": "
                + precisionRecall.nearestK()
                + "}",
        true);
    field(
        sb,
        2,
        "density_coverage",
        densityCoverage == null
            ? "null"
            : "{\"density\": "
                + num(densityCoverage.density())
                + ", \"coverage\": "
                + num(densityCoverage.coverage())
                + ", \"nearest_k\": "
                + densityCoverage.nearestK()
                + "}",
        true);
    StringBuilder arr = new StringBuilder("[");
    for (int i = 0; i < notes.size(); i++) {
      arr.append(i == 0 ? "" : ", ").append(str(notes.get(i)));
    }
    field(sb, 2, "notes", arr.append(']').toString(), false);
    return sb.append("}\n").toString();
  }

  /** Writes {@link #toJson()} to {@code file} (UTF-8), creating parent directories. */
  public void writeJson(Path file) throws IOException {
    Json.write(file, toJson());
  }

  /**
   * A fixed-width, human-readable table: the protocol lines, then one row per computed metric with
   * value, standard deviation (where defined), the better direction and its settings.
   */
  public String toTable() {
    EvaluationProtocol p = protocol;
    StringBuilder sb = new StringBuilder(1024);
    sb.append(
        String.format(
            Locale.ROOT, "%s/%s vs %s%n", p.dataset(), p.referenceSplit(), p.generated()));
    sb.append(
        String.format(
            Locale.ROOT,
            "features: %s, D=%d; preprocessing: %s%n",
            p.featureNetwork(),
            p.featureDimension(),
            p.preprocessing()));
    sb.append(
        String.format(
            Locale.ROOT,
            "samples: real %d (feature rows %d), generated %d (feature rows %d); seed %d%n",
            p.realCount(),
            p.realFeatureRows(),
            p.fakeCount(),
            p.fakeFeatureRows(),
            p.seed()));
    String fmt = "%-10s %14s %12s  %-6s  %s%n";
    sb.append(String.format(Locale.ROOT, fmt, "metric", "value", "std", "better", "settings"));
    sb.append("-".repeat(66)).append(System.lineSeparator());
    if (frechetDistance != null) {
      row(sb, fmt, "FD", frechetDistance, null, "lower", "");
    }
    if (kid != null) {
      row(
          sb,
          fmt,
          "KID",
          kid.mean(),
          kid.std(),
          "lower",
          kid.subsets() + " subsets of " + kid.subsetSize());
    }
    if (classifierScore != null) {
      row(
          sb,
          fmt,
          "IS",
          classifierScore.mean(),
          classifierScore.std(),
          "higher",
          classifierScore.splits() + " splits");
    }
    if (precisionRecall != null) {
      String k = "k=" + precisionRecall.nearestK();
      row(sb, fmt, "precision", precisionRecall.precision(), null, "higher", k);
      row(sb, fmt, "recall", precisionRecall.recall(), null, "higher", k);
    }
    if (densityCoverage != null) {
      String k = "k=" + densityCoverage.nearestK();
      row(sb, fmt, "density", densityCoverage.density(), null, "~1", k);
      row(sb, fmt, "coverage", densityCoverage.coverage(), null, "higher", k);
    }
    for (String n : notes) {
      sb.append("note: ").append(n).append(System.lineSeparator());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return toTable();
  }

  private static void row(
      StringBuilder sb,
      String fmt,
      String name,
      double value,
      Double std,
      String better,
      String settings) {
    sb.append(
        String.format(
            Locale.ROOT, fmt, name, fixed(value), std == null ? "" : fixed(std), better, settings));
  }

  private static String fixed(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    return a != 0 && (a < 1e-3 || a >= 1e7)
        ? String.format(Locale.ROOT, "%.5e", v)
        : String.format(Locale.ROOT, "%.6f", v);
  }

  private static void field(StringBuilder sb, int indent, String key, String value, boolean more) {
    sb.append(" ".repeat(indent)).append('"').append(key).append("\": ").append(value);
    sb.append(more ? ",\n" : "\n");
  }

  private static String num(double v) {
    return Json.number(v);
  }

  /** A JSON string literal. */
  static String str(String s) {
    return Json.quote(s);
  }
}

package io.github.samegan.detect;

import io.github.samegan.core.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A detector's evaluation, laid out like CNNDetection's tables: for every post-processing condition
 * (none first, then the blur and JPEG sweeps) one row per generator and one for all generators
 * together, each with AP, ROC AUC and the accuracies on real and on generated images at the
 * detector's threshold, and at 0.5 too when the threshold is another value (CNNDetection's users
 * often met a good AP with a poor accuracy at 0.5: a miscalibrated threshold, not a poor ranking).
 *
 * @param detector what the detector is ({@link Detector#describe()})
 * @param threshold the threshold the accuracies use
 * @param thresholdSource how that threshold was set
 * @param real the real images' description
 * @param conditions the post-processing conditions, "none" first
 * @param notes remarks (e.g. sets smaller than asked for)
 */
public record DetectionReport(
    String detector,
    double threshold,
    String thresholdSource,
    String real,
    List<Condition> conditions,
    List<String> notes) {

  /** The name of the row that pools every generator. */
  public static final String ALL = "all";

  /** Copies the lists. */
  public DetectionReport {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(thresholdSource, "thresholdSource");
    Objects.requireNonNull(real, "real");
    conditions = List.copyOf(conditions);
    notes = List.copyOf(notes);
  }

  /**
   * The scores of one set of generated images against the real ones.
   *
   * @param fakes the generator (or {@value #ALL})
   * @param realCount real images
   * @param fakeCount generated images
   * @param averagePrecision AP with generated images as positives
   * @param rocAuc area under the ROC curve
   * @param accuracyOnReal fraction of real images with {@code p < threshold}
   * @param accuracyOnFake fraction of generated images with {@code p ≥ threshold} (detection rate)
   * @param accuracyOnRealAtHalf the same at threshold 0.5
   * @param accuracyOnFakeAtHalf the same at threshold 0.5
   */
  public record Row(
      String fakes,
      int realCount,
      int fakeCount,
      double averagePrecision,
      double rocAuc,
      double accuracyOnReal,
      double accuracyOnFake,
      double accuracyOnRealAtHalf,
      double accuracyOnFakeAtHalf) {

    /** Computes a row from the probabilities of the real and the generated images. */
    public static Row of(String fakes, double[] real, double[] fake, double threshold) {
      return new Row(
          fakes,
          real.length,
          fake.length,
          DetectionMetrics.averagePrecision(real, fake),
          DetectionMetrics.rocAuc(real, fake),
          DetectionMetrics.accuracyOnReal(real, threshold),
          DetectionMetrics.accuracyOnFake(fake, threshold),
          DetectionMetrics.accuracyOnReal(real, 0.5),
          DetectionMetrics.accuracyOnFake(fake, 0.5));
    }

    /** Accuracy over real and generated images together, at the threshold. */
    public double accuracy() {
      return (accuracyOnReal * realCount + accuracyOnFake * fakeCount) / (realCount + fakeCount);
    }
  }

  /**
   * The rows of one post-processing condition.
   *
   * @param postProcessing {@code "none"}, {@code "blur sigma=2"}, {@code "jpeg quality=75"}, …
   * @param rows one per generator, then {@value #ALL} (when there are several generators)
   */
  public record Condition(String postProcessing, List<Row> rows) {

    /** Copies the rows. */
    public Condition {
      Objects.requireNonNull(postProcessing, "postProcessing");
      rows = List.copyOf(rows);
    }

    /** The row pooling every generator (the only row when there is one generator). */
    public Row overall() {
      return rows.get(rows.size() - 1);
    }
  }

  /** The condition without post-processing. */
  public Condition clean() {
    return conditions.get(0);
  }

  /** A fixed-width table: header lines, the clean rows per generator, then the sweeps (overall). */
  public String toTable() {
    boolean half = threshold != 0.5;
    StringBuilder sb = new StringBuilder(2048);
    String nl = System.lineSeparator();
    sb.append("detector: ").append(detector).append(nl);
    sb.append("real: ").append(real).append(nl);
    sb.append("accuracies at threshold ")
        .append(DetectorInfo.shortNumber(threshold))
        .append(" (")
        .append(thresholdSource)
        .append(')')
        .append(half ? "; '@0.5' columns at 0.5" : "")
        .append(nl);
    String head =
        String.format(
            Locale.ROOT,
            "%-16s %-34s %6s %6s %7s %7s %8s %8s",
            "post-processing",
            "fakes",
            "n_real",
            "n_fake",
            "AP",
            "AUC",
            "acc_real",
            "acc_fake");
    if (half) {
      head += String.format(Locale.ROOT, " %12s %12s", "acc_real@0.5", "acc_fake@0.5");
    }
    sb.append(head).append(nl).append("-".repeat(head.length())).append(nl);
    for (int c = 0; c < conditions.size(); c++) {
      Condition cond = conditions.get(c);
      List<Row> rows = c == 0 ? cond.rows() : List.of(cond.overall());
      for (Row r : rows) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-16s %-34s %6d %6d %7.4f %7.4f %8.4f %8.4f",
                cond.postProcessing(),
                abbreviate(r.fakes(), 34),
                r.realCount(),
                r.fakeCount(),
                r.averagePrecision(),
                r.rocAuc(),
                r.accuracyOnReal(),
                r.accuracyOnFake()));
        if (half) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  " %12.4f %12.4f",
                  r.accuracyOnRealAtHalf(),
                  r.accuracyOnFakeAtHalf()));
        }
        sb.append(nl);
      }
    }
    for (String n : notes) {
      sb.append("note: ").append(n).append(nl);
    }
    return sb.toString();
  }

  private static String abbreviate(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  /**
   * The report as JSON: {@code detector}, {@code threshold}, {@code threshold_source}, {@code
   * real}, {@code conditions} [{@code post_processing}, {@code rows} [{@code fakes, n_real, n_fake,
   * ap, auc, acc_real, acc_fake, acc, acc_real_at_0_5, acc_fake_at_0_5}]], {@code notes}.
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("{\n");
    sb.append("  \"detector\": ").append(Json.quote(detector)).append(",\n");
    sb.append("  \"threshold\": ").append(Json.number(threshold)).append(",\n");
    sb.append("  \"threshold_source\": ").append(Json.quote(thresholdSource)).append(",\n");
    sb.append("  \"real\": ").append(Json.quote(real)).append(",\n");
    sb.append("  \"conditions\": [\n");
    for (int c = 0; c < conditions.size(); c++) {
      Condition cond = conditions.get(c);
      sb.append("    {\"post_processing\": ")
          .append(Json.quote(cond.postProcessing()))
          .append(", \"rows\": [\n");
      for (int i = 0; i < cond.rows().size(); i++) {
        Row r = cond.rows().get(i);
        sb.append("      {\"fakes\": ")
            .append(Json.quote(r.fakes()))
            .append(", \"n_real\": ")
            .append(r.realCount())
            .append(", \"n_fake\": ")
            .append(r.fakeCount())
            .append(", \"ap\": ")
            .append(Json.number(r.averagePrecision()))
            .append(", \"auc\": ")
            .append(Json.number(r.rocAuc()))
            .append(", \"acc_real\": ")
            .append(Json.number(r.accuracyOnReal()))
            .append(", \"acc_fake\": ")
            .append(Json.number(r.accuracyOnFake()))
            .append(", \"acc\": ")
            .append(Json.number(r.accuracy()))
            .append(", \"acc_real_at_0_5\": ")
            .append(Json.number(r.accuracyOnRealAtHalf()))
            .append(", \"acc_fake_at_0_5\": ")
            .append(Json.number(r.accuracyOnFakeAtHalf()))
            .append(i + 1 < cond.rows().size() ? "},\n" : "}\n");
      }
      sb.append(c + 1 < conditions.size() ? "    ]},\n" : "    ]}\n");
    }
    sb.append("  ],\n  \"notes\": [");
    for (int i = 0; i < notes.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(Json.quote(notes.get(i)));
    }
    return sb.append("]\n}\n").toString();
  }

  /** Writes {@link #toJson()} (UTF-8), creating parent folders. */
  public void writeJson(Path file) throws IOException {
    Json.write(file, toJson());
  }

  @Override
  public String toString() {
    return toTable();
  }
}

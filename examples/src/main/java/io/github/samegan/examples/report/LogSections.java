package io.github.samegan.examples.report;

import io.github.samegan.examples.report.Section.Chart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sections drawn from the run's other logs: evaluation metrics from {@code eval.csv} (FD, KID,
 * IS, precision, recall, ...), and any other step-indexed CSV log in the folder (e.g. a detector's
 * {@code detection.csv}).
 */
final class LogSections {
  private static final Set<String> EVAL_BOOKKEEPING =
      Set.of(
          "step",
          "kid_std",
          "kid_subsets",
          "kid_subset_size",
          "n_real",
          "n_fake",
          "seconds",
          "is_std");

  private LogSections() {}

  /**
   * The "Evaluation metrics" section, if {@code eval.csv} has rows; an empty one adds a line to
   * {@code notes}.
   */
  static Optional<Section> evaluation(RunFolder run, List<String> notes) throws IOException {
    Path f = run.resolve("eval.csv");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    CsvTable t = CsvTable.read(f);
    if (t.rows().isEmpty() || !t.has("step")) {
      notes.add("eval.csv has no evaluations yet.");
      return Optional.empty();
    }
    double[] step = t.numbers("step");
    List<Chart> charts = new ArrayList<>();
    if (t.has("fd") && t.isNumeric("fd")) {
      charts.add(
          Chart.draw(
              "eval-fd",
              "Fréchet distance (FD; FID with Inception features)",
              "FD (lower is better)",
              "Distance between the real and generated feature distributions (means and covariances). Lower is "
                  + "better; compare rows of one run, not with published FIDs unless the features and sample "
                  + "counts are the same.",
              List.of(Charts.Series.line("FD", step, t.numbers("fd"))),
              List.of(),
              false));
    }
    if (t.has("kid_mean") && t.isNumeric("kid_mean")) {
      double[] err = t.has("kid_std") ? t.numbers("kid_std") : null;
      charts.add(
          Chart.draw(
              "eval-kid",
              "Kernel distance (KID), mean ± std over subsets",
              "KID (lower is better)",
              "An unbiased kernel distance between the feature sets; about 0 when the distributions match and "
                  + "may dip slightly below 0. The bars are the spread over subsets.",
              List.of(new Charts.Series("KID", step, t.numbers("kid_mean"), err, false, false)),
              List.of(new Charts.Reference("0: indistinguishable", 0.0)),
              false));
    }
    String isCol = t.has("is_mean") ? "is_mean" : t.has("is") ? "is" : null;
    if (isCol != null && t.isNumeric(isCol)) {
      double[] err = t.has("is_std") ? t.numbers("is_std") : null;
      charts.add(
          Chart.draw(
              "eval-is",
              "Classifier score (IS)",
              "IS (higher is better)",
              "exp(E KL(p(y|x) ‖ p(y))): high when each image is confidently one class and all classes appear. "
                  + "Between 1 and the number of classes.",
              List.of(new Charts.Series("IS", step, t.numbers(isCol), err, false, false)),
              List.of(),
              false));
    }
    Set<String> drawn = Set.of("fd", "kid_mean", "is_mean", "is");
    for (String col : t.header()) {
      if (!drawn.contains(col) && !EVAL_BOOKKEEPING.contains(col) && t.isNumeric(col)) {
        charts.add(
            Chart.draw(
                "eval-" + col,
                col,
                col,
                metricHelp(col),
                List.of(Charts.Series.line(col, step, t.numbers(col))),
                List.of(),
                false));
      }
    }
    int last = t.rows().size() - 1;
    StringBuilder intro =
        new StringBuilder(
            "From eval.csv: "
                + t.rows().size()
                + " evaluation"
                + (t.rows().size() == 1 ? "" : "s"));
    if (t.has("n_fake")) {
      intro
          .append(" of ")
          .append(Html.esc(t.text(last, "n_fake")))
          .append(" generated vs ")
          .append(Html.esc(t.text(last, "n_real")))
          .append(" real images");
    }
    intro.append('.');
    if (t.has("feature_network") && !t.text(last, "feature_network").isEmpty()) {
      intro
          .append(" Features: <code>")
          .append(Html.esc(t.text(last, "feature_network")))
          .append("</code>.");
    }
    if (t.has("preprocessing") && !t.text(last, "preprocessing").isEmpty()) {
      intro.append(" Preprocessing: ").append(Html.esc(t.text(last, "preprocessing"))).append('.');
    }
    return Optional.of(new Section("evaluation", "Evaluation metrics", intro.toString(), charts));
  }

  /**
   * With two or more detection logs ({@code train --detector A --detector B ...}), a section that
   * draws every detector's detection rate in one chart, beside the run's FD (from {@code eval.csv})
   * when there is one: whether a generator trained against one detector ({@code --evade}) also
   * escapes the others, and at what cost.
   */
  static Optional<Section> detectorsSideBySide(RunFolder run) throws IOException {
    List<Charts.Series> rates = new ArrayList<>();
    for (Path f : run.otherLogs()) {
      String name = f.getFileName().toString();
      if (!name.startsWith("detection")) {
        continue;
      }
      CsvTable t = CsvTable.read(f);
      if (t.rows().isEmpty() || !t.has("step") || !t.has("detection_rate")) {
        continue;
      }
      // the file and the detector's architecture (its full description, threshold included, is
      // in the detection section's introduction)
      String by = t.has("detector") ? t.text(t.rows().size() - 1, "detector") : "";
      int cut = by.indexOf(" on ");
      String label =
          name.substring(0, name.length() - 4)
              + (by.isEmpty() ? "" : " (" + (cut < 0 ? by : by.substring(0, cut)) + ")");
      rates.add(Charts.Series.line(label, t.numbers("step"), t.numbers("detection_rate")));
    }
    if (rates.size() < 2) {
      return Optional.empty();
    }
    List<Chart> charts = new ArrayList<>();
    charts.add(
        Chart.draw(
            "detectors-rates",
            "Detection rate under each detector",
            "fraction of samples caught",
            "The same fixed samples scored by every watching detector at its own threshold. With --evade,"
                + " the detector trained against falls first; the held-out ones show whether that transfers.",
            rates,
            List.of(new Charts.Reference("0.5", 0.5)),
            false));
    Path eval = run.resolve("eval.csv");
    if (Files.isRegularFile(eval)) {
      CsvTable t = CsvTable.read(eval);
      if (!t.rows().isEmpty() && t.has("step") && t.has("fd") && t.isNumeric("fd")) {
        charts.add(
            Chart.draw(
                "detectors-fd",
                "FD over the same steps",
                "FD (lower is better)",
                "From eval.csv: what the generator's sample quality did meanwhile.",
                List.of(Charts.Series.line("FD", t.numbers("step"), t.numbers("fd"))),
                List.of(),
                false));
      }
    }
    return Optional.of(
        new Section(
            "detectors",
            "Detectors side by side",
            "From the detection logs (" + rates.size() + " detectors) and eval.csv.",
            charts));
  }

  /**
   * A section per other CSV log whose first column is {@code step} and that has rows and numeric
   * columns.
   */
  static List<Section> otherLogs(RunFolder run) throws IOException {
    List<Section> out = new ArrayList<>();
    for (Path f : run.otherLogs()) {
      CsvTable t = CsvTable.read(f);
      if (t.header().isEmpty() || !t.header().get(0).equals("step") || t.rows().isEmpty()) {
        continue;
      }
      String name = f.getFileName().toString();
      String base = name.substring(0, name.length() - 4);
      boolean detection = base.contains("detect");
      double[] step = t.numbers("step");
      List<Chart> charts = new ArrayList<>();
      for (String col : t.header().subList(1, t.header().size())) {
        if (t.isNumeric(col) && !EVAL_BOOKKEEPING.contains(col)) {
          boolean rate = col.contains("rate") || col.contains("accuracy") || col.contains("auc");
          charts.add(
              Chart.draw(
                  base + "-" + col,
                  (detection ? "Detection: " : base + ": ") + col,
                  col,
                  detection
                      ? "How often a real-vs-generated detector spots this run's images ("
                          + col
                          + "); lower means the generator is harder to detect."
                      : "From " + name + ".",
                  List.of(Charts.Series.line(col, step, t.numbers(col))),
                  rate && detection ? List.of(new Charts.Reference("0.5: chance", 0.5)) : List.of(),
                  false));
        }
      }
      if (!charts.isEmpty()) {
        // a detection log names its detector in every row; several logs (train --detector A
        // --detector B) get one titled section each
        String by = detection && t.has("detector") ? t.text(t.rows().size() - 1, "detector") : null;
        out.add(
            new Section(
                base,
                detection
                    ? (by == null ? "Detection" : "Detection (" + name + ")")
                    : "Log: " + name,
                "From " + Html.esc(name) + (by == null ? "." : ": detector " + Html.esc(by) + "."),
                charts));
      }
    }
    return out;
  }

  private static String metricHelp(String col) {
    return switch (col) {
      case "precision", "density" ->
          "Fidelity: how much of the generated set lies on the real data. Higher is better.";
      case "recall", "coverage" ->
          "Diversity: how much of the real data the generated set covers. Higher is better.";
      default -> "From eval.csv.";
    };
  }
}

package io.github.samegan.examples.report;

import static io.github.samegan.examples.report.Html.esc;
import static io.github.samegan.examples.report.Numbers.duration;
import static io.github.samegan.examples.report.Numbers.fmt;
import static io.github.samegan.examples.report.Numbers.median;
import static io.github.samegan.examples.report.Numbers.parse;
import static io.github.samegan.examples.report.Numbers.tailMean;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's summary at the top of the page: cards with the steps logged, the recent losses and D
 * scores, the speed, the time spent training and the latest FD and KID, beside the latest sample
 * grid.
 */
final class SummaryCards {
  private SummaryCards() {}

  /** Appends the summary section. */
  static void append(
      StringBuilder b,
      RunFolder run,
      RunReport.Options options,
      CsvTable log,
      Map<String, String> meta,
      List<Path> grids)
      throws IOException {
    b.append("<section id=\"summary\" class=\"summary\">\n<div class=\"cards\">\n");
    int n = log.rows().size();
    if (n > 0) {
      int span = Math.max(1, Math.min(50, n / 10));
      card(
          b,
          "Steps logged",
          String.format(Locale.ROOT, "%,d", (long) log.numbers("step")[n - 1]),
          options.targetStep() > 0
              ? String.format(Locale.ROOT, "of %,d", options.targetStep())
              : "");
      card(
          b,
          "D loss / G loss",
          fmt(tailMean(log.numbers("d_loss"), span))
              + " / "
              + fmt(tailMean(log.numbers("g_loss"), span)),
          span == 1 ? "last step" : "mean of the last " + span + " steps");
      card(
          b,
          "D(real) / D(fake)",
          fmt(tailMean(log.numbers("d_real"), span))
              + " / "
              + fmt(tailMean(log.numbers("d_fake"), span)),
          span == 1 ? "last step" : "mean of the last " + span + " steps");
      double[] ms = log.numbers("ms_per_step");
      double med =
          median(Arrays.copyOfRange(ms, Math.min(ms.length - 1, n > 5 ? 2 : 0), ms.length));
      int batch = (int) parse(meta.getOrDefault("batch", "NaN"));
      card(
          b,
          "Speed",
          Double.isFinite(med) ? String.format(Locale.ROOT, "%,.0f ms/step", med) : "–",
          Double.isFinite(med) && batch > 0
              ? String.format(
                  Locale.ROOT, "%,.1f images/s (batch %d), median", batch * 1000 / med, batch)
              : "median");
      double total = 0;
      for (double v : ms) {
        total += Double.isFinite(v) ? v : 0;
      }
      card(b, "Time training", duration(total / 1000), "sum of step times");
    }
    Path eval = run.resolve("eval.csv");
    if (Files.isRegularFile(eval)) {
      CsvTable t = CsvTable.read(eval);
      int last = t.rows().size() - 1;
      if (last >= 0) {
        card(
            b,
            "Latest FD",
            t.text(last, "fd"),
            "at step " + t.text(last, "step") + " (lower is better)");
        if (t.has("kid_mean")) {
          card(
              b,
              "Latest KID",
              t.text(last, "kid_mean") + (t.has("kid_std") ? " ± " + t.text(last, "kid_std") : ""),
              "lower is better");
        }
      }
    }
    b.append("</div>\n");
    if (!grids.isEmpty()) {
      Path g = grids.get(grids.size() - 1);
      b.append("<figure class=\"latest\"><img alt=\"latest samples\" src=\"")
          .append(Html.dataUri(g))
          .append("\"><figcaption>Latest samples, step ")
          .append(RunFolder.stepOf(g))
          .append("</figcaption></figure>\n");
    }
    b.append("</section>\n");
  }

  private static void card(StringBuilder b, String label, String value, String detail) {
    b.append("<div class=\"card\"><div class=\"label\">")
        .append(esc(label))
        .append("</div><div class=\"value\">")
        .append(esc(value.isEmpty() ? "–" : value))
        .append("</div><div class=\"detail\">")
        .append(esc(detail))
        .append("</div></div>\n");
  }
}

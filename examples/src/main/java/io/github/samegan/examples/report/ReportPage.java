package io.github.samegan.examples.report;

import static io.github.samegan.examples.report.Html.esc;
import static io.github.samegan.examples.report.ReportStyle.CSS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the report's HTML: the header with the run's name and status, the navigation, the summary
 * ({@link SummaryCards}), the notes, the chart sections, the timeline of sample grids, the
 * configuration and the environment.
 */
final class ReportPage {
  private final RunFolder run;
  private final RunReport.Options options;
  private final List<String> notes;

  /**
   * @param run the run folder
   * @param options what the report knows beyond the files
   * @param notes lines shown under the summary (what is missing and why)
   */
  ReportPage(RunFolder run, RunReport.Options options, List<String> notes) {
    this.run = run;
    this.options = options;
    this.notes = notes;
  }

  /** The whole page. */
  String render(CsvTable log, Map<String, String> meta, List<Section> sections, List<Path> grids)
      throws IOException {
    String name = run.dir().toAbsolutePath().normalize().getFileName().toString();
    long lastStep = log.rows().isEmpty() ? 0 : (long) log.numbers("step")[log.rows().size() - 1];
    StringBuilder b = new StringBuilder(1 << 20);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    if (options.inProgress()) {
      b.append("<meta http-equiv=\"refresh\" content=\"60\">\n");
    }
    b.append("<title>")
        .append(esc(name))
        .append(" — SameGAN training report</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header>\n<h1>Training report: <span class=\"run\">")
        .append(esc(name))
        .append("</span></h1>\n<p class=\"sub\">")
        .append(esc(subtitle(meta)))
        .append("</p>\n<p class=\"status ")
        .append(options.inProgress() ? "live" : "done")
        .append("\">")
        .append(esc(status(lastStep)))
        .append("</p>\n</header>\n<nav>");
    for (Section s : sections) {
      if (!s.charts().isEmpty()) {
        b.append("<a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a>");
      }
    }
    b.append("<a href=\"#samples\">Samples</a><a href=\"#config\">Configuration</a>")
        .append("<a href=\"#environment\">Environment</a></nav>\n<main>\n");
    SummaryCards.append(b, run, options, log, meta, grids);
    for (String n : notes) {
      b.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
    }
    for (Section s : sections) {
      if (s.charts().isEmpty()) {
        continue;
      }
      b.append("<section id=\"")
          .append(s.id())
          .append("\">\n<h2>")
          .append(esc(s.title()))
          .append("</h2>\n");
      if (s.intro() != null) {
        b.append("<p>").append(s.intro()).append("</p>\n");
      }
      for (Section.Chart c : s.charts()) {
        b.append("<figure class=\"chart\" id=\"chart-")
            .append(c.id())
            .append("\"><img alt=\"")
            .append(esc(c.title()))
            .append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(c.png()))
            .append("\"><figcaption>")
            .append(esc(c.help()))
            .append("</figcaption></figure>\n");
      }
      b.append("</section>\n");
    }
    timeline(b, grids);
    b.append("<section id=\"config\">\n<h2>Configuration</h2>\n");
    if (meta.isEmpty()) {
      b.append(
          "<p class=\"note\">No settings recorded: the run has no checkpoint yet (checkpoints/last.ckpt).</p>\n");
    } else {
      b.append("<table>\n");
      for (Map.Entry<String, String> e : orderedConfig(meta).entrySet()) {
        b.append("<tr><th>")
            .append(esc(e.getKey()))
            .append("</th><td>")
            .append(esc(e.getValue()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
      if (meta.containsKey("model") && meta.containsKey("dataset")) {
        b.append("<p>Continue this run with <code>./samegan train --resume --out ")
            .append(esc(run.dir().toString()))
            .append(" --dataset ")
            .append(esc(meta.get("dataset")))
            .append(" --model ")
            .append(esc(meta.get("model")))
            .append(" --loss ")
            .append(esc(meta.getOrDefault("loss", "minimax")))
            .append(" --steps ")
            .append(Math.max(lastStep * 2, lastStep + 1))
            .append("</code>.</p>\n");
      }
    }
    b.append("</section>\n");
    environment(b);
    b.append("</main>\n<footer>Written by <code>samegan report</code> at ")
        .append(esc(OffsetDateTime.now().withNano(0).toString()))
        .append(
            ". Self-contained: every chart and image is inside this file; the charts are also in ")
        .append("<code>plots/</code>. Data: <code>metrics.csv</code>")
        .append(Files.exists(run.resolve("eval.csv")) ? ", <code>eval.csv</code>" : "")
        .append(".</footer>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void timeline(StringBuilder b, List<Path> all) throws IOException {
    b.append("<section id=\"samples\">\n<h2>Samples over time</h2>\n");
    if (all.isEmpty()) {
      b.append(
          "<p class=\"note\">No sample grids yet (samples/step-NNNNNN.png).</p>\n</section>\n");
      return;
    }
    List<Path> shown = RunFolder.pick(all, RunReport.MAX_GRIDS);
    b.append(
            "<p>The same latent vectors at every grid, so each cell follows one sample as training goes on. ")
        .append(
            shown.size() < all.size()
                ? "Showing "
                    + shown.size()
                    + " of "
                    + all.size()
                    + " grids, evenly spaced; all are in <code>samples/</code>."
                : "All " + all.size() + " grids.")
        .append("</p>\n<div class=\"timeline\">\n");
    for (Path g : shown) {
      b.append("<figure><img alt=\"samples at step ")
          .append(RunFolder.stepOf(g))
          .append("\" src=\"")
          .append(Html.dataUri(g))
          .append("\"><figcaption>step ")
          .append(String.format(Locale.ROOT, "%,d", RunFolder.stepOf(g)))
          .append("</figcaption></figure>\n");
    }
    b.append("</div>\n</section>\n");
  }

  private void environment(StringBuilder b) throws IOException {
    b.append("<section id=\"environment\">\n<h2>Environment</h2>\n");
    Map<String, String> env = RunEnvironment.read(run.dir());
    if (env.isEmpty()) {
      b.append(
          "<p class=\"note\">This run did not record where it trained (train with <code>--report</code> to "
              + "record it). Shown instead: the machine that wrote this report.</p>\n");
      env = RunEnvironment.collect();
    } else {
      b.append("<p>Where the run trained, recorded when training started.</p>\n");
    }
    b.append("<table>\n");
    for (Map.Entry<String, String> e : env.entrySet()) {
      b.append("<tr><th>")
          .append(esc(RunEnvironment.label(e.getKey())))
          .append("</th><td>")
          .append(esc(e.getValue()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n</section>\n");
  }

  private String subtitle(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    if (m.containsKey("model")) {
      parts.add("model " + m.get("model"));
    }
    if (m.containsKey("loss")) {
      parts.add("loss " + m.get("loss"));
    }
    if (m.containsKey("dataset")) {
      String shape =
          m.containsKey("channels")
              ? " (" + m.get("channels") + "×" + m.get("height") + "×" + m.get("width") + ")"
              : "";
      parts.add("data set " + m.get("dataset") + shape);
    }
    if (m.containsKey("batch")) {
      parts.add("batch " + m.get("batch"));
    }
    return parts.isEmpty() ? run.dir().toString() : String.join(" · ", parts);
  }

  private String status(long lastStep) {
    if (options.inProgress()) {
      return String.format(
          Locale.ROOT,
          "Training in progress: step %,d of %,d. This page reloads every minute.",
          lastStep,
          options.targetStep());
    }
    return String.format(Locale.ROOT, "Last logged step: %,d.", lastStep);
  }

  private static Map<String, String> orderedConfig(Map<String, String> meta) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("dataset", "Data set");
    labels.put("model", "Model");
    labels.put("loss", "Loss");
    labels.put("batch", "Batch size");
    labels.put("optimizer", "Optimizer");
    labels.put("g_lr", "G learning rate");
    labels.put("d_lr", "D learning rate");
    labels.put("initSeed", "Initialisation seed");
    Map<String, String> out = new LinkedHashMap<>();
    if (meta.containsKey("channels")) {
      out.put(
          "Image shape (C×H×W)",
          meta.get("channels") + "×" + meta.get("height") + "×" + meta.get("width"));
    }
    labels.forEach(
        (k, label) -> {
          if (meta.containsKey(k)) {
            out.put(label, meta.get(k));
          }
        });
    Set<String> shown = Set.of("channels", "height", "width");
    meta.keySet().stream()
        .sorted()
        .filter(k -> !labels.containsKey(k) && !shown.contains(k))
        .forEach(k -> out.put(k, meta.get(k)));
    return out;
  }
}

package io.github.samegan.examples.report;

import io.github.samegan.core.SameGanException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes a run folder's {@code report.html}: one self-contained page (every chart and sample grid
 * embedded as a {@code data:} URI, no scripts, no network) with the loss curves, D(real)/D(fake),
 * the values the loss monitors, evaluation metrics ({@code eval.csv}: FD, KID, and IS, precision,
 * recall when present), any other step-indexed log in the folder (e.g. a detector's {@code
 * detection.csv}), learning rates, throughput, a timeline of sample grids, the configuration and
 * the environment. The charts are also written to {@code RUN/plots/*.png}.
 *
 * <pre>{@code
 * Path html = RunReport.write(Path.of("runs/shapes"), RunReport.Options.finished());
 * }</pre>
 */
public final class RunReport {
  /** The report's file name in a run folder. */
  public static final String FILE = "report.html";

  /** At most this many sample grids are shown in the timeline (evenly spaced, first and last kept). */
  public static final int MAX_GRIDS = 12;

  private static final Pattern GRID = Pattern.compile("step-(\\d+)\\.png");
  private static final Set<String> BASE = Set.of("step", "d_loss", "g_loss", "d_real", "d_fake", "ms_per_step");
  private static final Set<String> EVAL_BOOKKEEPING = Set.of("step", "kid_std", "kid_subsets", "kid_subset_size",
      "n_real", "n_fake", "seconds", "is_std");

  /**
   * What the report knows beyond the files.
   *
   * @param metadata the run's settings when known in-process (null: read them from the checkpoint)
   * @param targetStep the step training runs to, while it runs (0 when unknown or finished)
   * @param inProgress whether training is still running (the page then reloads itself every minute)
   */
  public record Options(Map<String, String> metadata, long targetStep, boolean inProgress) {
    /** Validates the target. */
    public Options {
      if (targetStep < 0) {
        throw new IllegalArgumentException("targetStep must be >= 0, found " + targetStep);
      }
      metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    /** A report of a run that is not training now: settings from its checkpoint. */
    public static Options finished() {
      return new Options(null, 0, false);
    }
  }

  private record Chart(String id, String title, String help, byte[] png) {}

  private record Section(String id, String title, String intro, List<Chart> charts) {}

  private final Path run;
  private final Options options;
  private final List<String> notes = new ArrayList<>();

  private RunReport(Path run, Options options) {
    this.run = run;
    this.options = options;
  }

  /**
   * Writes {@code run/report.html} (atomically: a reader never sees half a page) and the charts in
   * {@code run/plots/}.
   *
   * @return the report's path
   * @throws SameGanException if {@code run} is not a run folder (no {@code metrics.csv})
   * @throws IOException if a file cannot be read or written
   */
  public static Path write(Path run, Options options) throws IOException {
    if (!Files.isDirectory(run)) {
      throw new SameGanException("Run folder not found: " + run);
    }
    Path metrics = run.resolve("metrics.csv");
    if (!Files.isRegularFile(metrics)) {
      throw new SameGanException("No loss log in " + run + " (expected " + metrics
          + "): pass the --out folder of a 'samegan train' run");
    }
    return new RunReport(run, options).render(CsvTable.read(metrics));
  }

  private Path render(CsvTable log) throws IOException {
    Map<String, String> meta = options.metadata() != null ? options.metadata() : checkpointMetadata();
    double[] step = log.numbers("step");
    List<Section> sections = new ArrayList<>();
    List<Chart> training = new ArrayList<>();
    if (log.rows().isEmpty()) {
      notes.add("The loss log has no steps yet.");
    } else {
      training.add(chart("losses", "Losses", yLabelOf("loss", meta),
          "Both losses, one thin line per step and a thick moving average. In a healthy run they stay "
              + "in a band rather than one going to zero: a D loss near zero with a rising G loss means "
              + "the discriminator has won and the generator gets no useful gradient.",
          List.of(Charts.Series.smoothed("D loss", step, log.numbers("d_loss")),
              Charts.Series.smoothed("G loss", step, log.numbers("g_loss"))), List.of(), false));
      double[] dReal = log.numbers("d_real");
      double[] dFake = log.numbers("d_fake");
      boolean prob = within01(dReal) && within01(dFake);
      training.add(chart("d-scores", "Discriminator on real and generated batches",
          prob ? "probability D says 'real'" : "raw critic score",
          prob ? "D's mean probability that a batch is real. Early on D separates them (real near 1, generated "
              + "near 0); as G improves they move towards each other. Both pinned at 1 and 0 for long stretches "
              + "means D wins outright; D(fake) above D(real) means D is being fooled."
              : "The loss reports D's raw score (a Wasserstein-style critic, not a probability). The gap "
              + "D(real) − D(fake) estimates how far apart the distributions are; it should shrink as G improves.",
          List.of(Charts.Series.smoothed("D(real)", step, dReal), Charts.Series.smoothed("D(fake)", step, dFake)),
          prob ? List.of(new Charts.Reference("0.5: D cannot tell", 0.5)) : List.of(), false));
      for (String col : log.header()) {
        if (!BASE.contains(col) && log.isNumeric(col)) {
          training.add(chart("monitor-" + col, "Monitored by the loss: " + col, col, monitoredHelp(col),
              List.of(Charts.Series.smoothed(col, step, log.numbers(col))),
              col.endsWith("grad_norm") ? List.of(new Charts.Reference("target 1", 1.0)) : List.of(), false));
        }
      }
    }
    sections.add(new Section("training", "Training", null, training));
    evaluationSection().ifPresent(sections::add);
    sections.addAll(otherLogs());
    sections.add(new Section("schedule", "Learning rates and speed", null, speedCharts(log, step, meta)));

    String html = page(log, meta, sections, grids());
    Path out = run.resolve(FILE);
    Path tmp = Files.createTempFile(run, ".report.", ".tmp");
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    Path plots = run.resolve("plots");
    Files.createDirectories(plots);
    for (Section s : sections) {
      for (Chart c : s.charts()) {
        Files.write(plots.resolve(c.id() + ".png"), c.png());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- sections

  private java.util.Optional<Section> evaluationSection() throws IOException {
    Path f = run.resolve("eval.csv");
    if (!Files.isRegularFile(f)) {
      return java.util.Optional.empty();
    }
    CsvTable t = CsvTable.read(f);
    if (t.rows().isEmpty() || !t.has("step")) {
      notes.add("eval.csv has no evaluations yet.");
      return java.util.Optional.empty();
    }
    double[] step = t.numbers("step");
    List<Chart> charts = new ArrayList<>();
    if (t.has("fd") && t.isNumeric("fd")) {
      charts.add(chart("eval-fd", "Fréchet distance (FD; FID with Inception features)", "FD (lower is better)",
          "Distance between the real and generated feature distributions (means and covariances). Lower is "
              + "better; compare rows of one run, not with published FIDs unless the features and sample "
              + "counts are the same.",
          List.of(Charts.Series.line("FD", step, t.numbers("fd"))), List.of(), false));
    }
    if (t.has("kid_mean") && t.isNumeric("kid_mean")) {
      double[] err = t.has("kid_std") ? t.numbers("kid_std") : null;
      charts.add(chart("eval-kid", "Kernel distance (KID), mean ± std over subsets", "KID (lower is better)",
          "An unbiased kernel distance between the feature sets; about 0 when the distributions match and "
              + "may dip slightly below 0. The bars are the spread over subsets.",
          List.of(new Charts.Series("KID", step, t.numbers("kid_mean"), err, false, false)),
          List.of(new Charts.Reference("0: indistinguishable", 0.0)), false));
    }
    String isCol = t.has("is_mean") ? "is_mean" : t.has("is") ? "is" : null;
    if (isCol != null && t.isNumeric(isCol)) {
      double[] err = t.has("is_std") ? t.numbers("is_std") : null;
      charts.add(chart("eval-is", "Classifier score (IS)", "IS (higher is better)",
          "exp(E KL(p(y|x) ‖ p(y))): high when each image is confidently one class and all classes appear. "
              + "Between 1 and the number of classes.",
          List.of(new Charts.Series("IS", step, t.numbers(isCol), err, false, false)), List.of(), false));
    }
    Set<String> drawn = Set.of("fd", "kid_mean", "is_mean", "is");
    for (String col : t.header()) {
      if (!drawn.contains(col) && !EVAL_BOOKKEEPING.contains(col) && t.isNumeric(col)) {
        charts.add(chart("eval-" + col, col, col, metricHelp(col),
            List.of(Charts.Series.line(col, step, t.numbers(col))), List.of(), false));
      }
    }
    int last = t.rows().size() - 1;
    StringBuilder intro = new StringBuilder("From eval.csv: " + t.rows().size() + " evaluation"
        + (t.rows().size() == 1 ? "" : "s"));
    if (t.has("n_fake")) {
      intro.append(" of ").append(esc(t.text(last, "n_fake"))).append(" generated vs ")
          .append(esc(t.text(last, "n_real"))).append(" real images");
    }
    intro.append('.');
    if (t.has("feature_network") && !t.text(last, "feature_network").isEmpty()) {
      intro.append(" Features: <code>").append(esc(t.text(last, "feature_network"))).append("</code>.");
    }
    if (t.has("preprocessing") && !t.text(last, "preprocessing").isEmpty()) {
      intro.append(" Preprocessing: ").append(esc(t.text(last, "preprocessing"))).append('.');
    }
    return java.util.Optional.of(new Section("evaluation", "Evaluation metrics", intro.toString(), charts));
  }

  private List<Section> otherLogs() throws IOException {
    List<Section> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(run)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".csv"))
          .filter(p -> !Set.of("metrics.csv", "eval.csv").contains(p.getFileName().toString()))
          .sorted().toList();
    }
    for (Path f : files) {
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
          charts.add(chart(base + "-" + col, (detection ? "Detection: " : base + ": ") + col, col,
              detection ? "How often a real-vs-generated detector spots this run's images (" + col
                  + "); lower means the generator is harder to detect." : "From " + name + ".",
              List.of(Charts.Series.line(col, step, t.numbers(col))),
              rate && detection ? List.of(new Charts.Reference("0.5: chance", 0.5)) : List.of(), false));
        }
      }
      if (!charts.isEmpty()) {
        out.add(new Section(base, detection ? "Detection" : "Log: " + name, "From " + esc(name) + ".", charts));
      }
    }
    return out;
  }

  private List<Chart> speedCharts(CsvTable log, double[] step, Map<String, String> meta) {
    List<Chart> charts = new ArrayList<>();
    if (log.has("g_lr") || log.has("d_lr")) {
      List<Charts.Series> s = new ArrayList<>();
      if (log.has("g_lr")) {
        s.add(Charts.Series.line("G learning rate", step, log.numbers("g_lr")));
      }
      if (log.has("d_lr")) {
        s.add(new Charts.Series("D learning rate", step, log.numbers("d_lr"), null, false, true));
      }
      charts.add(chart("learning-rates", "Learning rates", "learning rate", "Per step, from the loss log.", s,
          List.of(), false, new Charts.YAxis(0.0, null, "0.0E0")));
    } else if (meta.containsKey("g_lr") && meta.containsKey("d_lr") && step.length > 0) {
      double g = parse(meta.get("g_lr"));
      double d = parse(meta.get("d_lr"));
      double[] x = {step[0], step[step.length - 1]};
      charts.add(chart("learning-rates", "Learning rates", "learning rate",
          "Constant for the whole run (the run's --g-lr and --d-lr; " + esc(meta.getOrDefault("optimizer", "?"))
              + "). " + (g == d ? "G and D use the same rate, so the two lines coincide."
                  : "G and D differ (two time-scale update rule)."),
          List.of(Charts.Series.line("G learning rate", x, new double[] {g, g}),
              new Charts.Series("D learning rate", x, new double[] {d, d}, null, false, true)), List.of(), false,
          new Charts.YAxis(0.0, Double.isFinite(Math.max(g, d)) ? Math.max(g, d) * 1.25 : null, "0.0E0")));
    } else {
      notes.add("Learning rates were not recorded (the checkpoint has no g_lr/d_lr): runs started by "
          + "'samegan train' record them.");
    }
    if (log.has("ms_per_step") && step.length > 0) {
      charts.add(chart("throughput", "Time per training step", "milliseconds per step",
          "Wall time of each step (D and G updates, data loading, callbacks). Spikes are steps that also "
              + "wrote a sample grid, a checkpoint or an evaluation; the first steps include warm-up.",
          List.of(Charts.Series.smoothed("ms per step", step, log.numbers("ms_per_step"))), List.of(), false));
    }
    return charts;
  }

  private Chart chart(String id, String title, String yTitle, String help, List<Charts.Series> series,
      List<Charts.Reference> refs, boolean logY) {
    return chart(id, title, yTitle, help, series, refs, logY, Charts.YAxis.AUTO);
  }

  private Chart chart(String id, String title, String yTitle, String help, List<Charts.Series> series,
      List<Charts.Reference> refs, boolean logY, Charts.YAxis axis) {
    int bad = 0;
    for (Charts.Series s : series) {
      for (double v : s.y()) {
        bad += Double.isFinite(v) ? 0 : 1;
      }
    }
    String h = help;
    if (bad > 0) {
      h += " " + bad + " non-finite value" + (bad == 1 ? " is" : "s are") + " not drawn (NaN or ∞: training may "
          + "have diverged; see docs/troubleshooting.md).";
    }
    return new Chart(id.replaceAll("[^A-Za-z0-9_-]", "_"), title, h,
        Charts.draw(title, yTitle, series, refs, logY, axis));
  }

  // ---------------------------------------------------------------- page

  private String page(CsvTable log, Map<String, String> meta, List<Section> sections, List<Path> grids)
      throws IOException {
    String name = run.toAbsolutePath().normalize().getFileName().toString();
    long lastStep = log.rows().isEmpty() ? 0 : (long) log.numbers("step")[log.rows().size() - 1];
    StringBuilder b = new StringBuilder(1 << 20);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    if (options.inProgress()) {
      b.append("<meta http-equiv=\"refresh\" content=\"60\">\n");
    }
    b.append("<title>").append(esc(name)).append(" — SameGAN training report</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n<header>\n<h1>Training report: <span class=\"run\">").append(esc(name))
        .append("</span></h1>\n<p class=\"sub\">").append(esc(subtitle(meta))).append("</p>\n<p class=\"status ")
        .append(options.inProgress() ? "live" : "done").append("\">").append(esc(status(lastStep)))
        .append("</p>\n</header>\n<nav>");
    for (Section s : sections) {
      if (!s.charts().isEmpty()) {
        b.append("<a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a>");
      }
    }
    b.append("<a href=\"#samples\">Samples</a><a href=\"#config\">Configuration</a>")
        .append("<a href=\"#environment\">Environment</a></nav>\n<main>\n");
    summary(b, log, meta, grids);
    for (String n : notes) {
      b.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
    }
    for (Section s : sections) {
      if (s.charts().isEmpty()) {
        continue;
      }
      b.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
      if (s.intro() != null) {
        b.append("<p>").append(s.intro()).append("</p>\n");
      }
      for (Chart c : s.charts()) {
        b.append("<figure class=\"chart\" id=\"chart-").append(c.id()).append("\"><img alt=\"")
            .append(esc(c.title())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(c.png())).append("\"><figcaption>").append(esc(c.help()))
            .append("</figcaption></figure>\n");
      }
      b.append("</section>\n");
    }
    timeline(b, grids);
    b.append("<section id=\"config\">\n<h2>Configuration</h2>\n");
    if (meta.isEmpty()) {
      b.append("<p class=\"note\">No settings recorded: the run has no checkpoint yet (checkpoints/last.ckpt).</p>\n");
    } else {
      b.append("<table>\n");
      for (Map.Entry<String, String> e : orderedConfig(meta).entrySet()) {
        b.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
      if (meta.containsKey("model") && meta.containsKey("dataset")) {
        b.append("<p>Continue this run with <code>./samegan train --resume --out ").append(esc(run.toString()))
            .append(" --dataset ").append(esc(meta.get("dataset"))).append(" --model ").append(esc(meta.get("model")))
            .append(" --loss ").append(esc(meta.getOrDefault("loss", "minimax"))).append(" --steps ")
            .append(Math.max(lastStep * 2, lastStep + 1)).append("</code>.</p>\n");
      }
    }
    b.append("</section>\n");
    environment(b);
    b.append("</main>\n<footer>Written by <code>samegan report</code> at ")
        .append(esc(OffsetDateTime.now().withNano(0).toString()))
        .append(". Self-contained: every chart and image is inside this file; the charts are also in ")
        .append("<code>plots/</code>. Data: <code>metrics.csv</code>")
        .append(Files.exists(run.resolve("eval.csv")) ? ", <code>eval.csv</code>" : "")
        .append(".</footer>\n</body>\n</html>\n");
    return b.toString();
  }

  private void summary(StringBuilder b, CsvTable log, Map<String, String> meta, List<Path> grids) throws IOException {
    b.append("<section id=\"summary\" class=\"summary\">\n<div class=\"cards\">\n");
    int n = log.rows().size();
    if (n > 0) {
      int span = Math.max(1, Math.min(50, n / 10));
      card(b, "Steps logged", String.format(Locale.ROOT, "%,d", (long) log.numbers("step")[n - 1]),
          options.targetStep() > 0 ? String.format(Locale.ROOT, "of %,d", options.targetStep()) : "");
      card(b, "D loss / G loss", fmt(tailMean(log.numbers("d_loss"), span)) + " / " + fmt(tailMean(log.numbers("g_loss"), span)),
          span == 1 ? "last step" : "mean of the last " + span + " steps");
      card(b, "D(real) / D(fake)", fmt(tailMean(log.numbers("d_real"), span)) + " / "
          + fmt(tailMean(log.numbers("d_fake"), span)), span == 1 ? "last step" : "mean of the last " + span + " steps");
      double[] ms = log.numbers("ms_per_step");
      double med = median(Arrays.copyOfRange(ms, Math.min(ms.length - 1, n > 5 ? 2 : 0), ms.length));
      int batch = (int) parse(meta.getOrDefault("batch", "NaN"));
      card(b, "Speed", Double.isFinite(med) ? String.format(Locale.ROOT, "%,.0f ms/step", med) : "–",
          Double.isFinite(med) && batch > 0 ? String.format(Locale.ROOT, "%,.1f images/s (batch %d), median", batch * 1000 / med, batch)
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
        card(b, "Latest FD", t.text(last, "fd"), "at step " + t.text(last, "step") + " (lower is better)");
        if (t.has("kid_mean")) {
          card(b, "Latest KID", t.text(last, "kid_mean") + (t.has("kid_std") ? " ± " + t.text(last, "kid_std") : ""),
              "lower is better");
        }
      }
    }
    b.append("</div>\n");
    if (!grids.isEmpty()) {
      Path g = grids.get(grids.size() - 1);
      b.append("<figure class=\"latest\"><img alt=\"latest samples\" src=\"").append(dataUri(g))
          .append("\"><figcaption>Latest samples, step ").append(stepOf(g)).append("</figcaption></figure>\n");
    }
    b.append("</section>\n");
  }

  private void timeline(StringBuilder b, List<Path> all) throws IOException {
    b.append("<section id=\"samples\">\n<h2>Samples over time</h2>\n");
    if (all.isEmpty()) {
      b.append("<p class=\"note\">No sample grids yet (samples/step-NNNNNN.png).</p>\n</section>\n");
      return;
    }
    List<Path> shown = pick(all, MAX_GRIDS);
    b.append("<p>The same latent vectors at every grid, so each cell follows one sample as training goes on. ")
        .append(shown.size() < all.size() ? "Showing " + shown.size() + " of " + all.size()
            + " grids, evenly spaced; all are in <code>samples/</code>." : "All " + all.size() + " grids.")
        .append("</p>\n<div class=\"timeline\">\n");
    for (Path g : shown) {
      b.append("<figure><img alt=\"samples at step ").append(stepOf(g)).append("\" src=\"").append(dataUri(g))
          .append("\"><figcaption>step ").append(String.format(Locale.ROOT, "%,d", stepOf(g)))
          .append("</figcaption></figure>\n");
    }
    b.append("</div>\n</section>\n");
  }

  private void environment(StringBuilder b) throws IOException {
    b.append("<section id=\"environment\">\n<h2>Environment</h2>\n");
    Map<String, String> env = RunEnvironment.read(run);
    if (env.isEmpty()) {
      b.append("<p class=\"note\">This run did not record where it trained (train with <code>--report</code> to "
          + "record it). Shown instead: the machine that wrote this report.</p>\n");
      env = RunEnvironment.collect();
    } else {
      b.append("<p>Where the run trained, recorded when training started.</p>\n");
    }
    b.append("<table>\n");
    for (Map.Entry<String, String> e : env.entrySet()) {
      b.append("<tr><th>").append(esc(RunEnvironment.label(e.getKey()))).append("</th><td>")
          .append(esc(e.getValue())).append("</td></tr>\n");
    }
    b.append("</table>\n</section>\n");
  }

  private static void card(StringBuilder b, String label, String value, String detail) {
    b.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
        .append(esc(value.isEmpty() ? "–" : value)).append("</div><div class=\"detail\">").append(esc(detail))
        .append("</div></div>\n");
  }

  // ---------------------------------------------------------------- helpers

  private String subtitle(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    if (m.containsKey("model")) {
      parts.add("model " + m.get("model"));
    }
    if (m.containsKey("loss")) {
      parts.add("loss " + m.get("loss"));
    }
    if (m.containsKey("dataset")) {
      String shape = m.containsKey("channels")
          ? " (" + m.get("channels") + "×" + m.get("height") + "×" + m.get("width") + ")" : "";
      parts.add("data set " + m.get("dataset") + shape);
    }
    if (m.containsKey("batch")) {
      parts.add("batch " + m.get("batch"));
    }
    return parts.isEmpty() ? run.toString() : String.join(" · ", parts);
  }

  private String status(long lastStep) {
    if (options.inProgress()) {
      return String.format(Locale.ROOT, "Training in progress: step %,d of %,d. This page reloads every minute.",
          lastStep, options.targetStep());
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
      out.put("Image shape (C×H×W)", meta.get("channels") + "×" + meta.get("height") + "×" + meta.get("width"));
    }
    labels.forEach((k, label) -> {
      if (meta.containsKey(k)) {
        out.put(label, meta.get(k));
      }
    });
    Set<String> shown = Set.of("channels", "height", "width");
    meta.keySet().stream().sorted().filter(k -> !labels.containsKey(k) && !shown.contains(k))
        .forEach(k -> out.put(k, meta.get(k)));
    return out;
  }

  private Map<String, String> checkpointMetadata() {
    Path ckpt = run.resolve("checkpoints").resolve("last.ckpt");
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.isRegularFile(ckpt)) {
      return m;
    }
    try (ZipFile zip = new ZipFile(ckpt.toFile())) {
      ZipEntry e = zip.getEntry("checkpoint.properties");
      if (e == null) {
        notes.add("checkpoints/last.ckpt is not a SameGAN checkpoint; settings not shown.");
        return m;
      }
      Properties p = new Properties();
      try (InputStream in = zip.getInputStream(e)) {
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
      p.stringPropertyNames().stream().sorted().filter(k -> k.startsWith("meta."))
          .forEach(k -> m.put(k.substring(5), p.getProperty(k)));
      if (p.getProperty("step") != null) {
        m.put("checkpoint step", p.getProperty("step"));
      }
    } catch (IOException ex) {
      notes.add("Could not read checkpoints/last.ckpt (" + ex.getMessage() + "); settings not shown.");
    }
    return m;
  }

  private List<Path> grids() throws IOException {
    Path dir = run.resolve("samples");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> GRID.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b))).toList();
    }
  }

  static List<Path> pick(List<Path> all, int max) {
    if (all.size() <= max) {
      return all;
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      int idx = (int) Math.round(i * (all.size() - 1) / (double) (max - 1));
      if (out.isEmpty() || out.get(out.size() - 1) != all.get(idx)) {
        out.add(all.get(idx));
      }
    }
    return out;
  }

  private static long stepOf(Path grid) {
    Matcher m = GRID.matcher(grid.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String dataUri(Path png) throws IOException {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
  }

  private static String yLabelOf(String what, Map<String, String> meta) {
    return meta.containsKey("loss") ? what + " (" + meta.get("loss") + ")" : what;
  }

  private static String monitoredHelp(String col) {
    if (col.endsWith("grad_norm")) {
      return "Mean norm of D's input gradient where the penalty is taken; the WGAN-GP and DRAGAN penalties pull "
          + "it towards 1 (dotted line).";
    }
    if (col.endsWith("grad_sq")) {
      return "Mean squared norm of D's input gradient that the R1/R2 penalty pushes towards 0.";
    }
    if (col.endsWith("penalty")) {
      return "The penalty term added to D's loss (already multiplied by its weight).";
    }
    return "A value the loss reports with every step.";
  }

  private static String metricHelp(String col) {
    return switch (col) {
      case "precision", "density" -> "Fidelity: how much of the generated set lies on the real data. Higher is better.";
      case "recall", "coverage" -> "Diversity: how much of the real data the generated set covers. Higher is better.";
      default -> "From eval.csv.";
    };
  }

  private static boolean within01(double[] v) {
    boolean any = false;
    for (double x : v) {
      if (Double.isFinite(x)) {
        any = true;
        if (x < 0 || x > 1) {
          return false;
        }
      }
    }
    return any;
  }

  private static double tailMean(double[] v, int n) {
    double s = 0;
    int c = 0;
    for (int i = Math.max(0, v.length - n); i < v.length; i++) {
      if (Double.isFinite(v[i])) {
        s += v[i];
        c++;
      }
    }
    return c == 0 ? Double.NaN : s / c;
  }

  private static double median(double[] v) {
    double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
    if (f.length == 0) {
      return Double.NaN;
    }
    return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException | NullPointerException e) {
      return Double.NaN;
    }
  }

  private static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
    }
    return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      :root { --ink:#1d2330; --muted:#5b6475; --line:#e3e6ec; --accent:#0072b2; }
      * { box-sizing: border-box; }
      body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink);
             background:#f6f7f9; }
      header { background:#fff; border-bottom:1px solid var(--line); padding:18px 32px 10px; }
      h1 { margin:0; font-size:22px; } h1 .run { color:var(--accent); }
      .sub { margin:4px 0 0; color:var(--muted); }
      .status { margin:6px 0 0; font-size:13px; } .status.live { color:#b35900; font-weight:600; }
      nav { position:sticky; top:0; z-index:1; background:#fff; border-bottom:1px solid var(--line);
            padding:8px 32px; display:flex; gap:18px; flex-wrap:wrap; font-size:14px; }
      nav a { color:var(--accent); text-decoration:none; } nav a:hover { text-decoration:underline; }
      main { max-width:1100px; margin:0 auto; padding:8px 32px 32px; }
      section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:18px 0; }
      h2 { margin:0 0 8px; font-size:18px; }
      .summary { display:flex; gap:20px; align-items:flex-start; flex-wrap:wrap; }
      .cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(170px, 1fr)); gap:10px; flex:1 1 480px; }
      .card { border:1px solid var(--line); border-radius:6px; padding:8px 12px; }
      .card .label { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
      .card .value { font-size:20px; font-weight:600; font-variant-numeric:tabular-nums; }
      .card .detail { font-size:12px; color:var(--muted); }
      figure { margin:0; }
      .latest img { width:280px; image-rendering:pixelated; border:1px solid var(--line); }
      figcaption { font-size:13px; color:var(--muted); }
      .chart { margin:14px 0 22px; } .chart img { width:100%; max-width:960px; display:block; }
      .chart figcaption { max-width:900px; margin-top:2px; }
      .timeline { display:grid; grid-template-columns:repeat(auto-fill, minmax(200px, 1fr)); gap:14px; }
      .timeline img { width:100%; image-rendering:pixelated; border:1px solid var(--line); display:block; }
      .timeline figcaption { text-align:center; }
      table { border-collapse:collapse; font-size:14px; }
      th, td { text-align:left; padding:4px 14px 4px 0; border-bottom:1px solid var(--line); vertical-align:top; }
      th { color:var(--muted); font-weight:500; white-space:nowrap; }
      code { font:13px ui-monospace, SFMono-Regular, Menlo, monospace; background:#f0f2f5; padding:1px 4px;
             border-radius:3px; }
      .note { background:#fff8e6; border:1px solid #f0d68a; border-radius:6px; padding:8px 12px; }
      footer { max-width:1100px; margin:0 auto; padding:0 32px 32px; color:var(--muted); font-size:13px; }
      """;
}

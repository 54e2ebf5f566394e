package io.github.samegan.examples.report;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.io.TemporaryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a run folder's {@code report.html}: one self-contained page (every chart and sample grid
 * embedded as a {@code data:} URI, no scripts, no network) with the loss curves, D(real)/D(fake),
 * the values the loss monitors, evaluation metrics ({@code eval.csv}: FD, KID, and IS, precision,
 * recall when present), any other step-indexed log in the folder (e.g. a detector's {@code
 * detection.csv}), learning rates, throughput, a timeline of sample grids, the configuration and
 * the environment. The charts are also written to {@code RUN/plots/*.png}.
 *
 * <p>This class writes the files; {@code RunFolder} reads the run, {@code TrainingSections} and
 * {@code LogSections} draw the charts, and {@code ReportPage} lays out the HTML.
 *
 * <pre>{@code
 * Path html = RunReport.write(Path.of("runs/shapes"), RunReport.Options.finished());
 * }</pre>
 */
public final class RunReport {
  /** The report's file name in a run folder. */
  public static final String FILE = "report.html";

  /**
   * At most this many sample grids are shown in the timeline (evenly spaced, first and last kept).
   */
  public static final int MAX_GRIDS = 12;

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

  private RunReport() {}

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
      throw new SameGanException(
          "No loss log in "
              + run
              + " (expected "
              + metrics
              + "): pass the --out folder of a 'samegan train' run");
    }
    return render(new RunFolder(run), options, CsvTable.read(metrics));
  }

  private static Path render(RunFolder run, Options options, CsvTable log) throws IOException {
    List<String> notes = new ArrayList<>();
    Map<String, String> meta =
        options.metadata() != null ? options.metadata() : run.checkpointMetadata(notes);
    List<Section> sections = new ArrayList<>();
    sections.add(TrainingSections.training(log, meta, notes));
    LogSections.evaluation(run, notes).ifPresent(sections::add);
    LogSections.detectorsSideBySide(run).ifPresent(sections::add);
    sections.addAll(LogSections.otherLogs(run));
    sections.add(TrainingSections.schedule(log, meta, notes));

    String html = new ReportPage(run, options, notes).render(log, meta, sections, run.grids());
    Path out = run.resolve(FILE);
    Path tmp = TemporaryFiles.createIn(run.dir(), ".report.", ".tmp");
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
      for (Section.Chart c : s.charts()) {
        Files.write(plots.resolve(c.id() + ".png"), c.png());
      }
    }
    return out;
  }
}

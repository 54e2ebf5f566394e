package io.github.samegan.core.train;

import io.github.samegan.core.io.CsvLogs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TrainingCallback} that scores the generator every {@code every} steps and appends one
 * row per evaluation to a CSV log next to the run's other metrics (e.g. {@code OUT/eval.csv},
 * {@code OUT/detection.csv}). The run is scored at its start (step 0 of a new run, a baseline) and
 * at its end too; a resumed run first drops the rows past the resume step, so the log reads as if
 * the run had never stopped. Subclasses say how to score ({@link #score}) and how a row reads
 * ({@link #csvLine}, {@link #logLine}).
 *
 * @param <R> one evaluation's row
 */
public abstract class PeriodicEvaluation<R> implements TrainingCallback {
  private final Path csv;
  private final String header;
  private final String logName;
  private final int every;
  private final PrintStream log;
  private final List<R> rows = new ArrayList<>();
  private boolean started;
  private long lastEvaluated = -1;

  /**
   * @param csv the log rows are appended to
   * @param header the log's header line (written when the file is new or empty)
   * @param logName names the log in I/O errors, e.g. {@code "evaluation log"}
   * @param every evaluate every n steps (&ge; 1)
   * @param log where to print one line per evaluation, or {@code null}
   */
  protected PeriodicEvaluation(
      Path csv, String header, String logName, int every, PrintStream log) {
    this.csv = Objects.requireNonNull(csv, "csv");
    this.header = Objects.requireNonNull(header, "header");
    this.logName = Objects.requireNonNull(logName, "logName");
    if (every < 1) {
      throw new IllegalArgumentException("every must be >= 1, found " + every);
    }
    this.every = every;
    this.log = log;
  }

  /**
   * Checks that this evaluation fits the trainer's GAN and prepares what all evaluations share
   * (e.g. the real images' features); called once, before the log is opened. The default does
   * nothing.
   */
  protected void prepare(GanTrainer trainer) {}

  /** Scores the trainer's generator now. */
  protected abstract R score(GanTrainer trainer, long step);

  /** The row as one complete CSV line, ending with a newline. */
  protected abstract String csvLine(R row);

  /** The row as one line for the console (ending with a newline). */
  protected abstract String logLine(R row);

  @Override
  public final void onStart(GanTrainer trainer, long targetStep) {
    if (!started) {
      prepare(trainer);
      started = true;
    }
    CsvLogs.openForStep(csv, header, trainer.currentStep(), logName);
    if (trainer.currentStep() == 0) {
      evaluate(trainer);
    }
  }

  @Override
  public final void onStep(GanTrainer trainer, StepStats stats) {
    if (stats.step() % every == 0) {
      evaluate(trainer);
    }
  }

  @Override
  public final void onEnd(GanTrainer trainer) {
    if (started && lastEvaluated != trainer.currentStep()) {
      evaluate(trainer);
    }
  }

  /** Scores the trainer's generator now, appends the row to the log and returns it. */
  public final R evaluate(GanTrainer trainer) {
    long step = trainer.currentStep();
    R row = score(trainer, step);
    CsvLogs.append(csv, csvLine(row), logName);
    rows.add(row);
    lastEvaluated = step;
    if (log != null) {
      log.print(logLine(row));
      log.flush();
    }
    return row;
  }

  /** The rows written by this callback so far. */
  public final List<R> rows() {
    return List.copyOf(rows);
  }
}

package io.github.samegan.examples.report;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.core.train.TrainingCallback;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The callback behind {@code samegan train --report} and the example programs' reports: keeps a
 * run's {@code report.html} up to date while it trains.
 */
public final class ReportCallback {
  private ReportCallback() {}

  /**
   * Records the environment when training starts, rewrites the report every {@code every} steps (a
   * page that reloads itself) and once more at the end. A report that cannot be written is reported
   * on {@code log} once and training goes on.
   *
   * @param enabled false gives a callback that does nothing
   * @param run the run folder
   * @param every steps between reports (at least 1)
   * @param log where to report problems
   */
  public static TrainingCallback duringTraining(
      boolean enabled, Path run, int every, PrintStream log) {
    if (!enabled) {
      return new TrainingCallback() {};
    }
    if (every < 1) {
      throw new IllegalArgumentException(
          "--report needs a reporting interval >= 1, found " + every);
    }
    return new TrainingCallback() {
      private long target;
      private boolean warned;

      @Override
      public void onStart(GanTrainer t, long targetStep) {
        target = targetStep;
        try {
          RunEnvironment.write(run, RunEnvironment.collect());
        } catch (IOException e) {
          warn(e);
        }
      }

      @Override
      public void onStep(GanTrainer t, StepStats s) {
        if (s.step() % every == 0 && s.step() != target) {
          write(t, true);
        }
      }

      @Override
      public void onEnd(GanTrainer t) {
        write(t, false);
        if (!warned) {
          log.println(
              "Report: " + run.resolve(RunReport.FILE).toAbsolutePath().normalize().toUri());
          log.flush();
        }
      }

      private void write(GanTrainer t, boolean live) {
        try {
          RunReport.write(run, new RunReport.Options(t.metadata(), live ? target : 0, live));
        } catch (IOException | UncheckedIOException | SameGanException e) {
          warn(e);
        }
      }

      private void warn(Exception e) {
        if (!warned) {
          warned = true;
          log.println(
              "samegan: warning: cannot write the report in "
                  + run
                  + " ("
                  + e.getMessage()
                  + "); training goes on");
          log.flush();
        }
      }
    };
  }
}

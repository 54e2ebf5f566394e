package io.github.samegan.examples.cli;

import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.examples.report.RunEnvironment;
import io.github.samegan.examples.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samegan report RUN_DIR}: writes {@code RUN_DIR/report.html} (see {@link RunReport}). */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Write RUN_DIR/report.html: one self-contained page (opens offline) with loss curves, D(real)/D(fake),",
      "evaluation metrics and detection rates when logged, learning rates, throughput, a timeline of",
      "sample grids, the configuration and the environment. Charts also go to RUN_DIR/plots/*.png.",
      "'samegan train --report' keeps the page up to date while training."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run folder written by 'samegan train --out'.")
  Path runDir;

  @Override
  public Integer call() throws IOException {
    Path html = RunReport.write(runDir, RunReport.Options.finished());
    PrintWriter out = spec.commandLine().getOut();
    out.println("Report: " + html.toAbsolutePath().normalize().toUri());
    out.flush();
    return 0;
  }

  /**
   * The callback behind {@code samegan train --report}: records the environment when training
   * starts, rewrites the report every {@code every} steps (a page that reloads itself) and once
   * more at the end. A report that cannot be written is reported on {@code log} once and training
   * goes on.
   *
   * @param enabled false gives a callback that does nothing
   * @param run the run folder
   * @param every steps between reports (at least 1)
   * @param log where to report problems
   */
  public static TrainingCallback duringTraining(boolean enabled, Path run, int every, PrintStream log) {
    if (!enabled) {
      return new TrainingCallback() { };
    }
    if (every < 1) {
      throw new IllegalArgumentException("--report needs a reporting interval >= 1, found " + every);
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
          log.println("Report: " + run.resolve(RunReport.FILE).toAbsolutePath().normalize().toUri());
          log.flush();
        }
      }

      private void write(GanTrainer t, boolean live) {
        try {
          RunReport.write(run, new RunReport.Options(t.metadata(), live ? target : 0, live));
        } catch (IOException | UncheckedIOException | io.github.samegan.core.SameGanException e) {
          warn(e);
        }
      }

      private void warn(Exception e) {
        if (!warned) {
          warned = true;
          log.println("samegan: warning: cannot write the report in " + run + " (" + e.getMessage()
              + "); training goes on");
          log.flush();
        }
      }
    };
  }
}

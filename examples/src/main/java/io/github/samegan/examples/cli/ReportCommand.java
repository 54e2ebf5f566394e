package io.github.samegan.examples.cli;

import io.github.samegan.examples.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samegan report RUN_DIR}: writes {@code RUN_DIR/report.html} (see {@link RunReport}). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write RUN_DIR/report.html: one self-contained page (opens offline) with loss curves, D(real)/D(fake),",
      "evaluation metrics and detection rates when logged, learning rates, throughput, a timeline of",
      "sample grids, the configuration and the environment. Charts also go to RUN_DIR/plots/*.png.",
      "'samegan train --report' keeps the page up to date while training."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description = "A run folder written by 'samegan train --out'.")
  Path runDir;

  @Override
  public Integer call() throws IOException {
    Path html = RunReport.write(runDir, RunReport.Options.finished());
    PrintWriter out = spec.commandLine().getOut();
    out.println("Report: " + html.toAbsolutePath().normalize().toUri());
    out.flush();
    return 0;
  }
}

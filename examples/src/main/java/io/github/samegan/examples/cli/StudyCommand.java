package io.github.samegan.examples.cli;

import io.github.samegan.examples.study.StudyReport;
import io.github.samegan.examples.study.StudyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samegan study}: work with the answers of a human real-vs-generated study. */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    description = "Human real-vs-generated study tools (the study itself runs in 'samegan serve').",
    subcommands = {StudyCommand.Report.class})
final class StudyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose 'report'");
  }

  /** {@code samegan study report --db FILE [--csv OUT] [--summary-csv OUT]}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Accuracy per participant, mode, real/generated and image class, with Wilson 95%% intervals",
        "and exact two-sided binomial tests against 50%% (people cannot tell)."
      })
  static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--db",
        required = true,
        description = "The study's SQLite file (as given to 'samegan serve --db').")
    Path db;

    @Option(
        names = "--csv",
        paramLabel = "OUT",
        description = "Also write every answer as CSV to OUT.")
    Path csv;

    @Option(
        names = "--summary-csv",
        paramLabel = "OUT",
        description = "Also write the accuracy tables as CSV to OUT.")
    Path summaryCsv;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(db)) {
        throw new IllegalArgumentException("Study database not found: " + db);
      }
      List<StudyStore.AnswerRow> answers;
      try (StudyStore store = StudyStore.open(db)) {
        answers = store.answers();
      }
      StudyReport report = StudyReport.of(answers);
      spec.commandLine().getOut().print(report.toText());
      if (csv != null) {
        write(csv, StudyReport.answersCsv(answers));
        spec.commandLine().getOut().println("\nWrote " + answers.size() + " answers to " + csv);
      }
      if (summaryCsv != null) {
        write(summaryCsv, report.toSummaryCsv());
        spec.commandLine().getOut().println("Wrote the accuracy tables to " + summaryCsv);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }

    private static void write(Path file, String text) throws java.io.IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    }
  }
}

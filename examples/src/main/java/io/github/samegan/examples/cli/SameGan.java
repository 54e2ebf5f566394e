package io.github.samegan.examples.cli;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.TrainingDivergedException;
import io.github.samegan.data.DatasetFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samegan} command line. Its commands, in the order {@code samegan --help} lists them (a
 * test keeps this list equal to the registered subcommands):
 *
 * <ul>
 *   <li>{@code train}: train a GAN, writing sample grids, a loss log, checkpoints and optionally
 *       evaluations, detection rates and a report;
 *   <li>{@code sample}: a PNG grid of generated images from a checkpoint;
 *   <li>{@code models}: the model architectures with their parameter counts;
 *   <li>{@code losses}: the adversarial losses with their recommended settings;
 *   <li>{@code datasets}: the data sets {@code --dataset} accepts;
 *   <li>{@code classifier}: train the classifier whose features the metrics use;
 *   <li>{@code evaluate}: FD, KID, IS, precision/recall and density/coverage of generated images;
 *   <li>{@code detect}: train, evaluate and apply real-vs-generated detectors;
 *   <li>{@code data}: download data sets and write augmented copies;
 *   <li>{@code serve}: the HTTP generation and detection API and the human study;
 *   <li>{@code study}: the human study's accuracy report;
 *   <li>{@code report}: a run's self-contained {@code report.html};
 *   <li>{@code example}: run or list the example programs;
 *   <li>{@code help}: the help of a command.
 * </ul>
 *
 * <p>Without a command it says which there are. User mistakes (unknown flags, bad values, missing
 * files) print one clear line and exit non-zero, never a stack trace.
 */
@Command(
    name = "samegan",
    mixinStandardHelpOptions = true,
    version = "SameGAN 0.1.0-SNAPSHOT",
    description = "Train, sample and inspect GANs built on Deeplearning4j SameDiff.",
    subcommands = {
      TrainCommand.class,
      SampleCommand.class,
      ListCommands.Models.class,
      ListCommands.Losses.class,
      ListCommands.Datasets.class,
      ClassifierCommand.class,
      EvaluateCommand.class,
      DetectCommand.class,
      DataCommand.class,
      ServeCommand.class,
      StudyCommand.class,
      ReportCommand.class,
      ExampleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SameGan implements Runnable {

  /** Exit code for bad usage or input. */
  public static final int EXIT_USAGE = 2;

  /** Exit code when training diverged. */
  public static final int EXIT_DIVERGED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Runs the command line and returns the exit code (used by tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SameGan());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine cmd = ex.getCommandLine();
          err.println("samegan: " + ex.getMessage());
          err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          err.println("samegan: " + describe(ex));
          err.flush();
          if (ex instanceof TrainingDivergedException) {
            return EXIT_DIVERGED;
          }
          if (ex instanceof IllegalArgumentException
              || ex instanceof SameGanException
              || ex instanceof DatasetFormatException
              || ex instanceof IOException
              || ex instanceof UncheckedIOException) {
            return EXIT_USAGE;
          }
          return 1;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String describe(Throwable ex) {
    if (ex instanceof UncheckedIOException u && u.getCause() != null) {
      return ex.getMessage() + ": " + u.getCause().getMessage();
    }
    if (ex instanceof java.nio.file.NoSuchFileException) {
      return "file not found: " + ex.getMessage();
    }
    if (ex instanceof java.nio.file.FileAlreadyExistsException e) {
      return "cannot create "
          + e.getFile()
          + ": a file of that name is in the way where a folder (or a new file) is needed;"
          + " choose another path or move the file";
    }
    if (ex instanceof java.nio.file.NotDirectoryException e) {
      return e.getFile() + " is a file, not a folder; choose another path";
    }
    if (ex instanceof java.nio.file.AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (ex instanceof IllegalArgumentException
        || ex instanceof SameGanException
        || ex instanceof IOException
        || ex instanceof DatasetFormatException) {
      return ex.getMessage();
    }
    return ex.getClass().getSimpleName()
        + ": "
        + ex.getMessage()
        + " (this looks like a bug in SameGAN; please report it with the command you ran)";
  }

  /** Entry point. */
  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }
}

package io.github.samegan.spark.cli;

import io.github.samegan.core.SameGanException;
import io.github.samegan.data.DatasetFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code samegan spark}: SameGAN's Spark jobs from the command line, in local mode ({@code --master
 * local[2]}, through the {@code samegan} launcher) or on a cluster ({@code spark-submit --class
 * io.github.samegan.spark.cli.SparkCli} with the job jar, which has it as its main class).
 *
 * <p>Subcommands are registered in the {@code subcommands} list below, one line each; a new one
 * (e.g. data-parallel {@code train}) is a picocli {@code Callable<Integer>} whose
 * {@code @ParentCommand SparkCli} field gives it {@link #session()} and {@link #out()}.
 */
@Command(
    name = "samegan spark",
    mixinStandardHelpOptions = true,
    version = "SameGAN 0.1.0-SNAPSHOT",
    description =
        "SameGAN on Apache Spark: sweeps, distributed evaluation, detector scoring and"
            + " data-parallel training.",
    subcommands = {
      // The registration point: one line per subcommand.
      SweepCommand.class,
      EvaluateCommand.class,
      ScoreCommand.class,
      TrainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SparkCli implements Runnable {

  /** Exit code for bad usage or input. */
  public static final int EXIT_USAGE = 2;

  @Option(
      names = "--master",
      description =
          "Spark master: local[N], spark://HOST:7077, yarn, k8s://… (default: the one"
              + " spark-submit sets, else local[*]).")
  String master;

  @Option(
      names = "--conf",
      description = "A Spark setting KEY=VALUE (repeatable), e.g. --conf spark.ui.enabled=false.")
  Map<String, String> conf = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private SparkSession session;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /**
   * The Spark session: the active one if there is one (tests, spark-submit), else a new one with
   * {@code --master} and the {@code --conf} settings.
   */
  public SparkSession session() {
    if (session == null) {
      String m = master != null ? master : System.getProperty("spark.master");
      SparkSession.Builder b =
          SparkSession.builder().appName("samegan-spark").master(m == null ? "local[*]" : m);
      conf.forEach(b::config);
      session = b.getOrCreate();
    }
    return session;
  }

  /** The console. */
  public PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Runs the command line and returns the exit code (the session stays open; used by tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SparkCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("samegan spark: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          boolean usage =
              ex instanceof IllegalArgumentException
                  || ex instanceof SameGanException
                  || ex instanceof DatasetFormatException
                  || ex instanceof IOException
                  || ex instanceof UncheckedIOException;
          err.println(
              "samegan spark: "
                  + (usage
                      ? ex.getMessage()
                          + (ex.getCause() != null && ex instanceof UncheckedIOException
                              ? ": " + ex.getCause().getMessage()
                              : "")
                      : ex.getClass().getSimpleName()
                          + ": "
                          + ex.getMessage()
                          + " (this looks like a bug in SameGAN; please report it with the"
                          + " command you ran)"));
          err.flush();
          return usage ? EXIT_USAGE : 1;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Entry point (also the job jar's main class): runs, stops the session, exits. */
  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    scala.Option<SparkSession> s = SparkSession.getDefaultSession();
    if (s.isDefined()) {
      s.get().stop();
    }
    System.exit(code);
  }
}

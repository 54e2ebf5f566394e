package io.github.samegan.examples.cli;

import io.github.samegan.examples.gallery.ExampleResult;
import io.github.samegan.examples.gallery.ExampleSettings;
import io.github.samegan.examples.gallery.Gallery;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samegan example [NAME]}: runs one of the example programs, or lists them. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run an example program (its source is in examples/src/main/java/io/github/samegan/examples/gallery/),",
      "or list them when no NAME is given. Each writes OUT/samples, OUT/metrics.csv, OUT/checkpoints and",
      "OUT/report.html; an absent data set is reported and the embedded shapes set used instead."
    })
final class ExampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "Example to run (omit to list them).")
  String name;

  @Option(
      names = "--steps",
      description = "Train until this step (default: the example's, see the list).")
  Long steps;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--out", description = "Output folder (default: runs/NAME).")
  Path out;

  @Mixin SharedOptions.DataDir dataDir;

  @Option(
      names = "--dataset",
      description = "Run the program on another data set, e.g. shapes or fashion-mnist.")
  String dataset;

  @Option(
      names = "--model",
      description =
          "Examples built on a registered model: another one, e.g. resnet-sngan-small"
              + " (see 'samegan models'; the list shows which examples read it).")
  String model;

  @Option(
      names = "--checkpoint",
      paramLabel = "RUN",
      description =
          "Examples that score a generator: this checkpoint (.ckpt or run folder) instead of training one.")
  Path checkpoint;

  @Override
  public Integer call() {
    PrintWriter console = spec.commandLine().getOut();
    if (name == null) {
      console.println("Examples (run one with 'samegan example NAME [--steps N] [--out DIR]'):");
      for (Gallery.Example e : Gallery.EXAMPLES) {
        console.printf(
            Locale.ROOT,
            "  %-22s %s (default %,d steps%s)%n",
            e.name(),
            e.description(),
            e.defaultSteps(),
            e.options().isEmpty() ? "" : "; reads " + String.join(", ", e.options()));
      }
      console.println(
          "Source: examples/src/main/java/io/github/samegan/examples/gallery/; each class also has a main.");
      console.flush();
      return 0;
    }
    Gallery.Example e =
        Gallery.find(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Unknown example '"
                            + name
                            + "'; known: "
                            + Gallery.EXAMPLES.stream()
                                .map(Gallery.Example::name)
                                .collect(Collectors.joining(", "))));
    ExampleSettings s =
        new ExampleSettings(
            steps != null ? steps : e.defaultSteps(),
            batch,
            out != null ? out : Path.of("runs", e.name()),
            dataDir.path,
            dataset,
            model,
            checkpoint);
    PrintStream ps = new PrintStream(new WriterOutputStream(console), true, StandardCharsets.UTF_8);
    ExampleResult r = e.runner().run(s, ps);
    ps.flush();
    console.println(r.summary());
    console.printf("The same program from Java: %s.main(args)%n", e.mainClass().getName());
    console.flush();
    return 0;
  }
}

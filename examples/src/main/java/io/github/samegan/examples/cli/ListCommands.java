package io.github.samegan.examples.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.data.loaders.Split;
import io.github.samegan.data.registry.DatasetEntry;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.losses.LossOption;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samegan models}, {@code samegan losses} and {@code samegan datasets}. */
final class ListCommands {
  private ListCommands() {}

  @Command(
      name = "models",
      mixinStandardHelpOptions = true,
      description = "List the model architectures with their parameter counts.")
  static final class Models implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--channels",
        defaultValue = "3",
        description = "Image channels for the counts (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(
        names = "--classes",
        defaultValue = "10",
        description = "Classes for the counts of conditional models (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(
        names = "--size",
        defaultValue = "32",
        description = "Image size for the counts (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() {
      ImageShape shape = new ImageShape(channels, size, size);
      var out = spec.commandLine().getOut();
      ModelRegistry registry = ModelRegistry.standard();
      int width = registry.entries().stream().mapToInt(e -> e.name().length()).max().orElse(5);
      String row = "%-" + width + "s %12s %12s  %s%n";
      out.printf(Locale.ROOT, row, "model", "G params", "D params", "description (" + shape + ")");
      for (ModelRegistry.Entry e : registry.entries()) {
        int k = e.isConditional() ? classes : 0;
        Architecture a = registry.architecture(e.name(), shape, k);
        long[] counts = ParameterCounts.of(a);
        out.printf(
            Locale.ROOT,
            row,
            e.name(),
            String.format(Locale.ROOT, "%,d", counts[0]),
            String.format(Locale.ROOT, "%,d", counts[1]),
            e.description());
      }
      return 0;
    }
  }

  @Command(
      name = "losses",
      mixinStandardHelpOptions = true,
      description = "List the adversarial losses with their recommended settings and options.")
  static final class Losses implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (LossRegistry.Entry e : LossRegistry.standard().entries()) {
        LossRegistry.Recommended r = e.recommended();
        out.printf(Locale.ROOT, "%-20s %s%n", e.name(), e.description());
        out.printf(
            Locale.ROOT,
            "%-20s defaults: %s D %.0e G %.0e betas (%s, %s), n-critic %d%s%n",
            "",
            r.optimizer(),
            r.discriminatorLr(),
            r.generatorLr(),
            r.beta1(),
            r.beta2(),
            r.nCritic(),
            e.options().isEmpty() ? "" : "; options:");
        for (LossOption<?> o : e.options()) {
          printOption(out, o);
        }
      }
      out.printf(Locale.ROOT, "Every loss also reads:%n");
      List<LossOption<?>> everyLoss = new ArrayList<>(LossRegistry.COMMON);
      everyLoss.addAll(LossRegistry.HEAD_OPTIONS);
      for (LossOption<?> o : everyLoss) {
        printOption(out, o);
      }
      return 0;
    }

    private static void printOption(java.io.PrintWriter out, LossOption<?> o) {
      out.printf(
          Locale.ROOT,
          "%-20s   %s %s  %s; %s (default %s)%n",
          "",
          o.flag(),
          o.symbol(),
          o.description(),
          o.allowed(),
          LossOptions.defaults().text(o));
    }
  }

  @Command(
      name = "datasets",
      mixinStandardHelpOptions = true,
      description =
          "List the data sets --dataset accepts: the built-in ones and those of providers on the class path.")
  static final class Datasets implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      int width =
          DataSets.registry().entries().stream()
              .mapToInt(e -> e.displayName().length())
              .max()
              .orElse(0);
      String row = "%-" + Math.max(16, width + 2) + "s %s%n";
      for (DatasetEntry e : DataSets.registry().entries()) {
        out.printf(Locale.ROOT, row, e.displayName(), e.description());
        StringBuilder details =
            new StringBuilder()
                .append(e.shape())
                .append("; ")
                .append(e.labels().describe())
                .append("; test split: ")
                .append(e.hasTestSplit() ? "official" : e.describeSplit(Split.TEST));
        if (!e.aliases().isEmpty()) {
          details.append("; also ").append(String.join(", ", e.aliases()));
        }
        e.source()
            .ifPresent(s -> details.append("; download: samegan data download ").append(s.name()));
        out.printf(Locale.ROOT, row, "", details);
      }
      out.printf(
          "Files are read from --data-dir (default: $SAMEGAN_DATA or ~/.samegan/data)."
              + " Add your own data sets with a DatasetProvider (docs/data.md).%n");
      return 0;
    }
  }
}

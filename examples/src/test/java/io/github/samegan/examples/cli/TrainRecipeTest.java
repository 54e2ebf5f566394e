package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code samegan train --config}: recipes as YAML files, flags over them, the resolved copy. */
class TrainRecipeTest {
  private static final Path CONFIGS = Path.of("..").toAbsolutePath().normalize().resolve("configs");

  static CommandSpec trainSpec() {
    return new CommandLine(new TrainCommand()).getCommandSpec();
  }

  private static Path recipe(Path dir, String yaml) throws Exception {
    Path f = dir.resolve("recipe-" + System.nanoTime() + ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static final String TINY =
      "description: tiny test run\n"
          + "dataset: shapes\n"
          + "model: mlp\n"
          + "loss: lsgan\n"
          + "ls-targets: -1,1,0\n"
          + "steps: 2\n"
          + "batch: 8\n"
          + "g-lr: 1.0e-3\n"
          + "beta1: 0.25\n"
          + "sample-every: 1\n"
          + "report: false\n";

  @Test
  void runFolderKeepsTheResolvedRecipeWhichRerunsTheSameRun(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("first");
    CliTest.Result r =
        CliTest.run("train", "--config", recipe(dir, TINY).toString(), "--out", first.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> resolved =
        TrainRecipe.read(first.resolve("config.yaml"), trainSpec()).values();
    assertThat(resolved)
        .containsEntry("description", "tiny test run")
        .containsEntry("dataset", "shapes")
        .containsEntry("model", "mlp")
        .containsEntry("loss", "lsgan")
        .containsEntry("ls-targets", "-1.0,1.0,0.0")
        .containsEntry("steps", "2")
        .containsEntry("batch", "8")
        .containsEntry("g-lr", "0.001")
        .containsEntry("beta1", "0.25")
        // not in the recipe: the loss's recommendation and the flags' defaults, written out
        .containsEntry("d-lr", "2.0E-4")
        .containsEntry("beta2", "0.999")
        .containsEntry("optimizer", "adam")
        .containsEntry("seed", "42")
        .containsEntry("report", "false");
    Map<String, String> meta = Checkpoints.read(first.resolve("checkpoints/last.ckpt")).metadata();
    assertThat(meta).containsEntry("g_lr", "0.001").containsEntry("loss.lsTargets", "-1.0,1.0,0.0");

    Path second = dir.resolve("second");
    CliTest.Result again =
        CliTest.run(
            "train",
            "--config",
            first.resolve("config.yaml").toString(),
            "--out",
            second.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Files.readString(second.resolve("config.yaml")))
        .isEqualTo(Files.readString(first.resolve("config.yaml")));
    assertThat(Checkpoints.read(second.resolve("checkpoints/last.ckpt")).metadata())
        .isEqualTo(meta);
  }

  @Test
  void flagsOnTheCommandLineOverrideTheRecipe(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--batch",
            "4",
            "--config",
            recipe(dir, TINY).toString(),
            "--g-lr=5e-4",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> resolved =
        TrainRecipe.read(out.resolve("config.yaml"), trainSpec()).values();
    assertThat(resolved)
        .containsEntry("batch", "4")
        .containsEntry("g-lr", "5.0E-4")
        .containsEntry("steps", "2");
    assertThat(Checkpoints.read(out.resolve("checkpoints/last.ckpt")).metadata())
        .containsEntry("batch", "4")
        .containsEntry("g_lr", "5.0E-4");
  }

  @Test
  void unknownKeysNestedSectionsAndBadValuesAreRefusedNamingTheKey(@TempDir Path dir)
      throws Exception {
    CliTest.Result unknown =
        CliTest.run(
            "train",
            "--config",
            recipe(dir, "model: mlp\nlearning-rate: 0.1\n").toString(),
            "--out",
            dir.resolve("a").toString());
    assertThat(unknown.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(unknown.err())
        .contains("unknown key 'learning-rate'")
        .contains(
            "known keys: description, ac-weight, ada, ada-interval, ada-kimg, ada-target, augment, batch")
        .contains("g-lr")
        .contains("gp-weight")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("a")).doesNotExist();

    assertThatThrownBy(
            () -> TrainRecipe.read(recipe(dir, "optimizer:\n  name: adam\n"), trainSpec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'optimizer' needs a single value")
        .hasMessageContaining("a section");
    assertThatThrownBy(() -> TrainRecipe.read(recipe(dir, "batch: 8\nbatch: 16\n"), trainSpec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("batch");
    for (String bad : List.of("out: x\n", "resume: true\n", "config: other.yaml\n")) {
      assertThatThrownBy(() -> TrainRecipe.read(recipe(dir, bad), trainSpec()))
          .as(bad)
          .hasMessageContaining("unknown key '" + bad.substring(0, bad.indexOf(':')) + "'");
    }

    CliTest.Result badValue =
        CliTest.run(
            "train",
            "--config",
            recipe(dir, "steps: many\n").toString(),
            "--out",
            dir.resolve("b").toString());
    assertThat(badValue.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badValue.err()).contains("--config").contains("--steps").contains("many");
  }

  static Stream<Path> shipped() throws Exception {
    try (Stream<Path> files = Files.list(CONFIGS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void everyShippedRecipeParsesAndNamesARegisteredModelLossAndDataSet() throws Exception {
    List<Path> files = shipped().toList();
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .contains("fashion-mnist-dcgan.yaml", "cifar10-dcgan.yaml", "cifar100-resnet-sngan.yaml");
    List<String> checked = new ArrayList<>();
    for (Path f : files) {
      CommandSpec spec = trainSpec();
      TrainRecipe r = TrainRecipe.read(f, spec);
      assertThat(r.values()).as(f.toString()).containsKeys("description", "model", "loss");
      assertThat(ModelRegistry.standard().names())
          .as(f.toString())
          .contains(r.values().get("model"));
      assertThat(LossRegistry.standard().names()).as(f.toString()).contains(r.values().get("loss"));
      assertThat(DataSets.registry().names()).as(f.toString()).contains(r.values().get("dataset"));
      // the whole recipe parses as train flags, and the loss reads every loss flag it sets
      CommandLine cl = new CommandLine(new TrainCommand());
      List<String> args = new ArrayList<>(List.of("--out", "unused"));
      cl.parseArgs(args.toArray(String[]::new));
      args = r.merge(cl.getCommandSpec(), cl.getParseResult());
      CommandLine merged = new CommandLine(new TrainCommand());
      merged.parseArgs(args.toArray(String[]::new));
      String loss = r.values().get("loss");
      LossFlags.options(merged.getCommandSpec(), loss, LossRegistry.standard().entry(loss));
      checked.add(f.getFileName().toString());
    }
    assertThat(checked).hasSameSizeAs(files);
  }
}

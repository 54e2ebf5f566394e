package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.runs.RunConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samegan command line end to end on the embedded data set, with a tiny step budget. */
class CliTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void trainWritesSamplesMetricsAndCheckpointThenResumesAndSamples(@TempDir Path dir)
      throws Exception {
    Path run = dir.resolve("run");
    Result r =
        run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "4",
            "--batch",
            "16",
            "--out",
            run.toString(),
            "--sample-every",
            "2",
            "--checkpoint-every",
            "2",
            "--progress-every",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("step 4/4").contains("ETA");
    assertThat(run.resolve("samples/step-000000.png")).exists();
    assertThat(run.resolve("samples/step-000004.png")).exists();
    assertThat(ImageIO.read(run.resolve("samples/step-000004.png").toFile()).getWidth())
        .isGreaterThan(64);
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertThat(csv.get(0)).isEqualTo("step,d_loss,g_loss,d_real,d_fake,ms_per_step");
    assertThat(csv).hasSize(5);

    Result again =
        run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "4",
            "--out",
            run.toString());
    assertThat(again.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(again.err()).contains("--resume").doesNotContain("Exception");

    Result resumed =
        run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "6",
            "--batch",
            "16",
            "--out",
            run.toString(),
            "--resume",
            "--progress-every",
            "1");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("Resumed").contains("step 6/6");
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(7);

    Path grid = dir.resolve("grid.png");
    Result sample =
        run("sample", "--checkpoint", run.toString(), "--n", "9", "--out", grid.toString());
    assertThat(sample.code()).as(sample.err()).isZero();
    assertThat(ImageIO.read(grid.toFile())).isNotNull();
  }

  @Test
  void mistakesGiveOneClearLineAndANonZeroExit(@TempDir Path dir) {
    Result unknownFlag = run("train", "--out", dir.toString(), "--bogus");
    assertThat(unknownFlag.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(unknownFlag.err()).contains("--bogus").doesNotContain("\tat ");

    Result badValue = run("train", "--out", dir.toString(), "--steps", "many");
    assertThat(badValue.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badValue.err()).contains("--steps").contains("many");

    Result badModel =
        run("train", "--out", dir.resolve("m").toString(), "--model", "nope", "--steps", "1");
    assertThat(badModel.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badModel.err()).contains("Unknown model 'nope'").contains("dcgan");

    Result missing = run("sample", "--checkpoint", dir.resolve("none.ckpt").toString());
    assertThat(missing.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(missing.err()).contains("not found").doesNotContain("\tat ");
    assertThat(missing.err().lines().count()).isEqualTo(1);

    Result noResume =
        run("train", "--out", dir.resolve("empty").toString(), "--resume", "--steps", "1");
    assertThat(noResume.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(noResume.err()).contains("Nothing to resume");
  }

  @Test
  void sampleScaleIsBoundedWithAUsageErrorBeforeAnythingIsDrawn(@TempDir Path dir) {
    String ckpt = io.github.samegan.examples.serve.ServeFixture.run().toString();
    Path grid = dir.resolve("big.png");
    for (String scale : List.of("100000", "17", "0", "-3")) {
      Result r = run("sample", "--checkpoint", ckpt, "--scale", scale, "--out", grid.toString());
      assertThat(r.code()).as(scale).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err().strip())
          .as(scale)
          .startsWith("samegan: --scale must be between 1 and 16, found " + scale)
          .doesNotContain("\tat ");
      assertThat(r.err().lines().count()).as(scale).isEqualTo(1);
    }
    Result tooMany =
        run(
            "sample",
            "--checkpoint",
            ckpt,
            "--n",
            "1024",
            "--scale",
            "16",
            "--out",
            grid.toString());
    assertThat(tooMany.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(tooMany.err())
        .contains("A grid of 1024 images at --scale 16 has 270,602,500 pixels")
        .contains("lower --scale or --n");
    assertThat(grid).doesNotExist();
    Result ok =
        run("sample", "--checkpoint", ckpt, "--n", "4", "--scale", "16", "--out", grid.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(grid).exists();
  }

  @Test
  void anOutPathThatIsAFileIsExplainedInASentence(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
    Result train =
        run("train", "--model", "mlp", "--steps", "1", "--batch", "4", "--out", file.toString());
    assertThat(train.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(train.err().strip())
        .isEqualTo(
            "samegan: --out "
                + file
                + " is a file, not a folder: a run folder holds samples/, metrics.csv and"
                + " checkpoints/; choose a new folder name for --out");
    assertThat(Files.readString(file)).isEqualTo("keep me");

    Result classifier =
        run(
            "classifier",
            "train",
            "--dataset",
            "shapes",
            "--steps",
            "1",
            "--batch",
            "8",
            "--out",
            file.resolve("classifier.zip").toString());
    assertThat(classifier.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(classifier.err())
        .contains("cannot create " + file)
        .contains("a file of that name is in the way")
        .doesNotContain("\tat ");
  }

  @Test
  void lossFlagsReachTheLossAndItsRecommendedSettingsApply(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("gp");
    Result r =
        run(
            "train",
            "--model",
            "mlp",
            "--loss",
            "wgan-gp",
            "--gp-weight",
            "5",
            "--steps",
            "2",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--progress-every",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("gp_grad_norm");
    var meta =
        io.github.samegan.core.engine.Checkpoints.read(run.resolve("checkpoints/last.ckpt"))
            .metadata();
    assertThat(meta)
        .containsEntry("loss.gpWeight", "5.0")
        .containsEntry("n_critic", "5")
        .containsEntry("d_lr", "1.0E-4");
    assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0)).contains("gp_grad_norm");

    Result ignored =
        run(
            "train",
            "--loss",
            "minimax",
            "--gp-weight",
            "5",
            "--steps",
            "1",
            "--out",
            dir.resolve("x").toString());
    assertThat(ignored.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(ignored.err()).contains("--gp-weight has no effect with --loss minimax");
  }

  @Test
  void augmentationSettingsAreSavedAndAResumeMustKeepThem(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("aug");
    Result r =
        run(
            "train",
            "--model",
            "mlp",
            "--steps",
            "2",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--augment",
            "hflip",
            "--diffaugment",
            "--checkpoint-every",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    var meta =
        io.github.samegan.core.engine.Checkpoints.read(run.resolve("checkpoints/last.ckpt"))
            .metadata();
    assertThat(meta)
        .containsEntry("augment", "hflip")
        .containsEntry("diffaugment", "color,translation,cutout");
    assertThat(RunConfig.load(run).gan().diffAugment().policy())
        .isEqualTo("color,translation,cutout");

    Result changed =
        run(
            "train",
            "--model",
            "mlp",
            "--steps",
            "3",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--resume",
            "--diffaugment",
            "cutout");
    assertThat(changed.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(changed.err()).contains("--diffaugment color,translation,cutout");
    Result otherAugment =
        run(
            "train",
            "--model",
            "mlp",
            "--steps",
            "3",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--resume",
            "--augment",
            "vflip");
    assertThat(otherAugment.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(otherAugment.err()).contains("--augment hflip");
    Result resumed =
        run(
            "train",
            "--model",
            "mlp",
            "--steps",
            "3",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--resume");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    var after =
        io.github.samegan.core.engine.Checkpoints.read(run.resolve("checkpoints/last.ckpt"))
            .metadata();
    assertThat(after)
        .containsEntry("augment", "hflip")
        .containsEntry("diffaugment", "color,translation,cutout");

    Result bad =
        run(
            "train",
            "--model",
            "mlp",
            "--steps",
            "1",
            "--out",
            dir.resolve("bad").toString(),
            "--diffaugment",
            "zoom");
    assertThat(bad.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(bad.err()).contains("Unknown DiffAugment op 'zoom'").doesNotContain("\tat ");
  }

  @Test
  void listsModelsWithParameterCountsAndLosses() {
    Result models = run("models");
    assertThat(models.code()).isZero();
    assertThat(models.out())
        .contains("dcgan")
        .contains("1,187,907")
        .contains("663,745")
        .contains("mlp");
    Result losses = run("losses");
    assertThat(losses.code()).isZero();
    assertThat(losses.out())
        .contains("minimax")
        .contains("wgan-gp")
        .contains("hinge")
        .contains("n-critic 5")
        .contains("--gp-weight");
  }
}

package io.github.samegan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.train.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan train} of a conditional model with EMA, then per-class and single-class grids. */
class ConditionalCliTest {

  @Test
  void conditionalModelTrainsOnLabelledShapesAndSamplesByClass(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("cond");
    CliTest.Result r = CliTest.run("train", "--dataset", "shapes", "--model", "cdcgan", "--loss", "hinge",
        "--ema", "0.99", "--steps", "2", "--batch", "8", "--out", run.toString(), "--sample-every", "1");
    assertThat(r.code()).as(r.err()).isZero();
    var meta = Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata();
    assertThat(meta).containsEntry("classes", "16").containsEntry("ema", "0.99");

    Path grid = dir.resolve("per-class.png");
    CliTest.Result s = CliTest.run("sample", "--checkpoint", run.toString(), "--per-class", "3", "--out", grid.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("Wrote 48 samples");
    assertThat(Files.size(grid)).isPositive();
    CliTest.Result one = CliTest.run("sample", "--checkpoint", run.toString(), "--class", "5", "--n", "4",
        "--out", dir.resolve("k5.png").toString());
    assertThat(one.code()).as(one.err()).isZero();
    CliTest.Result bad = CliTest.run("sample", "--checkpoint", run.toString(), "--class", "16", "--out",
        dir.resolve("x.png").toString());
    assertThat(bad.err()).contains("--class must be in [0, 16)");
  }

  @Test
  void modelsListsTheResNetAndConditionalModels() {
    CliTest.Result models = CliTest.run("models");
    assertThat(models.code()).as(models.err()).isZero();
    assertThat(models.out()).contains("resnet-sngan").contains("4,276,739").contains("1,053,825")
        .contains("cdcgan").contains("cresnet-sngan");
  }
}

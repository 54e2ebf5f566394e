package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan train} of a conditional model with EMA, then per-class and single-class grids. */
class ConditionalCliTest {

  @Test
  void conditionalModelTrainsOnLabelledShapesAndSamplesByClass(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("cond");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "cdcgan",
            "--loss",
            "hinge",
            "--ema",
            "0.99",
            "--steps",
            "2",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--sample-every",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    var meta = Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata();
    assertThat(meta).containsEntry("classes", "16").containsEntry("ema", "0.99");

    Path grid = dir.resolve("per-class.png");
    CliTest.Result s =
        CliTest.run(
            "sample", "--checkpoint", run.toString(), "--per-class", "3", "--out", grid.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("Wrote 48 samples");
    assertThat(Files.size(grid)).isPositive();
    CliTest.Result one =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--class",
            "5",
            "--n",
            "4",
            "--out",
            dir.resolve("k5.png").toString());
    assertThat(one.code()).as(one.err()).isZero();
    CliTest.Result bad =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--class",
            "16",
            "--out",
            dir.resolve("x.png").toString());
    assertThat(bad.err()).contains("--class must be in [0, 16)");
  }

  @Test
  void dcganWithConditionalBatchNormTrainsFromTheCommandLine(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("cbn");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "cdcgan-cbn",
            "--loss",
            "hinge",
            "--steps",
            "1",
            "--batch",
            "8",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata())
        .containsEntry("model", "cdcgan-cbn")
        .containsEntry("classes", "16");
    CliTest.Result s =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--per-class",
            "1",
            "--out",
            dir.resolve("k.png").toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("Wrote 16 samples");
  }

  /**
   * Trains a model with a second head on D for 2 steps on shapes, checks the monitored columns and
   * draws a per-class grid; returns the checkpoint metadata.
   */
  private static java.util.Map<String, String> trainAndSamplePerClass(
      Path dir, String model, String[] monitors, int samples) throws Exception {
    Path run = dir.resolve(model);
    CliTest.Result r =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            model,
            "--steps",
            "2",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--sample-every",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0)).contains(monitors);
    CliTest.Result s =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            model.equals("infogan") ? "--per-code" : "--per-class",
            "2",
            "--out",
            dir.resolve("per-class.png").toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("Wrote " + samples + " samples");
    return Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata();
  }

  @Test
  void acganTrainsWithItsClassTermAndLogsTheClassifierAccuracy(@TempDir Path dir) throws Exception {
    assertThat(
            trainAndSamplePerClass(dir, "acgan", new String[] {"ac_real_acc", "ac_fake_acc"}, 32))
        .containsEntry("model", "acgan")
        .containsEntry("classes", "16");
  }

  @Test
  void infoganTrainsWithItsCodeTermAndSamplesOneRowPerCode(@TempDir Path dir) throws Exception {
    // one row per value of the 10-way code; the data's 16 labels play no part
    assertThat(trainAndSamplePerClass(dir, "infogan", new String[] {"info_acc"}, 20))
        .doesNotContainKey("classes");
  }

  @Test
  void modelsListsTheResNetAndConditionalModels() {
    CliTest.Result models = CliTest.run("models");
    assertThat(models.code()).as(models.err()).isZero();
    assertThat(models.out())
        .contains("resnet-sngan")
        .contains("4,276,739")
        .contains("1,053,825")
        .contains("cdcgan")
        .contains("cresnet-sngan")
        .contains("acgan")
        .contains("cresnet-sngan-cbn")
        // cdcgan-cbn at 10 classes: DCGAN's G with its 3 BNs (2·448) made per class (2·10·448)
        .contains("cdcgan-cbn")
        .contains(String.format(java.util.Locale.ROOT, "%,d", 1_187_011L + 8_960L))
        // cresnet-sngan-cbn at 10 classes: 3 up-blocks × 2 BN of 2·256 become 2·10·256 each
        .contains(String.format(java.util.Locale.ROOT, "%,d", 4_273_667L + 30_720L))
        // SAGAN variants: one attention block per network (docs/models.md)
        .contains("resnet-sngan-attn")
        .contains("4,358,980")
        .contains("1,074,466")
        .contains("resnet-sngan-small-attn")
        .contains("373,972")
        .contains("269,970")
        // infogan: the DCGAN with 16 more latent inputs and a [10, 16] code embedding; a [4096, 10]
        // Q head
        .contains("infogan")
        .contains("1,253,603")
        .contains("704,715")
        // acgan: cdcgan's G at 10 classes; DCGAN D + a [4096, 10] class head
        .contains(String.format(java.util.Locale.ROOT, "%,d", 1_712_195L + 1_280L))
        .contains(String.format(java.util.Locale.ROOT, "%,d", 663_745L + 40_970L));
  }
}

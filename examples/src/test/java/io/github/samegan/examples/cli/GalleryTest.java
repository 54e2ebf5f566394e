package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditional, SN-GAN and detector examples through {@code samegan example NAME}, each for a
 * step or two with a small batch. The CIFAR-100 ones get an empty data folder, so they also show
 * the one-line fallback to the embedded shapes set (labelled, for the conditional one).
 */
class GalleryTest {
  /** Side of one 32×32 image in a grid: upscaled 2× plus the 2-pixel gap. */
  static final int CELL = 32 * 2 + 2;

  @TempDir Path dir;

  CliTest.Result example(String name, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "example",
                name,
                "--out",
                dir.resolve(name).toString(),
                "--data-dir",
                dir.resolve("no-data").toString()));
    args.addAll(List.of(extra));
    return CliTest.run(args.toArray(String[]::new));
  }

  static BufferedImage png(Path file) throws Exception {
    assertThat(file).exists();
    BufferedImage img = ImageIO.read(file.toFile());
    assertThat(img).as(file + " decodes").isNotNull();
    return img;
  }

  /** The run wrote its grid of 64 samples (8 × 8), one log row per step and a checkpoint. */
  static Map<String, String> assertTrained(Path out, int steps) throws Exception {
    BufferedImage grid = png(out.resolve(String.format("samples/step-%06d.png", steps)));
    assertThat(grid.getWidth()).isEqualTo(8 * CELL + 2);
    assertThat(grid.getHeight()).isEqualTo(8 * CELL + 2);
    List<String> log = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(log).hasSize(steps + 1);
    assertThat(log.get(steps)).startsWith(steps + ",");
    assertThat(out.resolve("report.html")).exists();
    return Checkpoints.read(out.resolve("checkpoints/last.ckpt")).metadata();
  }

  @Test
  void conditionalExampleFallsBackToLabelledShapesAndDrawsOneRowPerClass() throws Exception {
    CliTest.Result r = example("cifar100-cdcgan", "--steps", "2", "--batch", "16");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("cifar100-cdcgan: Data set 'cifar100' not found")
        .contains("Falling back to the embedded 'shapes' data set (16 classes)")
        .contains("shapes, 10,000 images of 3x32x32 in 16 classes")
        .contains("class rows ")
        .contains("Done at step 2.");
    Path out = dir.resolve("cifar100-cdcgan");
    assertThat(assertTrained(out, 2))
        .containsEntry("model", "cdcgan")
        .containsEntry("classes", "16")
        .containsEntry("loss", "minimax");
    // Ten classes spread over the 16, eight samples each, at the start and at the end.
    for (String step : List.of("000000", "000002")) {
      BufferedImage rows = png(out.resolve("class-samples/step-" + step + ".png"));
      assertThat(rows.getHeight()).isEqualTo(10 * CELL + 2);
      assertThat(rows.getWidth()).isEqualTo(8 * CELL + 2);
    }
    // The run is a registered conditional model: 'samegan sample --per-class' draws every class.
    Path all = dir.resolve("all-classes.png");
    CliTest.Result s =
        CliTest.run(
            "sample", "--checkpoint", out.toString(), "--per-class", "2", "--out", all.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(png(all).getHeight()).isEqualTo(16 * CELL + 2);
  }

  @Test
  void resNetSnGanTrainsTheSmallModelWithHingeAndFiveCriticSteps() throws Exception {
    CliTest.Result r =
        example(
            "cifar100-resnet-sngan",
            "--model",
            "resnet-sngan-small",
            "--steps",
            "1",
            "--batch",
            "4");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("Data set 'cifar100' not found")
        .contains("Falling back to the embedded 'shapes'");
    Map<String, String> meta = assertTrained(dir.resolve("cifar100-resnet-sngan"), 1);
    assertThat(meta)
        .containsEntry("model", "resnet-sngan-small")
        .containsEntry("loss", "hinge")
        .containsEntry("optimizer", "adam(β1 0, β2 0.9)")
        .containsEntry("g_lr", "2.0E-4")
        .containsEntry("d_lr", "2.0E-4")
        .containsEntry("n_critic", "5");
  }

  @Test
  void detectorExampleTrainsAGeneratorThenScoresItAndAGivenCheckpoint() throws Exception {
    CliTest.Result r = example("fashion-mnist-detector", "--steps", "2", "--batch", "16");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    Path out = dir.resolve("fashion-mnist-detector");
    assertTrained(out, 2);
    assertThat(out.resolve("detector.zip")).exists();
    assertDetectionReport(r.out(), out.resolve("detection.json"), "dcgan step 2");

    // The same with the generator just trained given as a checkpoint: nothing is trained but the
    // detector.
    Path again = dir.resolve("again");
    CliTest.Result c =
        CliTest.run(
            "example",
            "fashion-mnist-detector",
            "--checkpoint",
            out.toString(),
            "--steps",
            "2",
            "--batch",
            "16",
            "--out",
            again.toString());
    assertThat(c.code()).as(c.out() + c.err()).isZero();
    assertThat(c.out()).contains("Done at step 2.").doesNotContain("Report:");
    assertThat(png(again.resolve("samples/step-000002.png")).getWidth()).isEqualTo(8 * CELL + 2);
    assertThat(again.resolve("metrics.csv")).doesNotExist();
    assertDetectionReport(c.out(), again.resolve("detection.json"), "dcgan step 2");
  }

  /**
   * The printed table, the detection-rate line and the JSON with an AP in [0, 1] for each
   * condition.
   */
  static void assertDetectionReport(String console, Path json, String generator) throws Exception {
    assertThat(console)
        .contains("post-processing")
        .contains("acc_fake")
        .contains("jpeg quality=30")
        .containsPattern("detection rate \\d+\\.\\d% \\(\\d+ of 32 fresh samples of " + generator);
    String report = Files.readString(json);
    assertThat(report).contains("\"post_processing\": \"none\"").contains("\"n_fake\": 32");
    Matcher ap = Pattern.compile("\"ap\": ([^,]+),").matcher(report);
    int rows = 0;
    while (ap.find()) {
      assertThat(Double.parseDouble(ap.group(1))).isBetween(0.0, 1.0);
      rows++;
    }
    assertThat(rows).as("clean, three blurs and four JPEG qualities").isEqualTo(8);
  }

  @Test
  void optionsAndDataAnExampleCannotUseAreRefusedInOneLine() throws Exception {
    CliTest.Result list = CliTest.run("example");
    assertThat(list.out())
        .contains("cifar100-cdcgan")
        .contains("cifar100-resnet-sngan")
        .contains("fashion-mnist-detector")
        .contains("reads --model")
        .contains("reads --checkpoint");

    CliTest.Result model = example("shapes-dcgan", "--model", "mlp", "--steps", "1");
    assertThat(model.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(model.err())
        .contains("shapes-dcgan does not read --model")
        .contains("cifar100-cdcgan, cifar100-resnet-sngan")
        .doesNotContain("\tat ");

    Path folder = Files.createDirectories(dir.resolve("unlabelled"));
    for (int i = 0; i < 4; i++) {
      ImageIO.write(
          new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB),
          "png",
          folder.resolve(i + ".png").toFile());
    }
    CliTest.Result labels =
        example("cifar100-cdcgan", "--dataset", "folder:" + folder, "--batch", "2");
    assertThat(labels.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(labels.err())
        .contains("cifar100-cdcgan trains a class-conditional model")
        .contains("has no labels")
        .hasLineCount(1);
  }
}

package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.detect.DetectorFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan detect train|eval|score} and {@code samegan train --detect-every} end to end on
 * tiny data: the shapes set against a 1-step MLP generator and a folder of noise PNGs, a tiny
 * ResNet trained for a few steps.
 */
class DetectCommandTest {
  static final String TINY = "resnet:widths=4,8,8;blocks=1";
  @TempDir static Path dir;
  static Path run;
  static Path noise;
  static Path detector;

  /** {@code n} PNGs of uniform noise, {@code size}×{@code size} RGB. */
  static Path noiseFolder(Path folder, int n, int size) throws Exception {
    Files.createDirectories(folder);
    SplittableRandom rng = new SplittableRandom(size);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          img.setRGB(x, y, rng.nextInt(1 << 24));
        }
      }
      ImageIO.write(img, "png", folder.resolve(String.format("n%03d.png", i)).toFile());
    }
    return folder;
  }

  /**
   * {@code samegan detect train} of a {@link #TINY} detector on the shapes training images against
   * the given fakes.
   */
  static CliTest.Result trainTiny(
      Path out, int n, int steps, int batch, int progressEvery, String... fakes) {
    List<String> args =
        new java.util.ArrayList<>(List.of("detect", "train", "--real", "shapes:train"));
    for (String f : fakes) {
      args.add("--fake");
      args.add(f);
    }
    args.addAll(
        List.of(
            "--out",
            out.toString(),
            "--n",
            Integer.toString(n),
            "--steps",
            Integer.toString(steps),
            "--batch",
            Integer.toString(batch),
            "--arch",
            TINY,
            "--progress-every",
            Integer.toString(progressEvery)));
    return CliTest.run(args.toArray(String[]::new));
  }

  @BeforeAll
  static void generatorFolderAndDetector() throws Exception {
    run = dir.resolve("run");
    CliTest.Result g =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "1",
            "--batch",
            "8",
            "--out",
            run.toString(),
            "--sample-every",
            "1000",
            "--progress-every",
            "1000");
    assertThat(g.code()).as(g.err()).isZero();
    noise = noiseFolder(dir.resolve("noise"), 40, 32);
    detector = dir.resolve("det");
    CliTest.Result r =
        trainTiny(detector, 120, 12, 16, 6, run + "/checkpoints/last", noise.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Generating 60 images from mlp/minimax step 1")
        .contains("Reading 40 of the 40 images in")
        .contains("step 12/12")
        .contains("Trained on 90 real and 90 generated images")
        .contains("Threshold used: threshold ")
        .contains("(auto: best balanced accuracy on the validation split (10 real," + " 10 fake))");
  }

  @Test
  void trainWritesTheDetectorItsValidationReportAndItsLog() throws Exception {
    assertThat(DetectorFiles.isDetector(detector)).isTrue();
    assertThat(DetectorFiles.load(detector).info().fakeSources()).hasSize(2);
    JsonNode v = new ObjectMapper().readTree(detector.resolve("validation.json").toFile());
    assertThat(v.get("threshold_source").asText()).startsWith("auto");
    assertThat(v.get("conditions")).hasSize(1);
    assertThat(v.get("conditions").get(0).get("rows")).hasSize(3);
    assertThat(Files.readAllLines(detector.resolve("train-log.csv")))
        .hasSize(13)
        .first()
        .isEqualTo("step,loss,batch_accuracy,ms");
  }

  @Test
  void evalPrintsATableAndWritesJsonPerGeneratorAndOverallWithSweeps() throws Exception {
    Path json = dir.resolve("eval/report.json");
    CliTest.Result r =
        CliTest.run(
            "detect",
            "eval",
            "--detector",
            detector.toString(),
            "--real",
            "shapes",
            "--fake",
            run.toString(),
            "--fake",
            noise.toString(),
            "--n",
            "50",
            "--blur",
            "2",
            "--jpeg",
            "50",
            "--out",
            json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("post-processing")
        .contains("blur sigma=2")
        .contains("jpeg quality=50")
        .contains("note: only 40 images in folder");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("real").asText()).contains("shapes-holdout");
    JsonNode conditions = report.get("conditions");
    assertThat(conditions).hasSize(3);
    for (JsonNode c : conditions) {
      assertThat(c.get("rows")).hasSize(3);
      assertThat(c.get("rows").get(2).get("fakes").asText()).isEqualTo("all");
      assertThat(c.get("rows").get(2).get("n_fake").asInt()).isEqualTo(90);
      for (JsonNode row : c.get("rows")) {
        assertThat(row.get("ap").asDouble()).isBetween(0.0, 1.0);
        assertThat(row.get("n_real").asInt()).isEqualTo(50);
      }
    }
  }

  @Test
  void scoreWritesOneProbabilityPerImageAndTheDetectionRate() throws Exception {
    Path csv = dir.resolve("scores.csv");
    CliTest.Result r =
        CliTest.run(
            "detect",
            "score",
            "--detector",
            detector.resolve("detector.zip").toString(),
            "--images",
            noise.toString(),
            "--out",
            csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Scored 40 images in")
        .containsPattern("Detection rate: [0-9.]+% \\(\\d+ of 40");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(41);
    assertThat(lines.get(0)).isEqualTo("index,source,p_fake,verdict");
    assertThat(lines.get(1)).startsWith("0,\"n000.png\",").matches(".*,(generated|real)");
    CliTest.Result g =
        CliTest.run(
            "detect",
            "score",
            "--detector",
            detector.toString(),
            "--checkpoint",
            run.toString(),
            "--n",
            "12",
            "--batch",
            "5",
            "--out",
            csv.toString());
    assertThat(g.code()).as(g.err()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(13);
    assertThat(g.out()).contains("Scored 12 samples of mlp/minimax step 1");
  }

  @Test
  void ganTrainingReportsTheDetectionRateEveryNSteps() throws Exception {
    Path out = dir.resolve("watched");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "2",
            "--batch",
            "8",
            "--out",
            out.toString(),
            "--sample-every",
            "1000",
            "--progress-every",
            "1000",
            "--detect-every",
            "1",
            "--detector",
            detector.toString(),
            "--detect-n",
            "10");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("detect step 1:").contains("samples caught");
    List<String> csv = Files.readAllLines(out.resolve("detection.csv"));
    assertThat(csv.get(0)).startsWith("step,detection_rate,mean_p_fake,n,threshold");
    assertThat(csv.subList(1, csv.size()))
        .extracting(l -> l.split(",")[0])
        .containsExactly("0", "1", "2");
  }

  @Test
  void mistakesGiveOneClearLine() throws Exception {
    Path small = noiseFolder(dir.resolve("small"), 2, 16);
    Files.createDirectories(dir.resolve("empty"));
    String det = detector.toString();
    expectUsageError(
        List.of(
            "detect",
            "score",
            "--detector",
            dir.resolve("none").toString(),
            "--images",
            small.toString()),
        "Detector not found");
    expectUsageError(
        List.of("detect", "score", "--detector", det, "--images", small.toString()),
        "is 16x16 pixels but 32x32 are needed");
    expectUsageError(
        List.of("detect", "score", "--detector", det, "--images", dir.resolve("empty").toString()),
        "holds no image files");
    expectUsageError(
        List.of(
            "detect",
            "eval",
            "--detector",
            det,
            "--real",
            "shapes",
            "--fake",
            dir.resolve("x").toString()),
        "--fake " + dir.resolve("x") + ": no such checkpoint, run folder or image folder");
    expectUsageError(
        List.of(
            "detect",
            "train",
            "--real",
            "shapes",
            "--fake",
            noise.toString(),
            "--out",
            dir.resolve("t").toString(),
            "--threshold",
            "1.5"),
        "--threshold must be 'auto' or a probability in [0, 1]");
    expectUsageError(
        List.of(
            "detect",
            "eval",
            "--detector",
            run.toString(),
            "--real",
            "shapes",
            "--fake",
            noise.toString()),
        "Detector not found");
    expectUsageError(
        List.of(
            "detect",
            "train",
            "--real",
            "shapes",
            "--fake",
            small.toString(),
            "--out",
            dir.resolve("t").toString()),
        "16x16");
    expectUsageError(
        List.of(
            "train",
            "--dataset",
            "shapes",
            "--steps",
            "1",
            "--out",
            dir.resolve("w").toString(),
            "--detect-every",
            "1"),
        "--detect-every needs --detector");
  }

  private static void expectUsageError(List<String> args, String message) {
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(r.err()).contains(message).doesNotContain("\tat ").doesNotContain("bug");
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
  }
}

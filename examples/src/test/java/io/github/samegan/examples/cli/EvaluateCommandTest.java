package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.core.ImageShape;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ClassifierFiles;
import io.github.samegan.eval.classify.ClassifierInfo;
import io.github.samegan.eval.classify.ResNetClassifier;
import io.github.samegan.examples.gallery.FrechetSanityCheck;
import io.github.samegan.examples.runs.FeatureNetworks;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan evaluate} and {@code samegan train --eval-every} end to end on the shapes set,
 * with a tiny (untrained but valid) classifier as the feature network and a 2-step MLP GAN.
 */
class EvaluateCommandTest {
  @TempDir static Path dir;
  static Path classifier;
  static Path run;

  /**
   * A tiny (untrained but valid) shapes classifier written to {@code file}: the feature network of
   * the evaluate tests.
   */
  static Path tinyClassifier(Path file) throws IOException {
    ImageDataset shapes = ShapesDataset.generate(16, 1);
    ResNetClassifier net =
        new ResNetClassifier(ImageShape.rgb(32), shapes.numClasses(), List.of(4, 8, 8), 1);
    ClassifierFiles.save(
        file,
        Classifier.create(net, 5),
        new ClassifierInfo(
            net.spec(),
            ImageShape.rgb(32),
            shapes.classNames(),
            "shapes",
            "holdout 10% (seed 0)",
            1000,
            0.25,
            0,
            5));
    return file;
  }

  @BeforeAll
  static void classifierAndCheckpoint() throws Exception {
    classifier = tinyClassifier(dir.resolve("tiny.zip"));
    run = dir.resolve("run");
    CliTest.Result r =
        CliTest.run(
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
            "--progress-every",
            "4",
            "--eval-every",
            "2",
            "--eval-features",
            "classifier:" + classifier,
            "--eval-n",
            "100");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("eval step 0: FD").contains("eval step 4: FD");
  }

  @Test
  void trainingWritesFdAndKidEveryNStepsNextToTheLossLog() throws Exception {
    List<String> csv = Files.readAllLines(run.resolve("eval.csv"));
    assertThat(csv.get(0)).startsWith("step,fd,kid_mean,kid_std");
    assertThat(csv.subList(1, csv.size()))
        .extracting(l -> l.split(",")[0])
        .containsExactly("0", "2", "4");
    assertThat(csv.get(1))
        .contains(",100,100,")
        .contains("classifier:tiny.zip")
        .contains("test acc 25.0%");
  }

  @Test
  void checkpointIsScoredWithEveryMetricAndTheFeatureNetworkNamed() throws Exception {
    Path report = dir.resolve("report.json");
    CliTest.Result r =
        CliTest.run(
            "evaluate",
            "--checkpoint",
            run.toString(),
            "--reference",
            "shapes:test",
            "--n",
            "300",
            "--batch",
            "64",
            "--features",
            "classifier:" + classifier,
            "--kid-subsets",
            "5",
            "--out",
            report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("shapes/holdout 10% (seed 0) vs generated/step-4")
        .contains("classifier:tiny.zip (resnet:widths=4,8,8;blocks=1, test acc 25.0%")
        .contains("no resize")
        .contains("FD ")
        .contains("KID ")
        .contains("IS ")
        .contains("precision")
        .contains("recall")
        .contains("density")
        .contains("coverage")
        .contains("classifier score of the real images themselves");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.at("/protocol/n_real").asInt()).isEqualTo(300);
    assertThat(json.at("/protocol/n_fake").asInt()).isEqualTo(300);
    assertThat(json.at("/protocol/feature_network").asText()).contains("test acc 25.0%");
    assertThat(json.at("/fd").asDouble()).isPositive();
    assertThat(json.at("/kid/subsets").asInt()).isEqualTo(5);
    assertThat(json.at("/kid/subset_size").asInt()).isEqualTo(300);
    assertThat(json.at("/classifier_score/mean").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(json.at("/precision_recall/recall").isNumber()).isTrue();
    assertThat(json.at("/density_coverage/coverage").isNumber()).isTrue();
  }

  @Test
  void aFolderOfImagesIsStreamedAndResizedAndScoredAgainstTheTrainSplit() throws Exception {
    Path images = dir.resolve("images");
    Files.createDirectories(images.resolve("sub"));
    ImageDataset shapes = ShapesDataset.generate(40, 3);
    for (int i = 0; i < 40; i++) {
      float[] px = shapes.image(i);
      int size = i < 30 ? 32 : 48; // ten images of another size get resized
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int sy = y * 32 / size;
          int sx = x * 32 / size;
          int rr = Math.round((px[sy * 32 + sx] + 1) * 127.5f);
          int gg = Math.round((px[1024 + sy * 32 + sx] + 1) * 127.5f);
          int bb = Math.round((px[2048 + sy * 32 + sx] + 1) * 127.5f);
          img.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
        }
      }
      ImageIO.write(
          img,
          "png",
          (i % 2 == 0 ? images : images.resolve("sub")).resolve("g" + i + ".png").toFile());
    }
    Path report = dir.resolve("folder.json");
    CliTest.Result r =
        CliTest.run(
            "evaluate",
            "--images",
            images.toString(),
            "--reference",
            "shapes",
            "--n",
            "100",
            "--batch",
            "16",
            "--features",
            "classifier:" + classifier,
            "--kid-subsets",
            "3",
            "--out",
            report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("shapes/train minus holdout 10% (seed 0) vs generated/images in " + images)
        .contains("only 40 images")
        .contains("10 generated images were resized");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.at("/protocol/n_real").asInt()).isEqualTo(100);
    assertThat(json.at("/protocol/n_fake").asInt()).isEqualTo(40);
  }

  @Test
  void missingOrMismatchedFeatureNetworksAndSourcesFailWithOneClearLine() throws Exception {
    Path out = dir.resolve("x.json");
    CliTest.Result none =
        CliTest.run(
            "evaluate",
            "--checkpoint",
            run.toString(),
            "--reference",
            "shapes",
            "--out",
            out.toString());
    assertThat(none.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(none.err()).contains("--features classifier:FILE");
    CliTest.Result inception =
        CliTest.run(
            "evaluate",
            "--checkpoint",
            run.toString(),
            "--reference",
            "shapes",
            "--features",
            "inception:" + dir.resolve("classify_image_graph_def.pb"),
            "--out",
            out.toString());
    assertThat(inception.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(inception.err()).contains("Inception graph not found");
    CliTest.Result both =
        CliTest.run(
            "evaluate",
            "--checkpoint",
            run.toString(),
            "--images",
            dir.toString(),
            "--reference",
            "shapes",
            "--out",
            out.toString());
    assertThat(both.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(both.err()).contains("mutually exclusive");
    CliTest.Result evalWithoutFeatures =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "1",
            "--out",
            dir.resolve("r2").toString(),
            "--eval-every",
            "1");
    assertThat(evalWithoutFeatures.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(evalWithoutFeatures.err()).contains("--eval-every needs --eval-features");
    assertThat(none.err().lines().count()).isEqualTo(1);
  }

  @Test
  void sanityCheckRanksTheTestSplitBelowBlurBelowNoise() throws Exception {
    java.io.StringWriter text = new java.io.StringWriter();
    FrechetSanityCheck.Result r =
        FrechetSanityCheck.runExample(
            "shapes",
            FeatureNetworks.load("classifier:" + classifier, ImageShape.rgb(32)),
            300,
            null,
            new java.io.PrintWriter(text));
    assertThat(text.toString())
        .contains("shapes, N=300")
        .contains("FD(train, test)")
        .contains("test acc 25.0%");
    assertThat(r.blurred()).as("blur vs test %s", r.test()).isGreaterThan(3 * r.test());
    assertThat(r.noise()).as("noise vs blur").isGreaterThan(2 * r.blurred());
  }
}

package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.eval.classify.ClassifierFiles;
import io.github.samegan.eval.classify.ClassifierInfo;
import io.github.samegan.examples.runs.DataSplits;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan classifier train} end to end on the embedded shapes set, with a tiny network. */
class ClassifierCommandTest {

  static final String TINY = "resnet:widths=4,8,8;blocks=1";

  @Test
  void trainsReportsHeldOutAccuracyAndSavesTheClassifier(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shapes.zip");
    CliTest.Result r =
        CliTest.run(
            "classifier",
            "train",
            "--dataset",
            "shapes",
            "--steps",
            "3",
            "--batch",
            "16",
            "--arch",
            TINY,
            "--progress-every",
            "1",
            "--out",
            file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("step 3/3")
        .contains("Test accuracy:")
        .contains("shapes holdout 10% (seed 0)")
        .contains("(9000 images, ")
        .contains("Saved " + file);
    ClassifierInfo info = ClassifierFiles.readInfo(file);
    assertThat(info.architecture()).isEqualTo(TINY);
    assertThat(info.dataset()).isEqualTo("shapes");
    assertThat(info.testSplit()).isEqualTo("holdout 10% (seed 0)");
    assertThat(info.testCount()).isEqualTo(1000);
    assertThat(info.testAccuracy()).isBetween(0.0, 1.0);
    assertThat(info.trainSteps()).isEqualTo(3);
    assertThat(info.numClasses())
        .isEqualTo(io.github.samegan.data.synthetic.ShapesDataset.numClasses());
    assertThat(r.out())
        .contains(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * info.testAccuracy()));
  }

  @Test
  void holdoutAndTrainSplitsOfASetWithoutTestSplitAreDisjointAndStable() {
    var test = DataSplits.load("shapes", "test", null);
    var train = DataSplits.load("shapes", "train", null);
    assertThat(test.size() + train.size()).isEqualTo(10_000);
    assertThat(test.size()).isEqualTo(1000);
    var again = DataSplits.load("shapes", "test", null);
    assertThat(again.image(17)).isEqualTo(test.image(17));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < train.size(); i++) {
      seen.add(java.util.Arrays.toString(train.image(i)));
    }
    int shared = 0;
    for (int i = 0; i < test.size(); i++) {
      shared += seen.contains(java.util.Arrays.toString(test.image(i))) ? 1 : 0;
    }
    assertThat(shared).isZero();
    assertThat(DataSplits.Spec.parse("fashion-mnist:test", "train"))
        .isEqualTo(new DataSplits.Spec("fashion-mnist", "test"));
    assertThat(DataSplits.Spec.parse("folder:/a/b", "train"))
        .isEqualTo(new DataSplits.Spec("folder:/a/b", "train"));
    assertThat(DataSplits.Spec.parse("folder:/a/b:test", "train"))
        .isEqualTo(new DataSplits.Spec("folder:/a/b", "test"));
  }

  @Test
  void unlabelledDataAndBadOptionsFailWithOneClearLine(@TempDir Path dir) throws Exception {
    Path flat = dir.resolve("flat");
    Files.createDirectories(flat);
    for (int i = 0; i < 20; i++) {
      ImageIO.write(
          new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB),
          "png",
          flat.resolve("img" + i + ".png").toFile());
    }
    CliTest.Result unlabelled =
        CliTest.run(
            "classifier",
            "train",
            "--dataset",
            "folder:" + flat,
            "--steps",
            "1",
            "--batch",
            "4",
            "--out",
            dir.resolve("x.zip").toString());
    assertThat(unlabelled.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(unlabelled.err()).contains("no class labels").doesNotContain("\tat ");
    CliTest.Result arch =
        CliTest.run(
            "classifier",
            "train",
            "--dataset",
            "shapes",
            "--arch",
            "vgg",
            "--steps",
            "1",
            "--out",
            dir.resolve("y.zip").toString());
    assertThat(arch.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(arch.err()).contains("Unknown classifier architecture 'vgg'");
    CliTest.Result noOut = CliTest.run("classifier", "train", "--dataset", "shapes");
    assertThat(noOut.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(noOut.err()).contains("--out");
  }
}

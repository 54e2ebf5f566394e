package io.github.samegan.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.augment.Augmentations;
import io.github.samegan.data.augment.AugmentedDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.eval.classify.ClassifierFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The detector on tasks with a known answer (16×16 shapes, a tiny ResNet, a few seconds): real
 * images against heavily blurred ones must be separated almost perfectly on fresh images; real
 * against real must stay at chance.
 */
class DetectorTrainingTest {
  static final String TINY = "resnet:widths=8,16,16;blocks=1";
  private static DetectorTrainer.Result blurred;

  static ImageDataset shapes(int n, long seed) {
    return ShapesDataset.generate(n, 16, seed);
  }

  static ImageDataset blurred(ImageDataset d) {
    ImageDataset b =
        AugmentedDataset.of(
            d, AugmentPipeline.builder().add(Augmentations.gaussianBlur(2, 2)).build(), 1, false);
    return ImageSets.subset(
        b, "blurred " + d.name(), java.util.stream.IntStream.range(0, d.size()).toArray());
  }

  static DetectorTrainer.Builder tiny(ImageDataset real, List<ImageDataset> fakes) {
    return DetectorTrainer.builder(real, fakes)
        .architecture(TINY)
        .steps(60)
        .batch(32)
        .learningRate(3e-3)
        .augmentation(DetectorAugmentation.NONE)
        .seed(3);
  }

  @BeforeAll
  static void trainOnBlur() {
    blurred = tiny(shapes(400, 1), List.of(blurred(shapes(400, 2)))).build().train();
  }

  @Test
  void separatesRealFromHeavilyBlurredImagesOnFreshImages() {
    Detector d = blurred.detector();
    assertThat(blurred.trainReal()).isEqualTo(360);
    assertThat(blurred.trainFake()).isEqualTo(360);
    assertThat(d.info().validation().realCount()).isEqualTo(40);
    assertThat(d.info().thresholdSource())
        .startsWith("auto: best balanced accuracy on the validation split (40 real, 40 fake)");
    DetectionReport fresh =
        DetectionEvaluator.builder(d)
            .blurSigmas()
            .jpegQualities()
            .build()
            .evaluate(shapes(200, 5), List.of(blurred(shapes(200, 6))), List.of());
    DetectionReport.Row row = fresh.clean().overall();
    assertThat(row.averagePrecision()).isGreaterThan(0.99);
    assertThat(row.rocAuc()).isGreaterThan(0.99);
    assertThat(row.accuracy()).isGreaterThan(0.9);
  }

  @Test
  void realAgainstRealStaysAtChance() {
    Detector d = tiny(shapes(400, 11), List.of(shapes(400, 12))).build().train().detector();
    DetectionReport fresh =
        DetectionEvaluator.builder(d)
            .blurSigmas()
            .jpegQualities()
            .build()
            .evaluate(shapes(300, 13), List.of(shapes(300, 14)), List.of());
    DetectionReport.Row row = fresh.clean().overall();
    assertThat(row.averagePrecision()).isBetween(0.4, 0.6);
    assertThat(row.rocAuc()).isBetween(0.4, 0.6);
  }

  @Test
  void savedDetectorReloadsWithIdenticalScoresAndThreshold(@TempDir Path dir) throws Exception {
    Detector d = blurred.detector();
    Path folder = dir.resolve("det");
    DetectorFiles.save(folder.resolve(DetectorFiles.FILE_NAME), d);
    assertThat(DetectorFiles.isDetector(folder)).isTrue();
    Detector back = DetectorFiles.load(folder);
    assertThat(back.info()).isEqualTo(d.info());
    assertThat(back.threshold()).isEqualTo(d.threshold());
    ImageDataset probe = shapes(50, 9);
    assertThat(back.probabilityFake(probe, 16)).containsExactly(d.probabilityFake(probe, 16));
    // a plain classifier file is not a detector
    Path plain = dir.resolve("plain.zip");
    ClassifierFiles.save(
        plain,
        d.classifier(),
        new io.github.samegan.eval.classify.ClassifierInfo(
            d.info().architecture(),
            d.inputShape(),
            List.of("real", "fake"),
            "x",
            "none",
            0,
            Double.NaN,
            0,
            0));
    assertThat(DetectorFiles.isDetector(plain)).isFalse();
    assertThatThrownBy(() -> DetectorFiles.load(plain))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not a detector");
    assertThatThrownBy(() -> DetectorFiles.load(dir.resolve("empty")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("Detector not found");
  }

  @Test
  void refusesImagesOfAnotherShapeWithAClearMessage() {
    Detector d = blurred.detector();
    assertThatThrownBy(() -> d.probabilityFake(Nd4j.zeros(DataType.FLOAT, 2, 3, 32, 32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 3x16x16 images")
        .hasMessageContaining("3x32x32");
    InMemoryImageDataset gray =
        InMemoryImageDataset.unlabelled(
            "gray", io.github.samegan.data.ImageInfo.gray(16), new byte[256]);
    assertThatThrownBy(() -> d.probabilityFake(gray, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gray' holds 1x16x16");
    assertThatThrownBy(() -> DetectorTrainer.builder(shapes(10, 1), List.of(gray)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one image shape");
  }

  @Test
  void fixedThresholdIsKeptAndSaidSo() {
    DetectorTrainer.Result r =
        tiny(shapes(100, 21), List.of(blurred(shapes(100, 22))))
            .steps(2)
            .threshold(0.7)
            .build()
            .train();
    assertThat(r.detector().threshold()).isEqualTo(0.7);
    assertThat(r.detector().info().thresholdSource()).isEqualTo("fixed: 0.7");
    assertThat(r.validation().threshold()).isEqualTo(0.7);
    assertThatThrownBy(
            () -> tiny(shapes(10, 1), List.of(shapes(10, 2))).validationFraction(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validation");
  }

  @Test
  void generatedImagesAreSpreadEvenlyOverGenerators() {
    assertThat(DetectorTrainer.spread(10, new int[] {100, 100})).containsExactly(5, 5);
    assertThat(DetectorTrainer.spread(10, new int[] {2, 100, 100})).containsExactly(2, 4, 4);
    assertThat(DetectorTrainer.spread(7, new int[] {3, 3})).containsExactly(3, 3);
  }
}

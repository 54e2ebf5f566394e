package io.github.samegan.eval.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.eval.metrics.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ClassifierFilesTest {

  private static ClassifierInfo info(Classifier c, double acc) {
    return new ClassifierInfo(
        c.network().spec(),
        c.inputShape(),
        List.of("left", "middle", "right = 3:#!"),
        "synthetic",
        "holdout 10% (seed 0)",
        100,
        acc,
        2,
        c.seed());
  }

  private static Classifier trained() {
    Classifier c = Classifier.create(Synthetic.network(), 21);
    ClassifierTrainer.builder(c, new Synthetic(2, 16)).gcEvery(0).build().fit(2, s -> {});
    return c;
  }

  @Test
  void roundTripGivesIdenticalPredictionsAndManifest(@TempDir Path dir) throws Exception {
    Classifier c = trained();
    Path file = dir.resolve("sub/cls.zip");
    ClassifierFiles.save(file, c, info(c, 0.875));
    ClassifierFiles.save(file, c, info(c, 0.875)); // overwrite in place
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("cls.zip");
    }
    SavedClassifier loaded = ClassifierFiles.load(file);
    assertThat(loaded.info()).isEqualTo(info(c, 0.875));
    assertThat(ClassifierFiles.readInfo(file)).isEqualTo(loaded.info());
    INDArray images = new Synthetic(7, 9).next().images();
    Classifier.Prediction a = c.predict(images);
    Classifier.Prediction b = loaded.classifier().predict(images);
    assertThat(b.logits()).isEqualTo(a.logits());
    assertThat(b.features()).isEqualTo(a.features());

    FeatureExtractor fx = ClassifierFeatureExtractor.of(loaded);
    assertThat(fx.description())
        .isEqualTo(
            "classifier:cls.zip (resnet:widths=4,6,8;blocks=1, test acc 87.5%"
                + " on synthetic holdout 10% (seed 0) (n=100))");
    assertThat(fx.preprocessing()).contains("no resize").contains("1x12x12");
    assertThat(fx.dimension()).isEqualTo(8);
    FeatureExtractor.Output out = fx.extract(images, true);
    assertThat(out.features()).isEqualTo(a.features());
    assertThat(
            out.probabilities().getDouble(0, 0)
                + out.probabilities().getDouble(0, 1)
                + out.probabilities().getDouble(0, 2))
        .isCloseTo(1.0, within(1e-5));
    assertThat(fx.probabilities(images)).isEqualTo(out.probabilities());
  }

  @Test
  void metadataRoundTripsExactly(@TempDir Path dir) throws Exception {
    Classifier c = Classifier.create(Synthetic.network(), 1);
    Path file = dir.resolve("m.zip");
    ClassifierInfo withMeta =
        info(c, 0.5)
            .withMetadata(
                java.util.Map.of("detector.threshold", "0.4375", "odd key = #1", "line\nbreak: ü"));
    ClassifierFiles.save(file, c, withMeta);
    assertThat(ClassifierFiles.readInfo(file)).isEqualTo(withMeta);
    assertThat(ClassifierFiles.readInfo(file).metadata())
        .containsEntry("odd key = #1", "line\nbreak: ü");
    ClassifierFiles.save(file, c, info(c, 0.5));
    assertThat(ClassifierFiles.load(file).info().metadata()).isEmpty();
  }

  @Test
  void unmeasuredAccuracyIsSaidSo(@TempDir Path dir) throws Exception {
    Classifier c = Classifier.create(Synthetic.network(), 1);
    Path file = dir.resolve("c.zip");
    ClassifierFiles.save(file, c, info(c, Double.NaN));
    assertThat(ClassifierFeatureExtractor.load(file).description()).contains("test acc unknown");
  }

  @Test
  void badFilesAndMismatchedInfoFailClearly(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ClassifierFiles.load(dir.resolve("none.zip")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not found");
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "hello");
    assertThatThrownBy(() -> ClassifierFiles.load(junk))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("junk.zip");
    Path foreign = dir.resolve("foreign.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(foreign))) {
      z.putNextEntry(new ZipEntry("checkpoint.properties"));
      z.write("format=samegan-checkpoint\n".getBytes());
      z.closeEntry();
    }
    assertThatThrownBy(() -> ClassifierFiles.load(foreign))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("Not a SameGAN classifier file")
        .hasMessageContaining("classifier train");
    Classifier c = Classifier.create(Synthetic.network(), 1);
    ClassifierInfo wrongShape =
        new ClassifierInfo(
            c.network().spec(),
            ImageShape.gray(16),
            List.of("a", "b", "c"),
            "x",
            "test",
            0,
            Double.NaN,
            0,
            1);
    assertThatThrownBy(() -> ClassifierFiles.save(dir.resolve("w.zip"), c, wrongShape))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not describe");
  }
}

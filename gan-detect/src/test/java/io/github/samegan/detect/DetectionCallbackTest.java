package io.github.samegan.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ResNetClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionCallbackTest {

  /** An untrained detector for the tiny test GAN's 2×8×8 images, with the given threshold. */
  static Detector detector(ImageShape shape, double threshold) {
    ResNetClassifier net = new ResNetClassifier(shape, 2, List.of(4, 4, 4), 1);
    DetectorInfo info =
        new DetectorInfo(
            net.spec(),
            shape,
            threshold,
            "fixed: test",
            "random",
            List.of("tiny"),
            "none",
            0,
            5,
            null);
    return new Detector(Classifier.create(net, 5), info);
  }

  private static GanTrainer trainer(DetectionCallback cb) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 1))
        .gcEvery(0)
        .callback(cb)
        .build();
  }

  @Test
  void writesTheDetectionRateOfTheCurrentGeneratorEveryNStepsAndResumesCleanly(@TempDir Path dir)
      throws Exception {
    // threshold = the median P(fake) of the step-0 samples, so the rate is neither 0 nor 1
    Detector probe = detector(TinyModels.IMAGE, 0.5);
    Gan fresh =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    double[] p0 = probe.probabilityFake(ImageSets.quantize(fresh.sample(30, new Rng(9))));
    double[] sorted = p0.clone();
    Arrays.sort(sorted);
    Detector d = probe.withThreshold(sorted[15], "fixed: median");

    Path csv = dir.resolve("run/detection.csv");
    DetectionCallback cb =
        DetectionCallback.builder(d, csv).every(2).samples(30).batch(7).seed(9).build();
    GanTrainer t = trainer(cb);
    t.fit(5);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(DetectionCallback.HEADER);
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.substring(0, l.indexOf(',')))
        .containsExactly("0", "2", "4", "5");
    assertThat(cb.rows().get(0).detectionRate()).isCloseTo(0.5, within(1e-12));
    assertThat(cb.rows().get(0).meanProbability())
        .isCloseTo(Arrays.stream(p0).average().orElseThrow(), within(1e-6));
    // each row is the rate of the generator as it was at that step: recompute the last one by hand
    double[] p5 = d.probabilityFake(ImageSets.quantize(t.gan().sample(30, new Rng(9))));
    double rate5 = Arrays.stream(p5).filter(d::isFake).count() / 30.0;
    assertThat(cb.rows().get(3).detectionRate()).isCloseTo(rate5, within(1e-12));
    assertThat(lines.get(4))
        .startsWith("5," + cb.rows().get(3).detectionRate() + ",")
        .contains(",30,")
        .endsWith("\"" + d.describe() + "\"");

    // a resumed run at step 3 drops the rows after 3 and appends under the same header
    DetectionCallback again =
        DetectionCallback.builder(d, csv).every(2).samples(30).seed(9).build();
    GanTrainer resumed = trainer(again);
    Path ckpt = dir.resolve("c.ckpt");
    GanTrainer three =
        trainer(
            DetectionCallback.builder(d, dir.resolve("other.csv")).every(100).samples(4).build());
    three.fit(3);
    three.saveCheckpoint(ckpt);
    resumed.restore(ckpt);
    resumed.fit(4);
    assertThat(Files.readAllLines(csv).stream().map(l -> l.substring(0, l.indexOf(','))).toList())
        .containsExactly("step", "0", "2", "4");
  }

  @Test
  void refusesAGeneratorOfAnotherShape(@TempDir Path dir) {
    DetectionCallback cb =
        DetectionCallback.builder(detector(ImageShape.gray(8), 0.5), dir.resolve("d.csv")).build();
    assertThatThrownBy(() -> trainer(cb).fit(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 1x8x8")
        .hasMessageContaining("2x8x8");
  }
}

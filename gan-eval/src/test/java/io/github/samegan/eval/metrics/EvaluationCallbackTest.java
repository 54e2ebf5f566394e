package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class EvaluationCallbackTest {

  /** Features: the mean of each channel and of each image half (4-d), no probabilities. */
  static final FeatureExtractor MEANS =
      new FeatureExtractor() {
        @Override
        public int dimension() {
          return 4;
        }

        @Override
        public String description() {
          return "channel-and-half means, \"test\"";
        }

        @Override
        public INDArray features(INDArray images) {
          INDArray channels = images.mean(2, 3);
          INDArray top =
              images
                  .get(
                      org.nd4j.linalg.indexing.NDArrayIndex.all(),
                      org.nd4j.linalg.indexing.NDArrayIndex.all(),
                      org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
                      org.nd4j.linalg.indexing.NDArrayIndex.all())
                  .mean(1, 2, 3);
          INDArray left =
              images
                  .get(
                      org.nd4j.linalg.indexing.NDArrayIndex.all(),
                      org.nd4j.linalg.indexing.NDArrayIndex.all(),
                      org.nd4j.linalg.indexing.NDArrayIndex.all(),
                      org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4))
                  .mean(1, 2, 3);
          return org.nd4j.linalg.factory.Nd4j.hstack(
              channels, top.reshape(-1, 1), left.reshape(-1, 1));
        }
      };

  private static GanTrainer trainer(EvaluationCallback cb) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 1))
        .gcEvery(0)
        .callback(cb)
        .build();
  }

  private static EvaluationCallback callback(Path csv) {
    RandomImages real = new RandomImages(TinyModels.IMAGE, 25, 77);
    return EvaluationCallback.builder(
            MEANS,
            () -> Stream.generate(() -> real.next().images()).iterator(),
            "random",
            "all",
            csv)
        .every(2)
        .samples(40)
        .batch(20)
        .kidSubsets(3)
        .build();
  }

  @Test
  void writesABaselineARowEveryNStepsAndTheEndAndResumesCleanly(@TempDir Path dir)
      throws Exception {
    Path csv = dir.resolve("eval.csv");
    EvaluationCallback cb = callback(csv);
    GanTrainer t = trainer(cb);
    t.fit(5);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(EvaluationCallback.HEADER);
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.substring(0, l.indexOf(',')))
        .containsExactly("0", "2", "4", "5");
    assertThat(lines.get(1))
        .endsWith(
            ",40,40,"
                + lines.get(1).split(",")[8]
                + ",\"channel-and-half means, \"\"test\"\"\",\"none\"");
    assertThat(cb.rows()).hasSize(4);
    assertThat(cb.rows().get(0).kid().subsets()).isEqualTo(3);
    assertThat(cb.rows().get(0).kid().subsetSize()).isEqualTo(20);
    assertThat(cb.rows().get(0).kid().std()).isPositive();
    for (EvaluationCallback.Row r : cb.rows()) {
      assertThat(r.frechetDistance()).isFinite().isGreaterThanOrEqualTo(0);
    }
    // the same latent vectors every time: scoring twice without training gives the same numbers
    EvaluationCallback.Row again = cb.evaluate(t);
    assertThat(again.frechetDistance())
        .isCloseTo(cb.rows().get(3).frechetDistance(), within(1e-12));
    assertThat(again.kid().mean()).isCloseTo(cb.rows().get(3).kid().mean(), within(1e-12));

    // a resumed run (here: a fresh trainer whose step is 3) drops rows past its step
    Path ckpt = dir.resolve("c.ckpt");
    GanTrainer t2 = trainer(callback(dir.resolve("unused.csv")));
    t2.fit(3);
    t2.saveCheckpoint(ckpt);
    EvaluationCallback resumedCb = callback(csv);
    GanTrainer resumed = trainer(resumedCb);
    resumed.restore(ckpt);
    resumed.fit(5);
    List<String> after = Files.readAllLines(csv);
    assertThat(after.subList(1, after.size()))
        .extracting(l -> l.substring(0, l.indexOf(',')))
        .containsExactly("0", "2", "4", "5");
    assertThat(resumedCb.rows()).extracting(EvaluationCallback.Row::step).containsExactly(4L, 5L);
  }

  @Test
  void scoresADistantGeneratorWorseThanTheRealDataItself(@TempDir Path dir) {
    RandomImages real = new RandomImages(TinyModels.IMAGE, 25, 77);
    Iterator<INDArray> reference = Stream.generate(() -> real.next().images()).iterator();
    CollectedFeatures a =
        FeatureCollector.builder(MEANS, "random", "a", 100).build().collect(reference);
    CollectedFeatures b =
        FeatureCollector.builder(MEANS, "random", "b", 100).build().collect(reference);
    EvaluationCallback cb = callback(dir.resolve("e.csv"));
    GanTrainer t = trainer(cb);
    t.fit(0);
    double realVsReal = FrechetDistance.compute(a.statistics(), b.statistics());
    assertThat(cb.rows().get(0).frechetDistance()).isGreaterThan(10 * realVsReal);
  }
}

package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.detect.ImageSets;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FrechetDistance;
import io.github.samegan.eval.metrics.KernelInceptionDistance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sweep runs on this machine (what a Spark task does), without Spark. */
class SweepRunnerTest {

  @Test
  void anInterruptedRunResumesFromItsCheckpointAndEndsLikeAnUninterruptedOne(@TempDir Path tmp)
      throws Exception {
    SweepOptions opts = SweepOptions.defaults().withDataDir(tmp.toString());
    SweepSetting run = new SweepSetting("mlp", "minimax", "shapes", 2e-4, 2e-4, 1, 5, 4, 8);
    SweepSetting firstHalf = new SweepSetting("mlp", "minimax", "shapes", 2e-4, 2e-4, 1, 5, 2, 8);
    RunStore whole = new RunStore(tmp.resolve("whole").toString(), new Configuration());
    RunStore interrupted = new RunStore(tmp.resolve("interrupted").toString(), new Configuration());

    SweepResult reference = SweepRunner.run(run, opts, whole);
    // An interruption after step 2: the run folder holds a step-2 checkpoint and loss log, no
    // result.
    SweepRunner.run(firstHalf, opts, interrupted);
    Path from = tmp.resolve("interrupted/runs").resolve(firstHalf.id());
    Path to = tmp.resolve("interrupted/runs").resolve(run.id());
    Files.createDirectories(to.resolve("checkpoints"));
    Files.copy(from.resolve("checkpoints/last.ckpt"), to.resolve("checkpoints/last.ckpt"));
    Files.copy(from.resolve("metrics.csv"), to.resolve("metrics.csv"));
    SweepResult resumed = SweepRunner.run(run, opts, interrupted);

    assertThat(reference.status()).isEqualTo(SweepResult.TRAINED);
    assertThat(resumed.status()).as(String.valueOf(resumed.error())).isEqualTo(SweepResult.TRAINED);
    assertThat(resumed.stepsDone()).isEqualTo(4);
    assertThat(resumed.dLoss()).isEqualTo(reference.dLoss());
    assertThat(resumed.gLoss()).isEqualTo(reference.gLoss());
    // The loss log holds steps 1-4 once each, with the uninterrupted run's losses (not its times).
    assertThat(lossColumns(to.resolve("metrics.csv")))
        .hasSize(5)
        .isEqualTo(lossColumns(tmp.resolve("whole/runs").resolve(run.id()).resolve("metrics.csv")));
  }

  @Test
  void theKidAtTheEndIsGanEvalsKidOnTheSameFeatures(@TempDir Path tmp) throws Exception {
    int n = 40;
    SweepOptions opts =
        SweepOptions.defaults()
            .withDataDir(tmp.toString())
            .withDistance(n, ProjectionFeatures.factory());
    SweepSetting s = new SweepSetting("mlp", "hinge", "shapes", 2e-4, 2e-4, 1, 6, 3, 8);
    RunStore store = new RunStore(tmp.resolve("sweep").toString(), new Configuration());

    SweepResult row = SweepRunner.run(s, opts, store);

    assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo(SweepResult.TRAINED);
    // The same n real and n generated images, through the same network, all in one batch.
    FeatureExtractor fx = ProjectionFeatures.factory().create();
    ImageDataset data = DatasetRegistry.standard().load("shapes", tmp, 32);
    float[] px = new float[n * data.info().pixels()];
    for (int i = 0; i < n; i++) {
      data.copyImage(i, px, i * data.info().pixels());
    }
    double[][] real =
        fx.features(Nd4j.create(px, new long[] {n, 3, 32, 32}, 'c'))
            .castTo(DataType.DOUBLE)
            .toDoubleMatrix();
    Gan gan = GanSpec.ofSweepRun(store, s.id(), ImageShape.rgb(32)).build();
    double[][] fake =
        fx.features(
                gan.sample(
                    DistributedEvaluation.latents(
                        s.seed(), 0, n, gan.generator().latentDim(), gan.dataType())))
            .castTo(DataType.DOUBLE)
            .toDoubleMatrix();
    double kid = new KernelInceptionDistance(100, n, s.seed()).compute(real, fake).mean();

    assertThat(row.kid()).isNotNull().isCloseTo(kid, within(1e-9 * Math.abs(kid)));
    assertThat(row.fd()).isCloseTo(FrechetDistance.compute(real, fake), within(1e-6 * row.fd()));
    assertThat(row.detectionRate()).isNull();
  }

  @Test
  void theDetectionRateIsGanDetectsRateOnTheSameSamples(@TempDir Path tmp) throws Exception {
    int n = 48;
    GanSpec seeded = GanSpec.seeded("mlp", "minimax", ImageShape.rgb(32), 5);
    Detector trained = TestNetworks.tinyDetector(seeded);
    // A threshold at the median P(fake) of the untrained GAN's samples, so the rate is neither 0
    // nor 1 after a few steps of training.
    double[] p0 = trained.probabilityFake(ImageSets.generate("g", seeded.build(), n, 16, 9), 64);
    double[] sorted = p0.clone();
    Arrays.sort(sorted);
    Detector detector = trained.withThreshold(sorted[n / 2], "test: median");
    Path file = tmp.resolve("det").resolve(DetectorFiles.FILE_NAME);
    Files.createDirectories(file.getParent());
    DetectorFiles.save(file, detector);
    SweepOptions opts =
        SweepOptions.defaults()
            .withDataDir(tmp.toString())
            .withDetector(DetectorSpec.at(file.toString(), new Configuration()), n);
    SweepSetting s = new SweepSetting("mlp", "minimax", "shapes", 2e-4, 2e-4, 1, 5, 2, 8);
    RunStore store = new RunStore(tmp.resolve("sweep").toString(), new Configuration());

    SweepResult row = SweepRunner.run(s, opts, store);

    assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo(SweepResult.TRAINED);
    Gan gan = GanSpec.ofSweepRun(store, s.id(), ImageShape.rgb(32)).build();
    INDArray samples =
        gan.sample(
            DistributedEvaluation.latents(
                s.seed(), 0, n, gan.generator().latentDim(), gan.dataType()));
    double[] p =
        detector.probabilityFake(ImageSets.collect("g", List.of(samples).iterator(), n), 250);
    long caught = Arrays.stream(p).filter(detector::isFake).count();
    assertThat(row.detectionRate()).isEqualTo((double) caught / n);
    assertThat(caught).isStrictlyBetween(0L, (long) n);
    assertThat(row.kid()).isNull();
  }

  /** step,d_loss,g_loss,d_real,d_fake of each line (ms_per_step differs between runs). */
  private static java.util.List<String> lossColumns(Path csv) throws java.io.IOException {
    return Files.readAllLines(csv).stream()
        .map(l -> String.join(",", java.util.Arrays.asList(l.split(",")).subList(0, 5)))
        .toList();
  }
}

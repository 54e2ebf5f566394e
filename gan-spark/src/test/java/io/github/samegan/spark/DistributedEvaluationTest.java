package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.FrechetDistance;
import io.github.samegan.eval.metrics.StatisticsKey;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Distributed FD on local[2] against the single-machine computation on the same images. */
class DistributedEvaluationTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start("DistributedEvaluationTest");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void distributedFrechetDistanceEqualsTheSingleMachineOne(@TempDir Path dataDir) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    GanSpec spec = GanSpec.seeded("mlp", "minimax", ImageShape.rgb(32), 5);
    long n = 150;
    long seed = 11;
    // 3 uneven partitions on 2 cores; batches that do not divide the ranges.
    DistributedEvaluation.Settings settings = new DistributedEvaluation.Settings(3, 32, 1);

    FeatureStatistics fake =
        DistributedEvaluation.generatedStatistics(
            jsc, spec, ProjectionFeatures.factory(), n, seed, settings);
    FeatureStatistics real =
        DistributedEvaluation.datasetStatistics(
            jsc, "shapes", dataDir.toString(), 32, ProjectionFeatures.factory(), n, settings);
    double distributed = FrechetDistance.compute(real, fake);

    // Single machine: all n latents at once, features of all images, centred accumulation.
    FeatureExtractor fx = ProjectionFeatures.factory().create();
    Gan gan = spec.build();
    INDArray images =
        gan.sample(
            DistributedEvaluation.latents(
                seed, 0, (int) n, gan.generator().latentDim(), gan.dataType()));
    FeatureStatistics fakeOne =
        FeatureStatistics.of(
            new StatisticsKey("g", "all", fx.description(), "none"), fx.features(images));
    ImageDataset data = DatasetRegistry.standard().load("shapes", dataDir, 32);
    float[] buf = new float[(int) n * data.info().pixels()];
    for (int i = 0; i < n; i++) {
      data.copyImage(i, buf, i * data.info().pixels());
    }
    INDArray realImages = Nd4j.create(buf, new long[] {n, 3, 32, 32}, 'c');
    FeatureStatistics realOne =
        FeatureStatistics.of(
            new StatisticsKey("shapes", "all", fx.description(), "none"), fx.features(realImages));
    double single = FrechetDistance.compute(realOne, fakeOne);

    assertThat(fake.count()).isEqualTo(n);
    assertThat(real.count()).isEqualTo(n);
    assertThat(single).isPositive();
    assertThat(distributed).isCloseTo(single, within(1e-6 * single));
    // The statistics themselves agree too, not only the distance, to float32 precision: the
    // features are float32 and ND4J's float products of a batch of 32 and of all 150 images may
    // round differently (seen: 1.9e-9 on means of ~0.01, so 1e-9 was too tight).
    assertThat(fake.mean()).containsExactly(fakeOne.mean(), within(1e-7));
  }

  @Test
  void aSweepRunsCheckpointGivesTheSameDistanceDistributedAsTheSweepMeasured(@TempDir Path tmp)
      throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SweepSetting s = new SweepSetting("mlp", "hinge", "shapes", 2e-4, 2e-4, 1, 6, 3, 8);
    RunStore store = new RunStore(tmp.resolve("sweep").toString(), jsc.hadoopConfiguration());
    SweepResult row =
        SweepRunner.run(
            s,
            SweepOptions.defaults()
                .withDataDir(tmp.toString())
                .withDistance(48, ProjectionFeatures.factory()),
            store);
    assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo(SweepResult.TRAINED);
    DistributedEvaluation.Settings settings = new DistributedEvaluation.Settings(2, 20, 1);

    GanSpec trained = GanSpec.ofSweepRun(store, s.id(), ImageShape.rgb(32));
    double fd =
        FrechetDistance.compute(
            DistributedEvaluation.datasetStatistics(
                jsc, "shapes", tmp.toString(), 32, ProjectionFeatures.factory(), 48, settings),
            DistributedEvaluation.generatedStatistics(
                jsc, trained, ProjectionFeatures.factory(), 48, s.seed(), settings));
    GanSpec untrained = GanSpec.seeded("mlp", "hinge", ImageShape.rgb(32), s.seed());
    FeatureStatistics seededStats =
        DistributedEvaluation.generatedStatistics(
            jsc, untrained, ProjectionFeatures.factory(), 48, s.seed(), settings);

    // The checkpoint's weights, not the seeded ones: the sweep's own FD comes back.
    assertThat(fd).isCloseTo(row.fd(), within(1e-6 * row.fd()));
    assertThat(seededStats.mean())
        .isNotEqualTo(
            DistributedEvaluation.generatedStatistics(
                    jsc, trained, ProjectionFeatures.factory(), 48, s.seed(), settings)
                .mean());
  }
}

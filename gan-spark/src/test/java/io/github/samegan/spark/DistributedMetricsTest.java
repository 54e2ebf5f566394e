package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.KernelInceptionDistance;
import io.github.samegan.eval.metrics.PrecisionRecall;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** KID and precision/recall on local[2] against gan-eval's single-machine estimators. */
class DistributedMetricsTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start("DistributedMetricsTest");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Gaussian rows, shifted by {@code shift} in the first coordinate. */
  private static double[][] gaussian(int n, int d, double shift, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] m = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        m[i][j] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) + (j == 0 ? shift : 0);
      }
    }
    return m;
  }

  @Test
  void distributedKidEqualsGanEvalsKidWithTheSameSubsets() {
    double[][] real = gaussian(130, 6, 0, 1);
    double[][] fake = gaussian(110, 6, 0.7, 2);
    KernelInceptionDistance kid = new KernelInceptionDistance(12, 40, 5);

    KernelInceptionDistance.Result single = kid.compute(real, fake);
    KernelInceptionDistance.Result distributed =
        DistributedMetrics.kernelInceptionDistance(jsc, real, fake, kid, 5);

    assertThat(single.mean()).isGreaterThan(0.01); // the shift is visible
    assertThat(distributed.mean()).isCloseTo(single.mean(), within(1e-12));
    assertThat(distributed.std()).isCloseTo(single.std(), within(1e-12));
    assertThat(distributed.subsets()).isEqualTo(12);
    assertThat(distributed.subsetSize()).isEqualTo(40);
    // Another seed draws other subsets and gives another value: the seed is honoured.
    assertThat(
            DistributedMetrics.kernelInceptionDistance(
                    jsc, real, fake, new KernelInceptionDistance(12, 40, 6), 5)
                .mean())
        .isNotCloseTo(single.mean(), within(1e-9));
  }

  @Test
  void distributedPrecisionRecallEqualsGanEvalsOnTheSameFeatures() {
    double[][] real = gaussian(150, 5, 0, 3);
    double[][] fake = gaussian(120, 5, 1.2, 4);
    for (int k : new int[] {1, 3}) {
      PrecisionRecall single = PrecisionRecall.compute(real, fake, k);
      PrecisionRecall distributed = DistributedMetrics.precisionRecall(jsc, real, fake, k, 4);
      assertThat(distributed).isEqualTo(single);
      // not a trivial 0 or 1, so the comparison sees individual rows
      assertThat(single.precision()).isStrictlyBetween(0.05, 0.95);
      assertThat(single.recall()).isStrictlyBetween(0.05, 0.95);
    }
  }

  @Test
  void kNearestRadiiOfARowRangeSkipOnlyTheRowItself() {
    // Points on a line at 0, 1, 3, 3, 7; rows 1..4, distance to the 2nd nearest other point:
    // 1 → {1, 2, 2, 6} → 2; 3 → {0, 2, 3, 4} → 2 (the duplicate counts, the row itself not);
    // the other 3 likewise; 7 → {4, 4, 6, 7} → 4. Squared: 4, 4, 4, 16.
    double[][] x = {{0}, {1}, {3}, {3}, {7}};
    assertThat(DistributedMetrics.kthNeighbourSquaredDistances(x, 1, 5, 2))
        .containsExactly(4, 4, 4, 16);
  }

  @Test
  void generatedFeaturesComeBackInImageOrderAndFeedTheMetrics() {
    GanSpec spec = GanSpec.seeded("mlp", "minimax", ImageShape.rgb(32), 5);
    double[][] features =
        DistributedEvaluation.generatedFeatures(
            jsc,
            spec,
            ProjectionFeatures.factory(),
            70,
            9,
            new DistributedEvaluation.Settings(3, 16, 1));

    Gan gan = spec.build();
    FeatureExtractor fx = ProjectionFeatures.factory().create();
    double[][] single =
        fx.features(
                gan.sample(
                    DistributedEvaluation.latents(
                        9, 0, 70, gan.generator().latentDim(), gan.dataType())))
            .castTo(DataType.DOUBLE)
            .toDoubleMatrix();
    assertThat(features.length).isEqualTo(70);
    for (int i = 0; i < 70; i++) {
      for (int j = 0; j < 8; j++) {
        assertThat(features[i][j]).isCloseTo(single[i][j], within(1e-6));
      }
    }
  }

  @Test
  void refusesFeaturesOfDifferentDimensionsNamingBoth() {
    assertThatThrownBy(
            () ->
                DistributedMetrics.precisionRecall(
                    jsc, gaussian(10, 3, 0, 1), gaussian(10, 4, 0, 1), 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 dimensions")
        .hasMessageContaining("4");
    assertThatThrownBy(
            () ->
                DistributedMetrics.kernelInceptionDistance(
                    jsc,
                    gaussian(10, 3, 0, 1),
                    gaussian(10, 3, 0, 2),
                    new KernelInceptionDistance(2, 11, 1),
                    2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subsetSize 11");
  }
}

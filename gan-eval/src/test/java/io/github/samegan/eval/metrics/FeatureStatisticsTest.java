package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureStatisticsTest {
  private static final StatisticsKey KEY =
      new StatisticsKey("fashion-mnist", "test", "classifier:cnn.zip (test acc 91.2%)", "none");

  @TempDir Path dir;

  /** Plain two-pass mean and unbiased covariance, the textbook definition. */
  private static double[][] naiveCovariance(double[][] x, double[] meanOut) {
    int n = x.length;
    int d = x[0].length;
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        meanOut[j] += row[j] / n;
      }
    }
    double[][] c = new double[d][d];
    for (double[] row : x) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += (row[i] - meanOut[i]) * (row[j] - meanOut[j]) / (n - 1);
        }
      }
    }
    return c;
  }

  private static void assertSame(FeatureStatistics a, FeatureStatistics b, double tol) {
    assertThat(a.count()).isEqualTo(b.count());
    double[][] ca = a.covariance();
    double[][] cb = b.covariance();
    for (int i = 0; i < a.dimension(); i++) {
      assertThat(a.mean()[i]).isCloseTo(b.mean()[i], within(tol));
      for (int j = 0; j < a.dimension(); j++) {
        assertThat(ca[i][j]).isCloseTo(cb[i][j], within(tol));
      }
    }
  }

  @Test
  void streamingOverUnevenBatchesEqualsOneShotStatistics() {
    // A large common offset is where naive E[xxᵀ] − μμᵀ accumulation would lose digits.
    double[][] x = FrechetDistanceTest.gaussian(1003, 24, 11, 1.5, 1000.0);
    FeatureStatistics.Accumulator acc = FeatureStatistics.accumulator(24);
    int[] sizes = {1, 7, 100, 250, 2, 643};
    int from = 0;
    for (int b : sizes) {
      acc.add(Arrays.copyOfRange(x, from, from + b));
      from += b;
    }
    assertThat(from).isEqualTo(x.length);
    FeatureStatistics streamed = acc.build(KEY);
    FeatureStatistics oneShot = FeatureStatistics.of(KEY, x);
    assertSame(streamed, oneShot, 1e-10);

    double[] mean = new double[24];
    double[][] cov = naiveCovariance(x, mean);
    assertSame(streamed, FeatureStatistics.of(KEY, x.length, mean, cov), 1e-10);
  }

  @Test
  void mergingAccumulatorsEqualsOneAccumulator() {
    double[][] x = FrechetDistanceTest.gaussian(300, 8, 12, 1.0, -5.0);
    FeatureStatistics.Accumulator a = FeatureStatistics.accumulator(8);
    FeatureStatistics.Accumulator b = FeatureStatistics.accumulator(8);
    a.add(Arrays.copyOfRange(x, 0, 120));
    b.add(Arrays.copyOfRange(x, 120, 300));
    assertSame(a.merge(b).build(KEY), FeatureStatistics.of(KEY, x), 1e-10);
    assertThat(a.count()).isEqualTo(300);
  }

  @Test
  void floatBatchesAreAccumulatedInDoubleAndCallerArraysAreNotModified() {
    double[][] x = FrechetDistanceTest.gaussian(64, 6, 13, 1.0, 2.0);
    INDArray doubles = Nd4j.createFromArray(x);
    INDArray before = doubles.dup();
    FeatureStatistics fromDouble = FeatureStatistics.accumulator(6).add(doubles).build(KEY);
    assertThat(doubles).isEqualTo(before);
    assertSame(fromDouble, FeatureStatistics.of(KEY, x), 1e-12);

    INDArray floats = doubles.castTo(DataType.FLOAT);
    FeatureStatistics fromFloat = FeatureStatistics.of(KEY, floats);
    double[][] rounded = floats.castTo(DataType.DOUBLE).toDoubleMatrix();
    assertSame(fromFloat, FeatureStatistics.of(KEY, rounded), 1e-12);
  }

  @Test
  void saveLoadRoundTripIsExact() {
    FeatureStatistics s =
        FeatureStatistics.of(KEY, FrechetDistanceTest.gaussian(100, 10, 14, 1, 0));
    Path file = dir.resolve("stats").resolve(KEY.fileName());
    s.save(file);
    FeatureStatistics loaded = FeatureStatistics.load(file, KEY, 10);
    assertThat(loaded.key()).isEqualTo(KEY);
    assertThat(loaded.count()).isEqualTo(100);
    assertThat(loaded.mean()).containsExactly(s.mean());
    assertThat(loaded.covariance()).isDeepEqualTo(s.covariance());
    assertThat(FrechetDistance.compute(s, loaded)).isCloseTo(0.0, within(1e-10));
  }

  @Test
  void loadingForAnotherKeyOrDimensionIsRefused() {
    FeatureStatistics s = FeatureStatistics.of(KEY, FrechetDistanceTest.gaussian(20, 3, 15, 1, 0));
    Path file = dir.resolve("s.fstats");
    s.save(file);
    StatisticsKey other = new StatisticsKey("fashion-mnist", "train", KEY.featureNetwork(), "none");
    assertThatThrownBy(() -> FeatureStatistics.load(file, other))
        .isInstanceOf(StatisticsMismatchException.class)
        .hasMessageContaining("split=test")
        .hasMessageContaining("split=train");
    assertThatThrownBy(() -> FeatureStatistics.load(file, KEY, 4))
        .isInstanceOf(StatisticsMismatchException.class)
        .hasMessageContaining("3-dimensional");
  }

  @Test
  void corruptTruncatedForeignAndMissingFilesAreRejected() throws IOException {
    Path file = dir.resolve("s.fstats");
    FeatureStatistics.of(KEY, FrechetDistanceTest.gaussian(20, 3, 16, 1, 0)).save(file);
    byte[] bytes = Files.readAllBytes(file);

    byte[] flipped = bytes.clone();
    flipped[bytes.length - 20] ^= 0x10;
    Files.write(dir.resolve("flipped"), flipped);
    assertThatThrownBy(() -> FeatureStatistics.load(dir.resolve("flipped")))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("CRC");

    Files.write(dir.resolve("short"), Arrays.copyOf(bytes, bytes.length - 30));
    assertThatThrownBy(() -> FeatureStatistics.load(dir.resolve("short")))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("truncated");

    Files.writeString(dir.resolve("foreign"), "mean,cov\n1,2\n");
    assertThatThrownBy(() -> FeatureStatistics.load(dir.resolve("foreign")))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("not a SameGAN feature-statistics file");

    assertThatThrownBy(() -> FeatureStatistics.load(dir.resolve("missing")))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void invalidInputsAreRejectedWithTheirValues() {
    FeatureStatistics.Accumulator acc = FeatureStatistics.accumulator(2);
    assertThatThrownBy(() -> acc.add(new double[][] {{1, Double.NaN}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> acc.add(new double[][] {{1, 2, 3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 features per row");
    acc.add(new double[][] {{1, 2}});
    assertThatThrownBy(() -> acc.build(KEY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> new StatisticsKey("data", " ", "net", "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("split");
  }

  @Test
  void cacheFileNamesAreStableAndSeparateFeatureNetworks() {
    StatisticsKey other = new StatisticsKey("fashion-mnist", "test", "inception-v3", "none");
    assertThat(KEY.fileName()).startsWith("fashion-mnist_test_").endsWith(".fstats");
    assertThat(KEY.fileName())
        .isEqualTo(
            new StatisticsKey(
                    "fashion-mnist", "test", "classifier:cnn.zip (test acc 91.2%)", "none")
                .fileName());
    assertThat(KEY.fileName()).isNotEqualTo(other.fileName());
  }
}

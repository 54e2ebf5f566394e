package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.data.npy.NpyArray;
import io.github.samegan.data.npy.NpzReader;
import io.github.samegan.data.npy.NpzWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FID statistics in pytorch-fid's {@code .npz} layout: files numpy wrote the way pytorch-fid and
 * clean-fid write them ({@code src/test/resources/fidstats/make_fid_stats.py}) are read correctly,
 * and statistics SameGAN writes read back to the same Fréchet distance.
 */
class PytorchFidStatisticsTest {
  @TempDir Path dir;

  static Path resource(String name) {
    try {
      return Path.of(PytorchFidStatisticsTest.class.getResource("/fidstats/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static double[][] features(String name) throws IOException {
    NpyArray a = NpyArray.read(resource(name));
    int n = (int) a.shape()[0];
    int d = (int) a.shape()[1];
    double[][] rows = new double[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a.doubles(), i * d, rows[i], 0, d);
    }
    return rows;
  }

  static StatisticsKey key(String split) {
    return new StatisticsKey("shapes", split, "classifier:tiny.zip", "none");
  }

  static double[][] randomFeatures(long seed, int n, int d, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = r.nextGaussian() * (1 + j % 3) + shift + (j > 0 ? 0.3 * x[i][j - 1] : 0);
      }
    }
    return x;
  }

  @Test
  void aFileNumpyWroteInPytorchFidLayoutIsReadCorrectly() throws IOException {
    FeatureStatistics a = PytorchFidStatistics.read(resource("stats_a.npz"));
    FeatureStatistics ours = FeatureStatistics.of(key("a"), features("features_a.npy"));
    assertThat(a.dimension()).isEqualTo(8);
    assertThat(a.count()).as("pytorch-fid files do not record N").isZero();
    assertThat(PytorchFidStatistics.recordsKey(a)).isFalse();
    assertThat(a.key().featureNetwork()).isEqualTo(PytorchFidStatistics.NOT_RECORDED);
    assertThat(a.key().dataset()).isEqualTo("stats_a.npz");
    for (int j = 0; j < 8; j++) {
      assertThat(a.mean()[j]).isCloseTo(ours.mean()[j], within(1e-13));
      for (int k = 0; k < 8; k++) {
        assertThat(a.covariance()[j][k]).isCloseTo(ours.covariance()[j][k], within(1e-11));
      }
    }
    // Exactly the numbers numpy stored:
    try (NpzReader npz = NpzReader.open(resource("stats_a.npz"))) {
      assertThat(npz.keys()).containsExactlyInAnyOrder("mu", "sigma");
      assertThat(a.mean()).containsExactly(npz.read("mu").doubles());
      assertThat(a.covariance()[3][5]).isEqualTo(npz.read("sigma").doubles()[3 * 8 + 5]);
    }
    FeatureStatistics b = PytorchFidStatistics.read(resource("stats_b.npz"));
    double numpyFd = Double.parseDouble(Files.readString(resource("fd_a_b.txt")).strip());
    assertThat(FrechetDistance.compute(a, b)).isCloseTo(numpyFd, within(1e-9 * numpyFd));
  }

  @Test
  void cleanFidsFloat32MeanIsReadAsWell() throws IOException {
    FeatureStatistics f32 = PytorchFidStatistics.read(resource("stats_a_float32_mu.npz"));
    FeatureStatistics f64 = PytorchFidStatistics.read(resource("stats_a.npz"));
    for (int j = 0; j < 8; j++) {
      assertThat(f32.mean()[j]).isEqualTo((double) (float) f64.mean()[j]);
    }
    assertThat(f32.covarianceTrace()).isEqualTo(f64.covarianceTrace());
  }

  @Test
  void statisticsRoundTripThroughTheLayoutToTheSameDistance() {
    FeatureStatistics a = FeatureStatistics.of(key("train"), randomFeatures(1, 300, 16, 5));
    FeatureStatistics b = FeatureStatistics.of(key("generated"), randomFeatures(2, 250, 16, 4));
    Path file = dir.resolve("stats/shapes_train.npz");
    PytorchFidStatistics.write(a, file);
    FeatureStatistics back = PytorchFidStatistics.read(file);
    assertThat(back.key()).isEqualTo(a.key());
    assertThat(back.count()).isEqualTo(300);
    assertThat(PytorchFidStatistics.recordsKey(back)).isTrue();
    assertThat(back.mean()).containsExactly(a.mean());
    for (int j = 0; j < 16; j++) {
      assertThat(back.covariance()[j]).containsExactly(a.covariance()[j]);
    }
    double fd = FrechetDistance.compute(a, b);
    assertThat(fd).isGreaterThan(1);
    assertThat(FrechetDistance.compute(back, b)).isCloseTo(fd, within(1e-12));
    assertThat(PytorchFidStatistics.read(file, 16).count()).isEqualTo(300);
  }

  @Test
  void aDimensionMismatchIsRefusedNamingBothDimensions() {
    assertThatThrownBy(() -> PytorchFidStatistics.read(resource("stats_a.npz"), 2048))
        .isInstanceOf(StatisticsMismatchException.class)
        .hasMessageContaining("stats_a.npz holds 8-dimensional statistics")
        .hasMessageContaining("gives 2048-dimensional features");
    FeatureStatistics inception =
        FeatureStatistics.of(
            new StatisticsKey("cifar10", "train", "inception:graph.pb", "resize 299"),
            randomFeatures(3, 4, PytorchFidStatistics.INCEPTION_POOL3_DIMENSION, 0));
    Path file = dir.resolve("inception.npz");
    PytorchFidStatistics.write(inception, file);
    assertThatThrownBy(() -> PytorchFidStatistics.read(file, 128))
        .isInstanceOf(StatisticsMismatchException.class)
        .hasMessageContaining("holds 2048-dimensional statistics")
        .hasMessageContaining("gives 128-dimensional features")
        .hasMessageContaining("Inception pool_3")
        .hasMessageContaining("made with inception:graph.pb");
  }

  @Test
  void filesThatAreNotStatisticsAreRefusedByName() throws IOException {
    Path images = dir.resolve("images.npz");
    try (NpzWriter npz = NpzWriter.create(images)) {
      npz.write("arr_0", NpyArray.ofUint8(new byte[12], 1, 2, 2, 3));
    }
    assertThatThrownBy(() -> PytorchFidStatistics.read(images))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("images.npz is not a FID statistics file: it holds [arr_0]");
    Path shapes = dir.resolve("shapes.npz");
    try (NpzWriter npz = NpzWriter.create(shapes)) {
      npz.write("mu", NpyArray.ofFloat64(new double[3], 3));
      npz.write("sigma", NpyArray.ofFloat64(new double[6], 2, 3));
    }
    assertThatThrownBy(() -> PytorchFidStatistics.read(shapes))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("'sigma' must be a float matrix [3, 3], found <f8 [2, 3]");
    Path asymmetric = dir.resolve("asym.npz");
    try (NpzWriter npz = NpzWriter.create(asymmetric)) {
      npz.write("mu", NpyArray.ofFloat64(new double[2], 2));
      npz.write("sigma", NpyArray.ofFloat64(new double[] {1, 0.5, 0.25, 1}, 2, 2));
    }
    assertThatThrownBy(() -> PytorchFidStatistics.read(asymmetric))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("'sigma' is not symmetric");
    Path nan = dir.resolve("nan.npz");
    try (NpzWriter npz = NpzWriter.create(nan)) {
      npz.write("mu", NpyArray.ofFloat64(new double[] {0, Double.NaN}, 2));
      npz.write("sigma", NpyArray.ofFloat64(new double[] {1, 0, 0, 1}, 2, 2));
    }
    assertThatThrownBy(() -> PytorchFidStatistics.read(nan))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("mu[1] = NaN");
    Path text = Files.writeString(dir.resolve("text.npz"), "mu,sigma\n");
    assertThatThrownBy(() -> PytorchFidStatistics.read(text))
        .isInstanceOf(StatisticsFileException.class)
        .hasMessageContaining("is not a .npz archive");
  }

  @Test
  void statisticsOfUnknownCountCannotBeSavedInTheFormatThatRecordsIt() {
    FeatureStatistics foreign = PytorchFidStatistics.read(resource("stats_a.npz"));
    assertThatThrownBy(() -> foreign.save(dir.resolve("a.fstats")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("N = 0 (unknown)");
    PytorchFidStatistics.write(foreign, dir.resolve("again.npz"));
    assertThat(PytorchFidStatistics.read(dir.resolve("again.npz")).count()).isZero();
  }
}

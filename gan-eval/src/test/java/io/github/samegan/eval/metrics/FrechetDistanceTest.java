package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
  private static final StatisticsKey KEY = new StatisticsKey("test", "a", "matrix", "none");

  static double[][] gaussian(int n, int d, long seed, double scale, double shift) {
    Random r = new Random(seed);
    double[][] mix = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        mix[i][j] = r.nextGaussian() / Math.sqrt(d) + (i == j ? 1 : 0);
      }
    }
    double[][] x = new double[n][d];
    for (int s = 0; s < n; s++) {
      double[] z = new double[d];
      for (int j = 0; j < d; j++) {
        z[j] = r.nextGaussian();
      }
      for (int j = 0; j < d; j++) {
        double v = 0;
        for (int i = 0; i < d; i++) {
          v += z[i] * mix[i][j];
        }
        x[s][j] = scale * v + shift;
      }
    }
    return x;
  }

  @Test
  void distanceOfStatisticsToThemselvesIsZero() {
    FeatureStatistics s = FeatureStatistics.of(KEY, gaussian(500, 32, 1, 2.0, 3.0));
    double fd = FrechetDistance.compute(s, s);
    assertThat(Math.abs(fd)).isLessThan(1e-8 * s.covarianceTrace());
  }

  @Test
  void meanShiftAddsExactlyTheSquaredShiftForEqualCovariances() {
    double[][] x = gaussian(400, 16, 2, 1.0, 0.0);
    FeatureStatistics s = FeatureStatistics.of(KEY, x);
    double[] shifted = s.mean();
    double expected = 0;
    for (int i = 0; i < shifted.length; i++) {
      double delta = 0.1 * (i - 7);
      shifted[i] += delta;
      expected += delta * delta;
    }
    FeatureStatistics t = FeatureStatistics.of(KEY, s.count(), shifted, s.covariance());
    double fd = FrechetDistance.compute(s, t);
    assertThat(fd).isCloseTo(expected, within(1e-9 * s.covarianceTrace()));

    // The same through shifted features (covariance equal up to rounding).
    double[][] y = new double[x.length][];
    for (int n = 0; n < x.length; n++) {
      y[n] = x[n].clone();
      for (int i = 0; i < y[n].length; i++) {
        y[n][i] += 0.1 * (i - 7);
      }
    }
    assertThat(FrechetDistance.compute(x, y))
        .isCloseTo(expected, within(1e-8 * s.covarianceTrace()));
  }

  @Test
  void diagonalCovariancesMatchTheClosedForm() {
    // FD(N(μ1, diag a), N(μ2, diag b)) = ‖μ1 − μ2‖² + Σ (√a_i − √b_i)².
    int d = 5;
    double[] mu1 = {0, 1, 2, 3, 4};
    double[] mu2 = {1, 1, 0, 3, 4.5};
    double[] a = {1, 4, 0.25, 9, 2};
    double[] b = {4, 1, 0.25, 1e-3, 0};
    double[][] s1 = new double[d][d];
    double[][] s2 = new double[d][d];
    double expected = 1 + 4 + 0.25;
    for (int i = 0; i < d; i++) {
      s1[i][i] = a[i];
      s2[i][i] = b[i];
      expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
    }
    assertThat(FrechetDistance.compute(mu1, s1, mu2, s2)).isCloseTo(expected, within(1e-12));
    // Σ₂ is singular (b_4 = 0): the reverse order takes the eigen route for Σ₁.
    assertThat(FrechetDistance.compute(mu2, s2, mu1, s1)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void choleskyAndEigenRoutesAgree() {
    FeatureStatistics s = FeatureStatistics.of(KEY, gaussian(300, 24, 3, 1.0, 0.0));
    FeatureStatistics t = FeatureStatistics.of(KEY, gaussian(250, 24, 4, 1.3, 0.2));
    double viaCholesky =
        FrechetDistance.traceSqrtProduct(24, s.covarianceUnsafe(), t.covarianceUnsafe());
    double viaEigen =
        FrechetDistance.traceSqrtProductByEigen(24, s.covarianceUnsafe(), t.covarianceUnsafe());
    assertThat(viaCholesky).isCloseTo(viaEigen, within(1e-10 * viaEigen));
  }

  @Test
  void isSymmetricInItsArguments() {
    FeatureStatistics s = FeatureStatistics.of(KEY, gaussian(300, 12, 5, 1.0, 0.0));
    FeatureStatistics t = FeatureStatistics.of(KEY, gaussian(200, 12, 6, 0.7, 0.5));
    assertThat(FrechetDistance.compute(s, t))
        .isCloseTo(FrechetDistance.compute(t, s), within(1e-10 * s.covarianceTrace()));
  }

  @Test
  void rejectsStatisticsFromDifferentFeatureSpaces() {
    double[][] x = gaussian(50, 4, 7, 1.0, 0.0);
    FeatureStatistics a = FeatureStatistics.of(KEY, x);
    FeatureStatistics b =
        FeatureStatistics.of(new StatisticsKey("test", "a", "other-net", "none"), x);
    FeatureStatistics c =
        FeatureStatistics.of(new StatisticsKey("test", "a", "matrix", "resize 32"), x);
    assertThatThrownBy(() -> FrechetDistance.compute(a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different feature spaces");
    assertThatThrownBy(() -> FrechetDistance.compute(a, c))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsMismatchedShapesAndAsymmetricCovariance() {
    double[][] s = {{1, 0}, {0, 1}};
    assertThatThrownBy(() -> FrechetDistance.compute(new double[2], s, new double[3], s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 2");
    double[][] asym = {{1, 0.5}, {0.1, 1}};
    assertThatThrownBy(() -> FrechetDistance.compute(new double[2], asym, new double[2], s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symmetric");
    assertThatThrownBy(
            () -> FrechetDistance.compute(gaussian(10, 3, 1, 1, 0), gaussian(10, 4, 1, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same feature extractor");
  }
}

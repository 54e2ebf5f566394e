package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden values from an independent numpy/scipy implementation (make_reference.py: pytorch-fid's
 * sqrtm FD, torch-fidelity's KID, the original Inception Score, prdc) on fixed 200×16 and 180×16
 * feature matrices.
 */
class ReferenceValuesTest {
  private static final double REL = 1e-6;
  private static final StatisticsKey KEY = new StatisticsKey("reference", "real", "matrix", "none");

  private static double[][] real;
  private static double[][] fake;
  private static Map<String, Double> ref;

  @BeforeAll
  static void load() {
    real = ReferenceData.matrix("real_features.txt");
    fake = ReferenceData.matrix("fake_features.txt");
    ref = ReferenceData.values();
  }

  private static void assertRelative(double actual, String key) {
    double expected = ref.get(key);
    assertThat(actual).as(key).isCloseTo(expected, within(REL * Math.abs(expected)));
  }

  @Test
  void statisticsMatchNumpyMeanAndUnbiasedCovariance() {
    FeatureStatistics s = FeatureStatistics.of(KEY, real);
    double[] mean = ReferenceData.vector("real_mean.txt");
    double[][] cov = ReferenceData.matrix("real_cov.txt");
    assertThat(s.count()).isEqualTo(200);
    for (int i = 0; i < mean.length; i++) {
      assertThat(s.mean()[i]).isCloseTo(mean[i], within(1e-12));
      for (int j = 0; j < mean.length; j++) {
        assertThat(s.covariance()[i][j]).isCloseTo(cov[i][j], within(1e-12));
      }
    }
  }

  @Test
  void frechetDistanceMatchesPytorchFidWithScipySqrtm() {
    assertRelative(FrechetDistance.compute(real, fake), "fd");
  }

  @Test
  void frechetDistanceOfSingularCovariancesMatchesSymmetricReferenceAndPytorchFid() {
    double[][] smallReal = java.util.Arrays.copyOf(real, 12); // rank ≤ 11 < D = 16
    double[][] smallFake = java.util.Arrays.copyOf(fake, 10);
    double fd = FrechetDistance.compute(smallReal, smallFake);
    assertRelative(fd, "fd_singular");
    assertRelative(fd, "fd_singular_pytorch_fid");
  }

  @Test
  void eigenRouteForSingularCovariancesMatchesReferenceOnBothData() {
    for (int[] n : new int[][] {{200, 180}, {12, 10}}) {
      FeatureStatistics a = FeatureStatistics.of(KEY, java.util.Arrays.copyOf(real, n[0]));
      FeatureStatistics b = FeatureStatistics.of(KEY, java.util.Arrays.copyOf(fake, n[1]));
      double tr =
          FrechetDistance.traceSqrtProductByEigen(16, a.covarianceUnsafe(), b.covarianceUnsafe());
      double diff = 0;
      for (int i = 0; i < 16; i++) {
        diff += Math.pow(a.mean()[i] - b.mean()[i], 2);
      }
      double fd = diff + a.covarianceTrace() + b.covarianceTrace() - 2 * tr;
      assertRelative(fd, n[0] == 200 ? "fd" : "fd_singular");
    }
  }

  @Test
  void kidOverTorchFidelitySubsetsMatchesReference() {
    KernelInceptionDistance.Result r =
        KernelInceptionDistance.fromSubsets(
            real,
            fake,
            ReferenceData.indices("kid_subsets_real.txt"),
            ReferenceData.indices("kid_subsets_fake.txt"));
    assertThat(r.subsets()).isEqualTo(5);
    assertThat(r.subsetSize()).isEqualTo(100);
    assertRelative(r.mean(), "kid_mean");
    assertRelative(r.std(), "kid_std");
  }

  @Test
  void unbiasedMmdOnWholeSetsMatchesReference() {
    double[][] real180 = java.util.Arrays.copyOf(real, 180);
    assertRelative(KernelInceptionDistance.mmd2Unbiased(real180, fake), "kid_mmd2_real180_fake180");
  }

  @Test
  void classifierScoreMatchesInceptionScoreReference() {
    double[][] p = ReferenceData.matrix("probabilities.txt");
    ClassifierScore.Result r = ClassifierScore.defaults().compute(p);
    assertRelative(r.mean(), "is_mean");
    assertRelative(r.std(), "is_std");
  }

  @Test
  void classifierScoreWithUnevenSplitsMatchesNumpyArraySplit() {
    double[][] p = java.util.Arrays.copyOf(ReferenceData.matrix("probabilities.txt"), 197);
    ClassifierScore.Result r = ClassifierScore.withSplits(7).compute(p);
    assertRelative(r.mean(), "is_n197_splits7_mean");
    assertRelative(r.std(), "is_n197_splits7_std");
  }

  @Test
  void nearestNeighbourRadiiMatchPrdc() {
    double[] radii = ReferenceData.vector("real_radii_k3.txt");
    double[] sq =
        Neighbourhoods.kthNeighbourSquaredDistances(
            Matrices.toNd(real), Matrices.rowSquaredNorms(real), 3);
    for (int i = 0; i < radii.length; i++) {
      assertThat(Math.sqrt(sq[i])).isCloseTo(radii[i], within(1e-9 * radii[i]));
    }
  }

  @Test
  void precisionRecallDensityCoverageMatchPrdc() {
    for (int k : new int[] {3, 5}) {
      PrecisionRecall pr = PrecisionRecall.compute(real, fake, k);
      DensityCoverage dc = DensityCoverage.compute(real, fake, k);
      assertRelative(pr.precision(), "precision_k" + k);
      assertRelative(pr.recall(), "recall_k" + k);
      assertRelative(dc.density(), "density_k" + k);
      assertRelative(dc.coverage(), "coverage_k" + k);
      assertThat(pr.nearestK()).isEqualTo(k);
    }
  }
}

package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KernelInceptionDistanceTest {

  /** Direct double-loop unbiased MMD² with k(x, y) = (xᵀy/d + 1)³. */
  private static double bruteForceMmd2(double[][] x, double[][] y) {
    int m = x.length;
    int d = x[0].length;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          xx += Math.pow(dot(x[i], x[j]) / d + 1, 3);
          yy += Math.pow(dot(y[i], y[j]) / d + 1, 3);
        }
        xy += Math.pow(dot(x[i], y[j]) / d + 1, 3);
      }
    }
    return (xx + yy) / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void unbiasedMmdMatchesTheDefinition() {
    double[][] x = FrechetDistanceTest.gaussian(40, 5, 21, 1.0, 0.0);
    double[][] y = FrechetDistanceTest.gaussian(40, 5, 22, 1.2, 0.3);
    double expected = bruteForceMmd2(x, y);
    assertThat(KernelInceptionDistance.mmd2Unbiased(x, y))
        .isCloseTo(expected, within(1e-10 * Math.abs(expected)));
  }

  @Test
  void drawnSubsetsAndSummaryReproduceCompute() {
    double[][] x = FrechetDistanceTest.gaussian(90, 4, 25, 1.0, 0.0);
    double[][] y = FrechetDistanceTest.gaussian(80, 4, 26, 1.0, 0.4);
    KernelInceptionDistance kid = new KernelInceptionDistance(6, 30, 9);
    int[][][] drawn = kid.drawSubsets(x.length, y.length);
    assertThat(drawn[0]).hasNumberOfRows(6);
    for (int[] subset : drawn[0]) {
      assertThat(Arrays.stream(subset).distinct().count()).isEqualTo(30); // without replacement
    }
    double[] values = new double[6];
    for (int s = 0; s < 6; s++) {
      double[][] xs = Arrays.stream(drawn[0][s]).mapToObj(i -> x[i]).toArray(double[][]::new);
      double[][] ys = Arrays.stream(drawn[1][s]).mapToObj(i -> y[i]).toArray(double[][]::new);
      values[s] = KernelInceptionDistance.mmd2Unbiased(xs, ys);
    }
    assertThat(KernelInceptionDistance.summarize(values, 30)).isEqualTo(kid.compute(x, y));
    assertThatThrownBy(() -> kid.drawSubsets(29, 80)).hasMessageContaining("subsetSize 30");
  }

  @Test
  void sameSeedGivesSameValueAndSubsetsAreDrawnFreshPerSeed() {
    double[][] x = FrechetDistanceTest.gaussian(300, 8, 23, 1.0, 0.0);
    double[][] y = FrechetDistanceTest.gaussian(250, 8, 24, 1.0, 0.5);
    KernelInceptionDistance.Result a = new KernelInceptionDistance(10, 100, 7).compute(x, y);
    KernelInceptionDistance.Result b = new KernelInceptionDistance(10, 100, 7).compute(x, y);
    KernelInceptionDistance.Result c = new KernelInceptionDistance(10, 100, 8).compute(x, y);
    assertThat(a).isEqualTo(b);
    assertThat(c.mean()).isNotEqualTo(a.mean());
    assertThat(a.std()).isPositive();
    assertThat(a.subsets()).isEqualTo(10);
    assertThat(a.subsetSize()).isEqualTo(100);
  }

  @Test
  void isNearZeroForOneDistributionAndGrowsWithAShift() {
    double[][] x = FrechetDistanceTest.gaussian(400, 8, 25, 1.0, 0.0);
    double[][] shifted = FrechetDistanceTest.gaussian(400, 8, 26, 1.0, 1.0);
    // gaussian() draws its mixing matrix from the seed: halves of one call share one law.
    double[][] secondHalf = Arrays.copyOfRange(x, 200, 400);
    double[][] firstHalf = Arrays.copyOf(x, 200);
    KernelInceptionDistance kid = new KernelInceptionDistance(20, 100, 1);
    double same = kid.compute(firstHalf, secondHalf).mean();
    double far = kid.compute(x, shifted).mean();
    assertThat(Math.abs(same)).isLessThan(0.05 * far);
    assertThat(far).isGreaterThan(0.1);
  }

  @Test
  void fullSubsetsReduceToTheWholeSetMmd() {
    double[][] x = FrechetDistanceTest.gaussian(60, 4, 27, 1.0, 0.0);
    double[][] y = FrechetDistanceTest.gaussian(60, 4, 28, 1.0, 0.2);
    KernelInceptionDistance.Result r = new KernelInceptionDistance(3, 60, 5).compute(x, y);
    double whole = KernelInceptionDistance.mmd2Unbiased(x, y);
    assertThat(r.mean()).isCloseTo(whole, within(1e-10 * Math.abs(whole)));
    assertThat(r.std()).isCloseTo(0.0, within(1e-10 * Math.abs(whole)));
  }

  @Test
  void rejectsSubsetsLargerThanTheDataAndBadIndices() {
    double[][] x = FrechetDistanceTest.gaussian(50, 4, 29, 1.0, 0.0);
    assertThatThrownBy(() -> KernelInceptionDistance.withSeed(0).compute(x, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subsetSize 1000 exceeds");
    assertThatThrownBy(() -> new KernelInceptionDistance(0, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subsets must be at least 1, found 0");
    assertThatThrownBy(
            () ->
                KernelInceptionDistance.fromSubsets(
                    x, x, new int[][] {{0, 1, 50}}, new int[][] {{0, 1, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 50");
  }
}

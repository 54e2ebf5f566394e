package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Precision/recall and density/coverage beyond the prdc golden values. */
class NeighbourhoodMetricsTest {

  private static double[] radii(double[][] x, int k, int blockElements) {
    double[] sq =
        Neighbourhoods.kthNeighbourSquaredDistances(
            Matrices.toNd(x), Matrices.rowSquaredNorms(x), k, blockElements);
    return Arrays.stream(sq).map(Math::sqrt).toArray();
  }

  private static double dist(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  /** prdc's definitions with exact differences and sorting. */
  private static double[] bruteForce(double[][] real, double[][] fake, int k) {
    double[] rr = new double[real.length];
    for (int i = 0; i < real.length; i++) {
      double[] d = new double[real.length];
      for (int j = 0; j < real.length; j++) {
        d[j] = dist(real[i], real[j]);
      }
      Arrays.sort(d);
      rr[i] = d[k];
    }
    double[] rf = new double[fake.length];
    for (int i = 0; i < fake.length; i++) {
      double[] d = new double[fake.length];
      for (int j = 0; j < fake.length; j++) {
        d[j] = dist(fake[i], fake[j]);
      }
      Arrays.sort(d);
      rf[i] = d[k];
    }
    int precision = 0;
    long inside = 0;
    for (double[] y : fake) {
      boolean any = false;
      for (int i = 0; i < real.length; i++) {
        if (dist(y, real[i]) < rr[i]) {
          any = true;
          inside++;
        }
      }
      precision += any ? 1 : 0;
    }
    int recall = 0;
    int coverage = 0;
    for (int i = 0; i < real.length; i++) {
      boolean inFake = false;
      boolean covered = false;
      for (int j = 0; j < fake.length; j++) {
        double d = dist(real[i], fake[j]);
        inFake |= d < rf[j];
        covered |= d < rr[i];
      }
      recall += inFake ? 1 : 0;
      coverage += covered ? 1 : 0;
    }
    return new double[] {
      (double) precision / fake.length, (double) recall / real.length,
      (double) inside / ((double) k * fake.length), (double) coverage / real.length
    };
  }

  @Test
  void blockedComputationEqualsBruteForceDefinition() {
    double[][] real = FrechetDistanceTest.gaussian(150, 6, 31, 1.0, 0.0);
    double[][] fake = FrechetDistanceTest.gaussian(130, 6, 32, 1.2, 0.3);
    for (int k : new int[] {1, 3, 7}) {
      double[] expected = bruteForce(real, fake, k);
      for (int block : new int[] {1000, Neighbourhoods.BLOCK_ELEMENTS}) {
        Neighbourhoods.Result r = Neighbourhoods.compute(real, fake, k, block);
        assertThat(
                new double[] {
                  r.precisionRecall().precision(), r.precisionRecall().recall(),
                  r.densityCoverage().density(), r.densityCoverage().coverage()
                })
            .as("k=%d block=%d", k, block)
            .containsExactly(expected, within(1e-12));
      }
    }
  }

  @Test
  void radiusIsTheDistanceToTheKthOtherSampleAndDuplicatesCount() {
    double[][] line = {{0}, {1}, {3}, {6}};
    assertThat(radii(line, 1, 1 << 20)).containsExactly(new double[] {1, 1, 2, 3}, within(1e-12));
    assertThat(radii(line, 2, 5)).containsExactly(new double[] {3, 2, 3, 5}, within(1e-12));
    double[][] dup = {{0}, {0}, {5}};
    assertThat(radii(dup, 1, 1 << 20)).containsExactly(new double[] {0, 0, 5}, within(1e-12));
  }

  @Test
  void identicalSetsArePerfectAndDensityIsOne() {
    double[][] x = FrechetDistanceTest.gaussian(200, 5, 33, 1.0, 0.0);
    PrecisionRecall pr = PrecisionRecall.compute(x, x);
    DensityCoverage dc = DensityCoverage.compute(x, x);
    assertThat(pr.precision()).isEqualTo(1.0);
    assertThat(pr.recall()).isEqualTo(1.0);
    assertThat(dc.coverage()).isEqualTo(1.0);
    // Each ball holds its centre and k − 1 other samples strictly inside: Σ = kN.
    assertThat(dc.density()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void separatedSetsScoreZero() {
    double[][] real = FrechetDistanceTest.gaussian(100, 4, 34, 1.0, 0.0);
    double[][] fake = FrechetDistanceTest.gaussian(100, 4, 35, 1.0, 100.0);
    PrecisionRecall pr = PrecisionRecall.compute(real, fake, 5);
    DensityCoverage dc = DensityCoverage.compute(real, fake, 5);
    assertThat(new double[] {pr.precision(), pr.recall(), dc.density(), dc.coverage()})
        .containsOnly(0.0);
  }

  @Test
  void modeDroppingShowsAsLowRecallAndCoverageButHighPrecision() {
    double[][] modeA = FrechetDistanceTest.gaussian(400, 4, 36, 1.0, 0.0);
    double[][] modeB = FrechetDistanceTest.gaussian(200, 4, 37, 1.0, 50.0);
    double[][] real = new double[400][];
    System.arraycopy(modeA, 0, real, 0, 200);
    System.arraycopy(modeB, 0, real, 200, 200);
    double[][] fake = Arrays.copyOfRange(modeA, 200, 400); // new samples of mode A only
    PrecisionRecall pr = PrecisionRecall.compute(real, fake);
    DensityCoverage dc = DensityCoverage.compute(real, fake);
    assertThat(pr.precision()).isGreaterThan(0.8);
    assertThat(pr.recall()).isBetween(0.3, 0.5);
    assertThat(dc.coverage()).isBetween(0.3, 0.5);
  }

  @Test
  void rejectsTooFewRowsForK() {
    double[][] x = FrechetDistanceTest.gaussian(3, 2, 39, 1.0, 0.0);
    assertThatThrownBy(() -> PrecisionRecall.compute(x, x, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than nearestK = 3 rows");
    assertThatThrownBy(() -> DensityCoverage.compute(x, x, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1, found 0");
  }
}

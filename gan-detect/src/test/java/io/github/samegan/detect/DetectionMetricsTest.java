package io.github.samegan.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** AP, AUC, accuracies and threshold choice against values worked out by hand. */
class DetectionMetricsTest {
  private static final double EPS = 1e-12;

  @Test
  void averagePrecisionAndAucMatchHandComputedValues() {
    // scikit-learn's documented example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
    // Descending: 0.8 F (P 1, R 1/2), 0.4 R, 0.35 F (P 2/3, R 1), 0.1 R: AP = 1/2·1 + 1/2·2/3.
    double[] real = {0.1, 0.4};
    double[] fake = {0.35, 0.8};
    assertThat(DetectionMetrics.averagePrecision(real, fake)).isCloseTo(5.0 / 6, within(EPS));
    // pairs (fake > real): 0.35>0.1, 0.8>0.1, 0.8>0.4 — 3 of 4
    assertThat(DetectionMetrics.rocAuc(real, fake)).isCloseTo(0.75, within(EPS));
  }

  @Test
  void tiedScoresEnterTogether() {
    // Descending: 0.9 F (P 1, R 1/2); the tie at 0.5 (one F, one R) is one step: P 2/3, R 1.
    double[] real = {0.5, 0.2};
    double[] fake = {0.5, 0.9};
    assertThat(DetectionMetrics.averagePrecision(real, fake))
        .isCloseTo(0.5 * 1 + 0.5 * 2.0 / 3, within(EPS));
    // pairs: (0.5 vs 0.5) ½, (0.5 vs 0.2) 1, (0.9 vs 0.5) 1, (0.9 vs 0.2) 1 → 3.5 / 4
    assertThat(DetectionMetrics.rocAuc(real, fake)).isCloseTo(0.875, within(EPS));
    // Everything tied: one step with precision = prevalence; AUC one half.
    double[] same = {0.3, 0.3, 0.3};
    assertThat(DetectionMetrics.averagePrecision(same, new double[] {0.3}))
        .isCloseTo(0.25, within(EPS));
    assertThat(DetectionMetrics.rocAuc(same, new double[] {0.3})).isCloseTo(0.5, within(EPS));
  }

  @Test
  void perfectAndInvertedRankings() {
    assertThat(DetectionMetrics.averagePrecision(new double[] {0.1, 0.2}, new double[] {0.8, 0.9}))
        .isEqualTo(1.0);
    assertThat(DetectionMetrics.rocAuc(new double[] {0.1, 0.2}, new double[] {0.8, 0.9}))
        .isEqualTo(1.0);
    // Descending: 0.9 R, 0.8 R (P 0, R 0), 0.2 F (P 1/3, R 1/2), 0.1 F (P 1/2, R 1).
    assertThat(DetectionMetrics.averagePrecision(new double[] {0.9, 0.8}, new double[] {0.1, 0.2}))
        .isCloseTo(0.5 / 3 + 0.5 * 0.5, within(EPS));
    assertThat(DetectionMetrics.rocAuc(new double[] {0.9, 0.8}, new double[] {0.1, 0.2}))
        .isEqualTo(0.0);
  }

  @Test
  void accuraciesUseFakeIffAtLeastTheThreshold() {
    double[] real = {0.1, 0.5, 0.7};
    double[] fake = {0.5, 0.49, 0.9, 1.0};
    assertThat(DetectionMetrics.accuracyOnReal(real, 0.5)).isCloseTo(1.0 / 3, within(EPS));
    assertThat(DetectionMetrics.accuracyOnFake(fake, 0.5)).isCloseTo(0.75, within(EPS));
  }

  @Test
  void thresholdIsTheBestBalancedAccuracyNearestOneHalf() {
    // Real all below fake but far from 0.5: any t in (0.8, 0.85] separates; the midpoint is chosen.
    assertThat(
            DetectionMetrics.bestThreshold(
                new double[] {0.6, 0.7, 0.8}, new double[] {0.85, 0.9, 0.95}))
        .isCloseTo(0.825, within(EPS));
    assertThat(DetectionMetrics.bestThreshold(new double[] {0.01, 0.02}, new double[] {0.03, 0.2}))
        .isCloseTo(0.025, within(EPS));
    // .1R .2R .25F .3R .6F .7F: t = 0.225, 0.45 and 0.5 all reach 5/6; 0.5 is kept.
    assertThat(
            DetectionMetrics.bestThreshold(
                new double[] {0.1, 0.2, 0.3}, new double[] {0.25, 0.6, 0.7}))
        .isEqualTo(0.5);
    // Inseparable identical scores: nothing beats 0.5.
    assertThat(DetectionMetrics.bestThreshold(new double[] {0.7}, new double[] {0.7}))
        .isEqualTo(0.5);
  }

  @Test
  void emptyOrNaNScoresAreRefused() {
    assertThatThrownBy(() -> DetectionMetrics.averagePrecision(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("real");
    assertThatThrownBy(() -> DetectionMetrics.rocAuc(new double[] {0.1}, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }
}

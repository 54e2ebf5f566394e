package io.github.samegan.losses;

import static io.github.samegan.losses.Reference.DGZ;
import static io.github.samegan.losses.Reference.DGZ2;
import static io.github.samegan.losses.Reference.DX;
import static io.github.samegan.losses.Reference.DX2;
import static io.github.samegan.losses.Reference.SAT_FAKE;
import static io.github.samegan.losses.Reference.SAT_REAL;
import static io.github.samegan.losses.Reference.mean;
import static io.github.samegan.losses.Reference.sigmoid;
import static io.github.samegan.losses.Reference.softplus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FixedLogits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each adversarial loss on fixed D outputs equals its formula computed by hand, and its gradient
 * with respect to D's outputs equals the closed form (TorchGAN's golden inputs, a case across the
 * hinge margins, and saturated outputs that overflow a naive implementation).
 */
class AdversarialLossValuesTest {
  private static final List<double[][]> CASES =
      List.of(
          new double[][] {DX, DGZ},
          new double[][] {DX2, DGZ2},
          new double[][] {SAT_REAL, SAT_FAKE});

  private static void assertGradients(FixedLogits.Result r, double[] dReal, double[] dFake) {
    for (int i = 0; i < dReal.length; i++) {
      assertThat(r.dReal()[i]).as("dReal[%d]", i).isCloseTo(dReal[i], within(1e-12));
    }
    for (int j = 0; j < dFake.length; j++) {
      assertThat(r.dFake()[j]).as("dFake[%d]", j).isCloseTo(dFake[j], within(1e-12));
    }
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Test
  void wassersteinCriticAndGenerator() {
    GanLoss loss = WassersteinLoss.clipped(0.01);
    // by hand: mean(dgz) − mean(dx) = 8.4/4 − 18.9/4 = −2.625
    assertThat(FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, DX, DGZ).loss())
        .isCloseTo(-2.625, within(1e-12));
    for (double[][] c : CASES) {
      double[] x = c[0];
      double[] z = c[1];
      FixedLogits.Result d = FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, x, z);
      assertThat(d.loss()).isCloseTo(mean(z) - mean(x), within(1e-9));
      assertGradients(d, fill(x.length, -1.0 / x.length), fill(z.length, 1.0 / z.length));
      FixedLogits.Result g = FixedLogits.evaluate(loss, Phase.GENERATOR, x, z);
      assertThat(g.loss()).isCloseTo(-mean(z), within(1e-9));
      assertGradients(g, fill(x.length, 0), fill(z.length, -1.0 / z.length));
    }
  }

  @Test
  void hingeDiscriminatorAndGenerator() {
    GanLoss loss = new HingeLoss();
    // by hand: relu(1 − dx) = 0 everywhere; relu(1 + dgz) = 5.8, 2.2, 0, 6.9 → 14.9/4 = 3.725
    assertThat(FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, DX, DGZ).loss())
        .isCloseTo(3.725, within(1e-12));
    for (double[][] c : CASES) {
      double[] x = c[0];
      double[] z = c[1];
      FixedLogits.Result d = FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, x, z);
      assertThat(d.loss())
          .isCloseTo(
              mean(x, v -> Math.max(0, 1 - v)) + mean(z, v -> Math.max(0, 1 + v)), within(1e-9));
      double[] dr = new double[x.length];
      double[] df = new double[z.length];
      for (int i = 0; i < x.length; i++) {
        dr[i] = x[i] < 1 ? -1.0 / x.length : 0;
      }
      for (int j = 0; j < z.length; j++) {
        df[j] = z[j] > -1 ? 1.0 / z.length : 0;
      }
      assertGradients(d, dr, df);
      FixedLogits.Result g = FixedLogits.evaluate(loss, Phase.GENERATOR, x, z);
      assertThat(g.loss()).isCloseTo(-mean(z), within(1e-9));
      assertGradients(g, fill(x.length, 0), fill(z.length, -1.0 / z.length));
    }
  }

  @Test
  void leastSquaresWithBothPaperCodings() {
    for (double[] abc : new double[][] {{0, 1, 1}, {-1, 1, 0}}) {
      double a = abc[0];
      double b = abc[1];
      double cc = abc[2];
      GanLoss loss = new LeastSquaresLoss(a, b, cc);
      for (double[][] c : CASES) {
        double[] x = c[0];
        double[] z = c[1];
        FixedLogits.Result d = FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, x, z);
        double expected =
            0.5 * mean(x, v -> (v - b) * (v - b)) + 0.5 * mean(z, v -> (v - a) * (v - a));
        assertThat(d.loss()).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        double[] dr = new double[x.length];
        double[] df = new double[z.length];
        for (int i = 0; i < x.length; i++) {
          dr[i] = (x[i] - b) / x.length;
        }
        for (int j = 0; j < z.length; j++) {
          df[j] = (z[j] - a) / z.length;
        }
        assertGradients(d, dr, df);
        FixedLogits.Result g = FixedLogits.evaluate(loss, Phase.GENERATOR, x, z);
        assertThat(g.loss()).isCloseTo(0.5 * mean(z, v -> (v - cc) * (v - cc)), within(1e-6));
        for (int j = 0; j < z.length; j++) {
          df[j] = (z[j] - cc) / z.length;
        }
        assertGradients(g, fill(x.length, 0), df);
      }
    }
    // by hand, 0-1 coding on TorchGAN's inputs: ½·mean((dx − 1)²) + ½·mean(dgz²)
    // = ½·(0.09 + 3.61 + 54.76 + 28.09)/4 + ½·(23.04 + 1.44 + 12.25 + 34.81)/4 = 10.81875 + 8.9425
    assertThat(
            FixedLogits.evaluate(LeastSquaresLoss.zeroOne(), Phase.DISCRIMINATOR, DX, DGZ).loss())
        .isCloseTo(19.76125, within(1e-9));
  }

  @Test
  void relativisticAverageStandard() {
    GanLoss loss = new RelativisticAverageLoss(RelativisticAverageLoss.Form.STANDARD);
    for (double[][] c : CASES) {
      double[] x = c[0];
      double[] z = c[1];
      double mr = mean(x);
      double mf = mean(z);
      int n = x.length;
      int m = z.length;
      FixedLogits.Result d = FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, x, z);
      double expected = mean(x, v -> softplus(-(v - mf))) + mean(z, v -> softplus(v - mr));
      assertThat(d.loss()).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
      // ∂/∂r_i = −(σ(m_f − r_i) + mean_j σ(f_j − m_r))/n ; ∂/∂f_j = (mean_i σ(m_f − r_i) + σ(f_j −
      // m_r))/m
      double meanUp = mean(x, v -> sigmoid(mf - v));
      double meanDown = mean(z, v -> sigmoid(v - mr));
      double[] dr = new double[n];
      double[] df = new double[m];
      for (int i = 0; i < n; i++) {
        dr[i] = -(sigmoid(mf - x[i]) + meanDown) / n;
      }
      for (int j = 0; j < m; j++) {
        df[j] = (meanUp + sigmoid(z[j] - mr)) / m;
      }
      assertGradients(d, dr, df);
      FixedLogits.Result g = FixedLogits.evaluate(loss, Phase.GENERATOR, x, z);
      double expectedG = mean(z, v -> softplus(-(v - mr))) + mean(x, v -> softplus(v - mf));
      assertThat(g.loss()).isCloseTo(expectedG, within(1e-9 * Math.max(1, expectedG)));
      assertThat(java.util.Arrays.stream(g.dReal()).allMatch(Double::isFinite)).isTrue();
      assertThat(java.util.Arrays.stream(g.dFake()).allMatch(Double::isFinite)).isTrue();
    }
  }

  @Test
  void relativisticAverageLeastSquares() {
    GanLoss loss = new RelativisticAverageLoss(RelativisticAverageLoss.Form.LEAST_SQUARES);
    for (double[][] c : CASES) {
      double[] x = c[0];
      double[] z = c[1];
      double mr = mean(x);
      double mf = mean(z);
      int n = x.length;
      int m = z.length;
      FixedLogits.Result d = FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, x, z);
      double expected =
          mean(x, v -> (v - mf - 1) * (v - mf - 1)) + mean(z, v -> (v - mr + 1) * (v - mr + 1));
      assertThat(d.loss()).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
      double meanUp = mean(x, v -> v - mf - 1);
      double meanDown = mean(z, v -> v - mr + 1);
      double[] dr = new double[n];
      double[] df = new double[m];
      for (int i = 0; i < n; i++) {
        dr[i] = 2.0 / n * ((x[i] - mf - 1) - meanDown);
      }
      for (int j = 0; j < m; j++) {
        df[j] = 2.0 / m * ((z[j] - mr + 1) - meanUp);
      }
      for (int i = 0; i < n; i++) {
        assertThat(d.dReal()[i]).isCloseTo(dr[i], within(1e-9 * Math.max(1, Math.abs(dr[i]))));
      }
      for (int j = 0; j < m; j++) {
        assertThat(d.dFake()[j]).isCloseTo(df[j], within(1e-9 * Math.max(1, Math.abs(df[j]))));
      }
      FixedLogits.Result g = FixedLogits.evaluate(loss, Phase.GENERATOR, x, z);
      double expectedG =
          mean(z, v -> (v - mr - 1) * (v - mr - 1)) + mean(x, v -> (v - mf + 1) * (v - mf + 1));
      assertThat(g.loss()).isCloseTo(expectedG, within(1e-9 * Math.max(1, expectedG)));
    }
  }

  @Test
  void relativisticAverageHinge() {
    GanLoss loss = new RelativisticAverageLoss(RelativisticAverageLoss.Form.HINGE);
    for (double[][] c : CASES) {
      double[] x = c[0];
      double[] z = c[1];
      double mr = mean(x);
      double mf = mean(z);
      FixedLogits.Result d = FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, x, z);
      double expected =
          mean(x, v -> Math.max(0, 1 - (v - mf))) + mean(z, v -> Math.max(0, 1 + (v - mr)));
      assertThat(d.loss()).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
      FixedLogits.Result g = FixedLogits.evaluate(loss, Phase.GENERATOR, x, z);
      double expectedG =
          mean(z, v -> Math.max(0, 1 - (v - mr))) + mean(x, v -> Math.max(0, 1 + (v - mf)));
      assertThat(g.loss()).isCloseTo(expectedG, within(1e-9 * Math.max(1, expectedG)));
    }
  }

  @Test
  void saturatedRelativisticLossesStayFinite() {
    FixedLogits.Result d =
        FixedLogits.evaluate(
            new RelativisticAverageLoss(RelativisticAverageLoss.Form.STANDARD),
            Phase.DISCRIMINATOR,
            SAT_REAL,
            SAT_FAKE);
    assertThat(d.loss()).isFinite();
    assertThat(java.util.Arrays.stream(d.dReal()).allMatch(Double::isFinite)).isTrue();
    assertThat(java.util.Arrays.stream(d.dFake()).allMatch(Double::isFinite)).isTrue();
  }
}

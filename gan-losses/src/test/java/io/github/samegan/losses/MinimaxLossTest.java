package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FixedLogits;
import org.junit.jupiter.api.Test;

/** Minimax loss values and gradients against hand-computed formulas (TorchGAN's golden inputs). */
class MinimaxLossTest {
  private static final double[] DX = {1.3, 2.9, 8.4, 6.3};
  private static final double[] DGZ = {4.8, 1.2, -3.5, 5.9};

  /** log(1 + e^x), written stably for the reference. */
  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double mean(double[] v, java.util.function.DoubleUnaryOperator f) {
    double s = 0;
    for (double x : v) {
      s += f.applyAsDouble(x);
    }
    return s / v.length;
  }

  @Test
  void discriminatorLossEqualsHandComputedBinaryCrossEntropy() {
    FixedLogits.Result r =
        FixedLogits.evaluate(MinimaxLoss.nonSaturating(), Phase.DISCRIMINATOR, DX, DGZ);
    double expected = mean(DX, x -> softplus(-x)) + mean(DGZ, MinimaxLossTest::softplus);
    // by hand: mean(softplus(-dx)) = 0.07424..., mean(softplus(dgz)) = 3.05091...
    assertThat(r.loss()).isCloseTo(expected, within(1e-12));
    assertThat(r.loss()).isCloseTo(3.12515, within(1e-5));
    for (int i = 0; i < 4; i++) {
      assertThat(r.dReal()[i]).isCloseTo(-sigmoid(-DX[i]) / 4, within(1e-12));
      assertThat(r.dFake()[i]).isCloseTo(sigmoid(DGZ[i]) / 4, within(1e-12));
    }
  }

  @Test
  void nonSaturatingGeneratorLoss() {
    FixedLogits.Result r =
        FixedLogits.evaluate(MinimaxLoss.nonSaturating(), Phase.GENERATOR, DX, DGZ);
    assertThat(r.loss()).isCloseTo(mean(DGZ, x -> softplus(-x)), within(1e-12));
    for (int i = 0; i < 4; i++) {
      assertThat(r.dFake()[i]).isCloseTo(-sigmoid(-DGZ[i]) / 4, within(1e-12));
      assertThat(r.dReal()[i]).isZero();
    }
  }

  @Test
  void saturatingGeneratorLoss() {
    FixedLogits.Result r = FixedLogits.evaluate(MinimaxLoss.saturating(), Phase.GENERATOR, DX, DGZ);
    assertThat(r.loss()).isCloseTo(-mean(DGZ, MinimaxLossTest::softplus), within(1e-12));
    for (int i = 0; i < 4; i++) {
      assertThat(r.dFake()[i]).isCloseTo(-sigmoid(DGZ[i]) / 4, within(1e-12));
    }
  }

  @Test
  void saturatedLogitsStayFinite() {
    double[] real = {200, -200, 50};
    double[] fake = {-200, 200, -50};
    FixedLogits.Result d =
        FixedLogits.evaluate(MinimaxLoss.nonSaturating(), Phase.DISCRIMINATOR, real, fake);
    // softplus(-200) ≈ 0, softplus(200) = 200: a naive log(sigmoid) would give infinity
    assertThat(d.loss())
        .isCloseTo((0 + 200 + softplus(-50)) / 3 + (0 + 200 + softplus(-50)) / 3, within(1e-9));
    FixedLogits.Result g =
        FixedLogits.evaluate(MinimaxLoss.nonSaturating(), Phase.GENERATOR, real, fake);
    assertThat(g.loss()).isCloseTo((200 + 0 + 50) / 3.0, within(1e-9));
    assertThat(java.util.Arrays.stream(g.dFake()).allMatch(Double::isFinite)).isTrue();
    assertThat(g.dFake()[1]).isCloseTo(0.0, within(1e-12));
    assertThat(g.dFake()[0]).isCloseTo(-1.0 / 3, within(1e-12));
  }
}

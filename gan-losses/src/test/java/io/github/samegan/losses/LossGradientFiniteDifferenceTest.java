package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FixedLogits;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every loss that is a function of D's outputs alone, the gradient SameDiff computes with
 * respect to those outputs equals central finite differences of the loss, in both phases.
 */
class LossGradientFiniteDifferenceTest {

  static Stream<GanLoss> losses() {
    return Stream.of(
        MinimaxLoss.nonSaturating(),
        MinimaxLoss.saturating(),
        WassersteinLoss.clipped(0.01),
        new HingeLoss(),
        LeastSquaresLoss.zeroOne(),
        new LeastSquaresLoss(-1, 1, 0),
        new RelativisticAverageLoss(RelativisticAverageLoss.Form.STANDARD),
        new RelativisticAverageLoss(RelativisticAverageLoss.Form.LEAST_SQUARES),
        new RelativisticAverageLoss(RelativisticAverageLoss.Form.HINGE),
        new EnergyBasedLoss(2.0, 0.0),
        new BoundaryEquilibriumLoss(0.5, 0.001));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientWithRespectToDiscriminatorOutputsMatchesFiniteDifferences(GanLoss loss) {
    double[] real = Reference.DX2.clone();
    double[] fake = Reference.DGZ2.clone();
    for (Phase phase : Phase.values()) {
      FixedLogits.Result analytic = FixedLogits.evaluate(loss, phase, real, fake);
      FixedLogits.Result numeric = FixedLogits.finiteDifferences(loss, phase, real, fake);
      for (int i = 0; i < real.length; i++) {
        assertThat(analytic.dReal()[i])
            .as("%s %s dReal[%d]", loss.name(), phase, i)
            .isCloseTo(numeric.dReal()[i], within(1e-7));
      }
      for (int j = 0; j < fake.length; j++) {
        assertThat(analytic.dFake()[j])
            .as("%s %s dFake[%d]", loss.name(), phase, j)
            .isCloseTo(numeric.dFake()[j], within(1e-7));
      }
    }
  }
}

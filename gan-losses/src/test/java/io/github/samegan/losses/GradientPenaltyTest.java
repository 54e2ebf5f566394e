package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Every gradient penalty, on a small discriminator with smooth activations (softplus) and batch
 * norm, in double precision:
 *
 * <ul>
 *   <li>the hand-built input gradient at the penalty's points equals SameDiff's own first-order
 *       gradient of {@code Σᵢ D(xᵢ)} (relative error &lt; 1e-6);
 *   <li>the penalty's value equals its formula computed in Java from SameDiff's own gradient at the
 *       points the test reconstructs from the fed random inputs;
 *   <li>its gradient with respect to D's parameters matches central finite differences.
 * </ul>
 */
class GradientPenaltyTest {
  private static final int BATCH = 4;

  private static INDArray real() {
    return new RandomImages(TinyModels.IMAGE, BATCH, 3, DataType.DOUBLE).next().images();
  }

  private static INDArray fake() {
    return new Rng(8).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(BATCH));
  }

  private static LossGraph graph(Penalty p) {
    return new LossGraph(TinyModels.discriminator(true), Phase.DISCRIMINATOR, real(), fake(), 31)
        .build(p::penalty);
  }

  /**
   * Checks the input gradient at the points, the value against {@code formula(own gradient)}, and
   * FD.
   */
  private static void check(LossGraph lg, INDArray points, Function<INDArray, Double> formula) {
    double value = lg.value();
    INDArray own = lg.sameDiffInputGradient(points);
    INDArray traced = lg.tracedInputGradient(points);
    assertThat(own.amaxNumber().doubleValue()).isGreaterThan(1e-3);
    assertThat(FiniteDifferences.relativeError(traced, own)).isLessThan(1e-6);
    double expected = formula.apply(own);
    assertThat(value).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
    assertThat(value).isGreaterThan(1e-6);
    Map<String, INDArray> grads = lg.gradients();
    double smallest =
        FiniteDifferences.checkDirectional(lg.store(), lg.parameterNames(), grads, lg::value, 2, 5);
    assertThat(smallest).isGreaterThan(1e-4);
  }

  /** Per-example squared norms {@code [B]}. */
  private static INDArray squaredNorms(INDArray g) {
    return g.mul(g).sum(1, 2, 3);
  }

  @Test
  void wganGpPenalisesTheGradientNormOnInterpolates() {
    double lambda = 10;
    LossGraph lg = graph(new WganGradientPenalty(lambda));
    INDArray eps = lg.uniformValue("gp_eps").broadcast(lg.realArray().shape());
    INDArray interpolates = lg.fakeArray().add(lg.realArray().sub(lg.fakeArray()).mul(eps));
    check(
        lg,
        interpolates,
        g -> {
          INDArray norm = Transforms.sqrt(squaredNorms(g).add(1e-12));
          return lambda * Transforms.pow(norm.sub(1.0), 2).meanNumber().doubleValue();
        });
  }

  @Test
  void r1PenalisesTheSquaredGradientOnRealImages() {
    double gamma = 3;
    LossGraph lg = graph(ZeroCenteredGradientPenalty.r1(gamma, 1));
    check(lg, lg.realArray(), g -> gamma / 2 * squaredNorms(g).meanNumber().doubleValue());
  }

  @Test
  void r2PenalisesTheSquaredGradientOnGeneratedImages() {
    double gamma = 0.5;
    LossGraph lg = graph(ZeroCenteredGradientPenalty.r2(gamma, 1));
    check(lg, lg.fakeArray(), g -> gamma / 2 * squaredNorms(g).meanNumber().doubleValue());
  }

  @Test
  void draganPenalisesTheGradientNormAroundPerturbedRealImages() {
    double lambda = 7;
    double c = 0.5;
    LossGraph lg = graph(new DraganPenalty(lambda, c));
    INDArray x = lg.realArray();
    double mean = x.meanNumber().doubleValue();
    double std = Math.sqrt(Transforms.pow(x.sub(mean), 2).meanNumber().doubleValue());
    INDArray u = lg.uniformValue("dragan_noise");
    INDArray alpha = lg.uniformValue("dragan_alpha").broadcast(x.shape());
    INDArray perturbed = x.add(u.mul(alpha).mul(c * std));
    check(
        lg,
        perturbed,
        g -> {
          INDArray norm = Transforms.sqrt(squaredNorms(g).add(1e-12));
          return lambda * Transforms.pow(norm.sub(1.0), 2).meanNumber().doubleValue();
        });
  }

  @Test
  void lazyR1AppliesKTimesTheWeightOnEveryKthUpdateOnly() {
    double gamma = 10;
    ZeroCenteredGradientPenalty lazy = ZeroCenteredGradientPenalty.r1(gamma, 4);
    LossGraph lg = graph(lazy);
    double meanSq =
        squaredNorms(lg.sameDiffInputGradient(lg.realArray())).meanNumber().doubleValue();
    assertThat(lg.atUpdate(0).value())
        .isCloseTo(4 * gamma / 2 * meanSq, within(1e-9 * meanSq * 20));
    assertThat(lg.atUpdate(4).value())
        .isCloseTo(4 * gamma / 2 * meanSq, within(1e-9 * meanSq * 20));
    assertThat(lg.atUpdate(1).value()).isZero();
    assertThat(lg.atUpdate(7).gradients().values())
        .allMatch(g -> g.amaxNumber().doubleValue() == 0.0);
    assertThat(lazy.weightForUpdate(8)).isEqualTo(20.0);
    assertThat(lazy.weightForUpdate(9)).isZero();
  }

  @Test
  void wganGpLossAddsThePenaltyToTheCriticLossAndMonitorsTheNorm() {
    PenalizedLoss loss = (PenalizedLoss) LossRegistry.create("wgan-gp");
    LossGraph lg =
        new LossGraph(TinyModels.discriminator(true), Phase.DISCRIMINATOR, real(), fake(), 31);
    lg.build(loss::discriminatorLoss);
    double critic =
        lg.scores(lg.fakeArray()).meanNumber().doubleValue()
            - lg.scores(lg.realArray()).meanNumber().doubleValue();
    double penalty = lg.evaluate(lg.graph().monitors().get("gp_penalty")).getDouble(0);
    assertThat(lg.value()).isCloseTo(critic + penalty, within(1e-9 * (Math.abs(critic) + penalty)));
    assertThat(lg.graph().monitors()).containsKeys("gp_grad_norm", "gp_penalty");
  }
}

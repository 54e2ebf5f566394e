package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.FeatureDiscriminator;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * InfoGAN's continuous codes: both networks' terms against finite differences in D's and Q's
 * parameters, and after a short run Q recovers the codes from generated images.
 */
class InfoGanContinuousCodesTest {

  private static double correlation(INDArray a, INDArray b) {
    INDArray x = a.sub(a.meanNumber());
    INDArray y = b.sub(b.meanNumber());
    return x.mul(y).sumNumber().doubleValue()
        / Math.sqrt(x.mul(x).sumNumber().doubleValue() * y.mul(y).sumNumber().doubleValue());
  }

  @Test
  void qRecoversTheContinuousCodesFromGeneratedImagesAfterAShortRun() {
    int codes = 2;
    InfoGanContinuousCodes loss =
        new InfoGanContinuousCodes(MinimaxLoss.nonSaturating(), codes, 1.0, 24, 16);
    assertThat(loss.name()).isEqualTo("minimax+info-continuous");
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), loss)
            .seed(3)
            .build();
    // Q's hidden layer belongs to D: 24·16 + 16 + 16·2 + 2 more parameters
    assertThat(gan.parameters().parameterCount("D/qcont/")).isEqualTo(24 * 16 + 16 + 16 * 2 + 2);
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 16, 4))
            .discriminatorOptimizer(Optimizer.adam(2e-3, 0.5, 0.999))
            .generatorOptimizer(Optimizer.adam(2e-3, 0.5, 0.999))
            .seed(5)
            .build();
    double firstMse = 0;
    double lastMse = 0;
    for (int i = 0; i < 80; i++) {
      StepStats s = t.step();
      double mse = s.metrics().get("info_cont_mse");
      firstMse += i < 10 ? mse / 10 : 0;
      lastMse += i >= 70 ? mse / 10 : 0;
    }
    // Q on a fresh batch of generated images, in a graph of its own over the trained weights
    INDArray z = new Rng(77).gaussian(DataType.FLOAT, 128, 8);
    INDArray images = gan.sample(z);
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, gan.parameters(), new Rng(0), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> false);
    SDVariable x = sd.constant("x", images);
    SDVariable features = ((FeatureDiscriminator) gan.discriminator()).features(g.scope("D"), x);
    SDVariable mu = loss.estimate(g, features);
    INDArray estimate = sd.output(Map.of(), mu.name()).get(mu.name());
    double[] corr = new double[codes];
    for (int j = 0; j < codes; j++) {
      corr[j] = correlation(z.getColumn(j), estimate.getColumn(j));
    }
    System.out.printf(
        "InfoGAN continuous codes: info_cont_mse %.3f -> %.3f, correlation(c, μ) %.3f, %.3f%n",
        firstMse, lastMse, corr[0], corr[1]);
    assertThat(lastMse).isLessThan(firstMse / 2);
    for (int j = 0; j < codes; j++) {
      assertThat(corr[j]).as("correlation of code %d with Q's estimate", j).isGreaterThan(0.6);
    }
  }

  @Test
  void bothNetworksTermsMatchFiniteDifferencesInDAndQParameters() {
    INDArray real = new Rng(1).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(4));
    INDArray fake = new Rng(2).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(4));
    INDArray z = new Rng(3).gaussian(DataType.DOUBLE, 4, 8);
    InfoGanContinuousCodes loss =
        new InfoGanContinuousCodes(MinimaxLoss.nonSaturating(), 3, 0.7, 24, 5);
    for (Phase phase : Phase.values()) {
      LossGraph lg =
          new LossGraph(TinyModels.discriminator(true), phase, real, fake, 9)
              .withLatent(z)
              .build(phase == Phase.DISCRIMINATOR ? loss::discriminatorLoss : loss::generatorLoss);
      assertThat(lg.parameterNames()).contains("D/qcont/0dense/W", "D/qcont/2dense/W");
      int nonTrivial =
          FiniteDifferences.check(
              lg.store(), lg.parameterNames(), lg.gradients(), lg::value, 4, 7, 1e-7);
      assertThat(nonTrivial).as(phase.toString()).isGreaterThan(10);
    }
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(
            () -> new InfoGanContinuousCodes(MinimaxLoss.nonSaturating(), 0, 0.1, 24, 16))
        .hasMessageContaining("at least one continuous code");
    assertThatThrownBy(() -> new InfoGanContinuousCodes(MinimaxLoss.nonSaturating(), 2, -1, 24, 16))
        .hasMessageContaining("--info-continuous-lambda");
  }
}

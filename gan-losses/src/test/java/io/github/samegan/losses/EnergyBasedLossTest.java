package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.AutoEncoderDiscriminator;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.FixedLogits;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * EBGAN: the margin loss on fixed energies, the pulling-away term by hand, both losses' parameter
 * gradients through an auto-encoder discriminator against finite differences, and a short run in
 * which the energy of generated images climbs to the margin while that of real ones falls.
 */
class EnergyBasedLossTest {

  @Test
  void discriminatorLossIsRealEnergyPlusHingeOnTheMarginAndGeneratorLossTheFakeEnergy() {
    double m = 5.0; // DGZ = {4.8, 1.2, −3.5, 5.9}: three below the margin, one above
    EnergyBasedLoss loss = new EnergyBasedLoss(m, 0.0);
    double expected =
        Reference.mean(Reference.DX, x -> x)
            + Reference.mean(Reference.DGZ, f -> Math.max(0, m - f));
    assertThat(FixedLogits.value(loss, Phase.DISCRIMINATOR, Reference.DX, Reference.DGZ))
        .isCloseTo(expected, within(1e-12));
    assertThat(FixedLogits.value(loss, Phase.GENERATOR, Reference.DX, Reference.DGZ))
        .isCloseTo(Reference.mean(Reference.DGZ, f -> f), within(1e-12));
    // above the margin a generated image gives D no gradient
    FixedLogits.Result r =
        FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, Reference.DX, Reference.DGZ);
    assertThat(r.dFake()).containsExactly(new double[] {-0.25, -0.25, -0.25, 0.0}, within(0.0));
  }

  @Test
  void pullingAwayTermIsTheMeanSquaredCosineOfDistinctCodes() {
    double[][] s = {{1, 0, 2}, {0.5, -1, 1}, {-2, 0.3, 0.1}, {1, 1, 1}};
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        if (i != j) {
          double dot = 0;
          double ni = 0;
          double nj = 0;
          for (int k = 0; k < 3; k++) {
            dot += s[i][k] * s[j][k];
            ni += s[i][k] * s[i][k];
            nj += s[j][k] * s[j][k];
          }
          sum += dot * dot / (ni * nj);
        }
      }
    }
    SameDiff sd = SameDiff.create();
    var codes = sd.constant("codes", Nd4j.createFromArray(s));
    var pt = EnergyBasedLoss.pullingAway(sd, codes);
    double value = sd.output(java.util.Map.of(), pt.name()).get(pt.name()).getDouble(0);
    assertThat(value).isCloseTo(sum / (4 * 3), within(1e-12));
  }

  @Test
  void bothLossesThroughAnAutoEncoderMatchFiniteDifferencesInDParameters() {
    INDArray real = new Rng(1).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(4));
    INDArray fake = new Rng(2).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(4));
    EnergyBasedLoss loss = new EnergyBasedLoss(3.0, 0.7);
    for (Phase phase : Phase.values()) {
      AutoEncoderDiscriminator d =
          TinyModels.autoEncoder(true, AutoEncoderDiscriminator.Energy.MSE);
      LossGraph lg =
          new LossGraph(d, phase, real, fake, 9)
              .build(phase == Phase.DISCRIMINATOR ? loss::discriminatorLoss : loss::generatorLoss);
      // energies are the mean squared reconstruction errors: check them against the reconstruction
      INDArray energies = lg.scores(real);
      assertThat(energies.shape()).containsExactly(4, 1);
      assertThat(energies.minNumber().doubleValue()).isPositive();
      assertThat(lg.parameterNames()).hasSize(12);
      int nonTrivial =
          FiniteDifferences.check(lg.store(), lg.parameterNames(), lg.gradients(), lg::value, 4, 7);
      assertThat(nonTrivial).as(phase.toString()).isGreaterThan(20);
    }
  }

  /**
   * D pushes the energy of generated images up to the margin (and past it: above m a generated
   * image gives D no gradient, only G's own updates pull it back), while real images keep a low
   * energy.
   */
  @Test
  void shortRunRaisesTheFakeEnergyToTheMarginWhileTheRealEnergyStaysLow() {
    double m = 0.6;
    Gan gan =
        Gan.builder(
                TinyModels.generator(false),
                TinyModels.autoEncoder(false, AutoEncoderDiscriminator.Energy.MSE),
                new EnergyBasedLoss(m, 0.1))
            .seed(3)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 16, 4))
            .discriminatorOptimizer(io.github.samegan.core.engine.Optimizer.adam(2e-3, 0.5, 0.999))
            .generatorOptimizer(io.github.samegan.core.engine.Optimizer.adam(2e-3, 0.5, 0.999))
            .seed(5)
            .build();
    List<StepStats> s = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      s.add(t.step());
    }
    double firstFake = s.get(0).dFake();
    double lastFake =
        s.subList(30, 40).stream().mapToDouble(StepStats::dFake).average().orElseThrow();
    double lastReal =
        s.subList(30, 40).stream().mapToDouble(StepStats::dReal).average().orElseThrow();
    System.out.printf(
        "EBGAN m=%.2f: fake energy %.4f (step 1) -> %.4f (mean of steps 31-40), real %.4f -> %.4f%n",
        m, firstFake, lastFake, s.get(0).dReal(), lastReal);
    assertThat(s.get(39).metrics()).containsKey("ebgan_pt");
    assertThat(firstFake).isLessThan(0.6 * m);
    assertThat(lastFake).isGreaterThan(0.9 * m);
    assertThat(lastReal).isLessThan(m / 2);
  }
}

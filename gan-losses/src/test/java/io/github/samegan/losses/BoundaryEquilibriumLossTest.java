package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.AutoEncoderDiscriminator;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BEGAN: the k_t rule against a hand computation over real updates, k_t through a checkpoint, the
 * loss's gradient with k_t ≠ 0 against finite differences, and a short run in which the convergence
 * measure falls.
 */
class BoundaryEquilibriumLossTest {

  private static Gan gan(BoundaryEquilibriumLoss loss) {
    return Gan.builder(
            TinyModels.generator(false),
            TinyModels.autoEncoder(false, AutoEncoderDiscriminator.Energy.L1),
            loss)
        .seed(3)
        .build();
  }

  private static GanTrainer trainer(Gan gan) {
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 16, 4))
        .discriminatorOptimizer(Optimizer.adam(1e-3, 0.5, 0.999))
        .generatorOptimizer(Optimizer.adam(1e-3, 0.5, 0.999))
        .seed(5)
        .build();
  }

  private static double k(Gan gan) {
    return gan.parameters().array(BoundaryEquilibriumLoss.K_STATE).getDouble(0);
  }

  @Test
  void kFollowsTheProportionalControlRuleAndMIsLogged() {
    BoundaryEquilibriumLoss loss = new BoundaryEquilibriumLoss(0.7, 0.4);
    Gan gan = gan(loss);
    GanTrainer t = trainer(gan);
    assertThat(k(gan)).isZero(); // k_0 = 0; start inside (0, 1) so that both directions show
    gan.parameters().array(BoundaryEquilibriumLoss.K_STATE).assign(0.5);
    double k = 0.5;
    boolean moved = false;
    for (int i = 0; i < 6; i++) {
      StepStats s = t.step();
      // D(real), D(fake) are the batch means L(x), L(G(z)) of this step's discriminator update
      double lx = s.dReal();
      double lg = s.dFake();
      assertThat(s.metrics().get("began_k")).isCloseTo(k, within(1e-6));
      assertThat(s.metrics().get("began_m")).isCloseTo(lx + Math.abs(0.7 * lx - lg), within(1e-5));
      double expected = loss.nextK(k, lx, lg);
      assertThat(k(gan)).as("k after step %d", i + 1).isCloseTo(expected, within(1e-5));
      moved |= expected > 0 && expected < 1;
      k = k(gan);
    }
    assertThat(moved).isTrue();
    assertThat(loss.nextK(0.99, 1, 0)).isEqualTo(1.0);
    assertThat(loss.nextK(0.01, 0, 1)).isEqualTo(0.0);
  }

  @Test
  void kIsSavedInCheckpointsAndTrainingContinuesFromIt(@TempDir Path dir) throws Exception {
    BoundaryEquilibriumLoss loss = new BoundaryEquilibriumLoss(0.7, 0.4);
    Gan gan = gan(loss);
    GanTrainer t = trainer(gan);
    gan.parameters().array(BoundaryEquilibriumLoss.K_STATE).assign(0.5);
    for (int i = 0; i < 3; i++) {
      t.step();
    }
    double saved = k(gan);
    assertThat(saved).isNotEqualTo(0.5).isBetween(0.0, 1.0);
    Path file = dir.resolve("began.ckpt");
    t.saveCheckpoint(file);
    StepStats next = t.step();

    Gan restored = gan(loss);
    GanTrainer r = trainer(restored);
    assertThat(k(restored)).isZero();
    r.restore(file);
    assertThat(k(restored)).isEqualTo(saved);
    StepStats again = r.step();
    assertThat(again.metrics().get("began_k")).isEqualTo(next.metrics().get("began_k"));
    assertThat(k(restored)).isEqualTo(k(gan));
  }

  @Test
  void discriminatorLossWithABalanceMatchesFiniteDifferences() {
    INDArray real = new Rng(1).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(4));
    INDArray fake = new Rng(2).uniform(DataType.DOUBLE, -1, 1, TinyModels.IMAGE.batchShape(4));
    BoundaryEquilibriumLoss loss = new BoundaryEquilibriumLoss(0.5, 0.001);
    LossGraph lg =
        new LossGraph(
                TinyModels.autoEncoder(true, AutoEncoderDiscriminator.Energy.L1),
                Phase.DISCRIMINATOR,
                real,
                fake,
                9)
            .build(loss::discriminatorLoss);
    lg.store().array(BoundaryEquilibriumLoss.K_STATE).assign(0.3);
    double lx = lg.scores(real).meanNumber().doubleValue();
    double lgz = lg.scores(fake).meanNumber().doubleValue();
    assertThat(lg.value()).isCloseTo(lx - 0.3 * lgz, within(1e-12));
    int nonTrivial =
        FiniteDifferences.check(lg.store(), lg.parameterNames(), lg.gradients(), lg::value, 4, 7);
    assertThat(nonTrivial).isGreaterThan(20);
  }

  @Test
  void shortRunLowersTheConvergenceMeasure() {
    GanTrainer t = trainer(gan(new BoundaryEquilibriumLoss(0.5, 0.01)));
    List<Double> m = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      StepStats s = t.step();
      m.add(s.metrics().get("began_m"));
      System.out.printf(
          "BEGAN step %d real %.4f fake %.4f k %.4f M %.4f%n",
          i, s.dReal(), s.dFake(), s.metrics().get("began_k"), m.get(i));
    }
    double first =
        m.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last =
        m.subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    System.out.printf(
        "BEGAN convergence measure M: first 10 steps %.4f, last 10 %.4f%n", first, last);
    assertThat(last).isLessThan(first * 0.85);
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new BoundaryEquilibriumLoss(1.5, 0.001))
        .hasMessageContaining("--began-gamma")
        .hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new BoundaryEquilibriumLoss(0.5, 0))
        .hasMessageContaining("--began-lambda-k");
  }
}

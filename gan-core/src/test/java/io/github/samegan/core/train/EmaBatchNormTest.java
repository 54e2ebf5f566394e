package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The generator EMA samples with batch-norm statistics re-estimated for the EMA weights (standing
 * statistics), not with the training generator's running statistics.
 */
class EmaBatchNormTest {
  private static final int LATENT = 8;
  private static final int BATCHES = 3;
  private static final int BATCH = 5;
  private static final double EPS = 1e-5;

  /** z(8) → dense 6 → BN → ReLU → dense 5 → BN → ReLU → dense 128 → tanh → [2, 8, 8]. */
  private static Generator mlpGenerator() {
    return new SequentialGenerator(
        "mlp",
        LATENT,
        TinyModels.IMAGE,
        Sequential.of(
            new Dense(LATENT, 6, true, Init.normal(0.5)),
            new BatchNorm(6),
            Activation.relu(),
            new Dense(6, 5, true, Init.normal(0.5)),
            new BatchNorm(5),
            Activation.relu(),
            new Dense(5, 128, true, Init.normal(0.3)),
            Activation.tanh(),
            Reshape.toImage(2, 8, 8)));
  }

  private static Gan gan(int bnBatches) {
    return Gan.builder(mlpGenerator(), TinyModels.discriminator(false), new BceLoss())
        .dataType(DataType.DOUBLE)
        .generatorEma(0.9)
        .emaBatchNorm(bnBatches, BATCH)
        .seed(7)
        .build();
  }

  private static GanTrainer trainer(Gan gan) {
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 4, 1, DataType.DOUBLE))
        .build();
  }

  private static Map<String, INDArray> liveStatistics(Gan gan) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (ParameterStore.Entry e : gan.parameters().entries(n -> n.contains("running_"))) {
      m.put(e.name(), e.array().dup());
    }
    return m;
  }

  private static INDArray ema(ParameterStore s, String name) {
    return s.array(Gan.EMA_PREFIX + name);
  }

  @Test
  void emaStatisticsAreTheBatchStatisticsOfTheEmaGeneratorAveragedOverSeededLatents() {
    Gan gan = gan(BATCHES);
    GanTrainer t = trainer(gan);
    for (int i = 0; i < 3; i++) {
      t.step();
    }
    Map<String, INDArray> liveBefore = liveStatistics(gan);
    assertThat(liveBefore).hasSize(2 * 2 + 2); // G's two BNs and D's one

    Map<String, INDArray> stats = gan.emaBatchNormStatistics();
    assertThat(gan.emaBatchNormBatches()).isEqualTo(BATCHES);
    assertThat(stats.keySet())
        .containsExactly(
            "G/1bn/running_mean", "G/1bn/running_var", "G/4bn/running_mean", "G/4bn/running_var");

    // by hand: the EMA weights in training mode over the same latents, averaged over the batches
    ParameterStore s = gan.parameters();
    INDArray w0 = ema(s, "G/0dense/W"), b0 = ema(s, "G/0dense/b");
    INDArray g1 = ema(s, "G/1bn/gamma"), be1 = ema(s, "G/1bn/beta");
    INDArray w3 = ema(s, "G/3dense/W"), b3 = ema(s, "G/3dense/b");
    INDArray[] sums = {
      Nd4j.zeros(DataType.DOUBLE, 6),
      Nd4j.zeros(DataType.DOUBLE, 6),
      Nd4j.zeros(DataType.DOUBLE, 5),
      Nd4j.zeros(DataType.DOUBLE, 5)
    };
    Rng rng = gan.emaStatisticsRng();
    for (int k = 0; k < BATCHES; k++) {
      INDArray z = rng.gaussian(DataType.DOUBLE, BATCH, LATENT);
      INDArray a1 = z.mmul(w0).addiRowVector(b0);
      INDArray m1 = a1.mean(0);
      INDArray v1 = a1.var(false, 0);
      INDArray xHat = a1.subRowVector(m1).diviRowVector(Transforms.sqrt(v1.add(EPS)));
      INDArray h1 = Transforms.relu(xHat.mulRowVector(g1).addiRowVector(be1));
      INDArray a2 = h1.mmul(w3).addiRowVector(b3);
      sums[0].addi(m1);
      sums[1].addi(v1);
      sums[2].addi(a2.mean(0));
      sums[3].addi(a2.var(false, 0));
    }
    List<INDArray> got = List.copyOf(stats.values());
    for (int i = 0; i < 4; i++) {
      INDArray expected = sums[i].div(BATCHES);
      assertThat(got.get(i).sub(expected).amaxNumber().doubleValue())
          .as("stat " + i)
          .isLessThan(1e-5);
    }
    // they are not the training generator's statistics, which stay as they were
    INDArray z = new Rng(3).gaussian(DataType.DOUBLE, 4, LATENT);
    gan.sample(z);
    assertThat(got.get(0)).isNotEqualTo(liveBefore.get("G/1bn/running_mean"));
    assertThat(liveStatistics(gan)).isEqualTo(liveBefore);
    // another step moves the EMA and with it the statistics
    t.step();
    assertThat(gan.emaBatchNormStatistics().get("G/1bn/running_mean")).isNotEqualTo(got.get(0));
  }

  @Test
  void reestimatedStatisticsCancelAShiftBeforeBatchNormWhileStaleOnesChangeTheSamples() {
    Gan standing = gan(BATCHES);
    Gan stale = gan(0);
    assertThat(stale.emaBatchNormBatches()).isZero();
    assertThat(stale.emaBatchNormStatistics()).isEmpty();
    INDArray z = new Rng(3).gaussian(DataType.DOUBLE, 6, LATENT);
    INDArray standingBefore = standing.sample(z);
    INDArray staleBefore = stale.sample(z);
    INDArray meanBefore = standing.emaBatchNormStatistics().get("G/1bn/running_mean");
    // EMA weights far from the live ones: a bias shift of 3 before the first batch norm, which
    // batch statistics cancel exactly
    for (Gan g : List.of(standing, stale)) {
      ema(g.parameters(), "G/0dense/b").addi(3.0);
      g.parameters().markChanged();
    }
    INDArray standingAfter = standing.sample(z);
    INDArray staleAfter = stale.sample(z);
    assertThat(standing.emaBatchNormStatistics().get("G/1bn/running_mean").sub(meanBefore))
        .satisfies(d -> assertThat(d.sub(3.0).amaxNumber().doubleValue()).isLessThan(1e-9));
    assertThat(standingAfter.sub(standingBefore).amaxNumber().doubleValue()).isLessThan(1e-9);
    // the stale statistics (the live generator's) normalise the shifted activations wrongly
    assertThat(staleAfter.sub(staleBefore).amaxNumber().doubleValue()).isGreaterThan(0.3);
    assertThat(standingAfter.sub(staleAfter).amaxNumber().doubleValue()).isGreaterThan(0.3);
  }

  @Test
  void checkpointsAreTheSameWithOrWithoutReestimationAndLoadedWeightsAreReestimated(
      @TempDir Path dir) throws Exception {
    Gan gan = gan(BATCHES);
    GanTrainer t = trainer(gan);
    t.step();
    t.step();
    Path f = dir.resolve("ema.ckpt");
    t.saveCheckpoint(f);
    Gan off = gan(0);
    assertThat(off.parameters().entries().stream().map(ParameterStore.Entry::name))
        .containsExactlyElementsOf(
            gan.parameters().entries().stream().map(ParameterStore.Entry::name).toList());
    Checkpoints.loadWeights(f, off.parameters()); // a checkpoint loads either way
    Gan other = gan(BATCHES);
    INDArray z = new Rng(3).gaussian(DataType.DOUBLE, 5, LATENT);
    other.sample(z); // statistics of the fresh weights, then replaced by the loaded ones
    Checkpoints.loadWeights(f, other.parameters());
    assertThat(other.sample(z)).isEqualTo(gan.sample(z));
    assertThat(other.emaBatchNormStatistics()).isEqualTo(gan.emaBatchNormStatistics());
  }

  @Test
  void settingsAreValidatedAndAGeneratorWithoutBatchNormHasNothingToReestimate() {
    Gan.Builder b = Gan.builder(mlpGenerator(), TinyModels.discriminator(false), new BceLoss());
    assertThatThrownBy(() -> b.emaBatchNorm(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> b.emaBatchNorm(4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
    Gan noEma = b.emaBatchNorm(4).build();
    assertThat(noEma.emaBatchNormBatches()).isZero();
    Gan defaults =
        Gan.builder(mlpGenerator(), TinyModels.discriminator(false), new BceLoss())
            .generatorEma(0.9)
            .build();
    assertThat(defaults.emaBatchNormBatches()).isEqualTo(Gan.DEFAULT_EMA_BN_BATCHES);
  }
}

package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The generator EMA: exact update rule, used for sampling, kept in checkpoints. */
class GeneratorEmaTest {
  private static final double DECAY = 0.9;

  private static Gan gan(double decay) {
    return Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
        .generatorEma(decay)
        .build();
  }

  @Test
  void emaWeightsAreDecayTimesOldPlusOneMinusDecayTimesNewAfterAStep() {
    Gan gan = gan(DECAY);
    ParameterStore s = gan.parameters();
    List<String> names = s.parameterNames("G/");
    assertThat(names).isNotEmpty();
    for (String n : names) {
      assertThat(s.get(Gan.EMA_PREFIX + n).kind()).isEqualTo(ParameterStore.Kind.STATE);
      assertThat(s.array(Gan.EMA_PREFIX + n)).isEqualTo(s.array(n)); // starts as a copy
    }
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 4, 1)).build();
    for (int step = 0; step < 3; step++) {
      Map<String, INDArray> old = new LinkedHashMap<>();
      names.forEach(n -> old.put(n, s.array(Gan.EMA_PREFIX + n).dup()));
      t.step();
      for (String n : names) {
        INDArray expected = old.get(n).mul(DECAY).addi(s.array(n).mul(1.0 - DECAY));
        assertThat(s.array(Gan.EMA_PREFIX + n)).as(n).isEqualTo(expected);
        assertThat(s.array(Gan.EMA_PREFIX + n)).as(n).isNotEqualTo(s.array(n));
      }
    }
    assertThat(gan.generatorParameterCount()).isEqualTo(gan(0).generatorParameterCount());
  }

  @Test
  void samplingUsesTheEmaWeights() {
    // with the live generator's batch-norm statistics (EmaBatchNormTest covers re-estimated ones)
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .generatorEma(DECAY)
            .emaBatchNorm(0)
            .build();
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 4, 1)).build();
    t.step();
    t.step();
    INDArray z = new Rng(3).gaussian(gan.dataType(), 5, gan.generator().latentDim());
    INDArray ema = gan.sample(z);
    INDArray live = gan.sample(z, null, false);
    assertThat(ema).isEqualTo(gan.sample(z, null, true));
    assertThat(ema).isNotEqualTo(live);
    // copying the live weights into the EMA slots makes both samplers agree
    ParameterStore s = gan.parameters();
    for (String n : s.parameterNames("G/")) {
      s.array(Gan.EMA_PREFIX + n).assign(s.array(n));
    }
    assertThat(gan.sample(z)).isEqualTo(live);
  }

  @Test
  void emaArraysRoundTripThroughCheckpoints(@TempDir Path dir) throws Exception {
    Gan gan = gan(DECAY);
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 4, 1)).build();
    t.step();
    Path f = dir.resolve("ema.ckpt");
    t.saveCheckpoint(f);
    Gan other = gan(DECAY);
    Checkpoints.loadWeights(f, other.parameters());
    INDArray z = new Rng(3).gaussian(gan.dataType(), 5, gan.generator().latentDim());
    assertThat(other.sample(z)).isEqualTo(gan.sample(z));
    String name = Gan.EMA_PREFIX + gan.parameters().parameterNames("G/").get(0);
    assertThat(other.parameters().array(name)).isEqualTo(gan.parameters().array(name));
  }

  @Test
  void emaSamplingWithoutEmaIsRefusedAndDecayIsValidated() {
    Gan plain = gan(0);
    INDArray z = new Rng(3).gaussian(plain.dataType(), 2, plain.generator().latentDim());
    assertThatThrownBy(() -> plain.sample(z, null, true)).hasMessageContaining("generatorEma");
    assertThatThrownBy(
            () ->
                Gan.builder(
                        TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
                    .generatorEma(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.0");
  }
}

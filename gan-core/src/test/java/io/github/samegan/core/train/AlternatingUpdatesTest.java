package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AlternatingUpdatesTest {

  private static Map<String, INDArray> snapshot(ParameterStore store, String prefix) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (ParameterStore.Entry e : store.entries(n -> n.startsWith(prefix))) {
      m.put(e.name(), e.array().dup());
    }
    return m;
  }

  private static GanTrainer trainer() {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 16, 5)).seed(9).build();
  }

  @Test
  void discriminatorStepLeavesGeneratorUnchanged() {
    GanTrainer t = trainer();
    ParameterStore store = t.gan().parameters();
    Map<String, INDArray> g0 = snapshot(store, "G/");
    Map<String, INDArray> d0 = snapshot(store, "D/");
    t.discriminatorUpdate(1);
    // every G array, parameters and batch-norm statistics alike, is bit-identical
    g0.forEach((name, before) -> assertThat(store.array(name)).as(name).isEqualTo(before));
    // and every D parameter actually moved
    for (String name : store.parameterNames("D/")) {
      assertThat(store.array(name)).as(name).isNotEqualTo(d0.get(name));
    }
  }

  @Test
  void generatorStepLeavesDiscriminatorUnchanged() {
    GanTrainer t = trainer();
    ParameterStore store = t.gan().parameters();
    t.discriminatorUpdate(1);
    Map<String, INDArray> d0 = snapshot(store, "D/");
    Map<String, INDArray> g0 = snapshot(store, "G/");
    t.generatorUpdate(1);
    d0.forEach((name, before) -> assertThat(store.array(name)).as(name).isEqualTo(before));
    for (String name : store.parameterNames("G/")) {
      assertThat(store.array(name)).as(name).isNotEqualTo(g0.get(name));
    }
  }

  @Test
  void fullStepRunsNCriticDiscriminatorUpdatesPerGeneratorUpdate() {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .build();
    RandomImages data = new RandomImages(TinyModels.IMAGE, 8, 1);
    GanTrainer t = GanTrainer.builder(gan, data).nCritic(3).build();
    t.step();
    t.step();
    // each D update consumes one real batch
    assertThat(data.position()[0]).isEqualTo(6);
    assertThat(t.currentStep()).isEqualTo(2);
  }

  @Test
  void batchNormRunningStatisticsFollowTheOwningNetworksStep() {
    GanTrainer t = trainer();
    ParameterStore store = t.gan().parameters();
    String gMean =
        store.entries(n -> n.startsWith("G/") && n.endsWith("running_mean")).get(0).name();
    String dMean =
        store.entries(n -> n.startsWith("D/") && n.endsWith("running_mean")).get(0).name();
    INDArray g0 = store.array(gMean).dup();
    INDArray d0 = store.array(dMean).dup();
    t.discriminatorUpdate(1);
    assertThat(store.array(dMean)).isNotEqualTo(d0);
    assertThat(store.array(gMean)).isEqualTo(g0);
    t.generatorUpdate(1);
    assertThat(store.array(gMean)).isNotEqualTo(g0);
  }
}

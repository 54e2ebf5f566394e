package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.samediff.SessionArrays;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Recycling a finished update's arrays changes where arrays live, never a value. */
class SessionArraysTest {

  private static List<INDArray> train(boolean recycle, List<Double> losses) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 5))
            .seed(9)
            .nCritic(2)
            .recycleArrays(recycle)
            .build();
    for (int i = 0; i < 6; i++) {
      StepStats s = t.step();
      losses.add(s.dLoss());
      losses.add(s.gLoss());
    }
    List<INDArray> out = new ArrayList<>();
    for (ParameterStore.Entry e : gan.parameters().entries()) {
      out.add(e.array().dup());
    }
    return out;
  }

  @Test
  void trainingWithRecycledArraysIsBitIdenticalToTrainingWithout() {
    List<Double> withLosses = new ArrayList<>();
    List<Double> withoutLosses = new ArrayList<>();
    List<INDArray> with = train(true, withLosses);
    List<INDArray> without = train(false, withoutLosses);
    assertThat(withLosses).containsExactlyElementsOf(withoutLosses);
    assertThat(with).hasSameSizeAs(without);
    for (int i = 0; i < with.size(); i++) {
      assertThat(with.get(i)).isEqualTo(without.get(i));
    }
  }

  @Test
  void theSecondUpdateReusesTheFirstUpdatesBuffers() {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 5)).seed(9).build();
    t.step();
    var session =
        gan.discriminatorGraph().sd().getFunction("grad").getSessions().values().iterator().next();
    var cache = (org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr) session.getMmgr();
    // after the update its op outputs wait in the cache, and the session's value map holds none of
    // them
    assertThat(cache.getLruCache()).hasSizeGreaterThan(10);
    assertThat(session.getNodeValueOutputs()).hasSizeLessThan(cache.getLruCache().size());
  }

  /**
   * An op output that shares a graph array's buffer without being a view must not be recycled. In
   * the ResNet SN-GAN's hinge-loss graphs SameDiff seeds the backward pass with {@code
   * identity(one-var)}, whose output is the seed variable's own buffer. Recycled, the cache closed
   * that variable when it evicted it, and a later step failed with "You can't use DataBuffer once
   * it was released" (with -Xmx2g, where the cache is small). The test puts such an alias into the
   * session's values, as that graph had it.
   */
  @Test
  void neverRecyclesTheBufferOfAGraphConstantOrVariable() {
    org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
    var w = sd.var("w", org.nd4j.linalg.factory.Nd4j.createFromArray(0.5, -1.0, 2.0));
    INDArray k = org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, 2.0, 3.0);
    var x = sd.constant("x", k);
    var product = w.mul(x);
    var loss = product.sum();
    sd.setLossVariables(loss.name());
    INDArray g1 = sd.calculateGradients(java.util.Map.of(), "w").get("w").dup();
    var session = sd.getFunction("grad").getSessions().values().iterator().next();
    var entry =
        session.getNodeValueOutputs().entrySet().stream()
            .filter(e -> e.getKey().getVariable().equals(product.name()))
            .findFirst()
            .orElseThrow();
    INDArray alias = org.nd4j.linalg.factory.Nd4j.create(k.data(), k.shape());
    assertThat(alias.isView()).isFalse();
    entry.setValue(org.nd4j.autodiff.samediff.config.SDValue.create(alias));

    SessionArrays.recycle(sd, List.of());
    var cache = (org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr) session.getMmgr();
    for (INDArray cached : cache.getLruCacheValues().values()) {
      assertThat(cached.data().address()).as("a cached buffer").isNotEqualTo(k.data().address());
    }
    assertThat(k.wasClosed()).isFalse();
    assertThat(sd.calculateGradients(java.util.Map.of(), "w").get("w")).isEqualTo(g1);
  }
}

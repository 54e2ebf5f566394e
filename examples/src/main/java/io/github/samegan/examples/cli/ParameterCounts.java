package io.github.samegan.examples.cli;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.model.ClassifyingDiscriminator;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.models.Architecture;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** Counts an architecture's parameters by building it once into a throwaway graph. */
final class ParameterCounts {
  private ParameterCounts() {}

  /**
   * {generator parameters, discriminator parameters}, conditioning the networks on as many classes
   * as they take (data labels or, for InfoGAN, latent codes).
   */
  static long[] of(Architecture a) {
    int numClasses =
        Math.max(a.generator().numClasses(), Discriminator.numClasses(a.discriminator()));
    ParameterStore store = new ParameterStore();
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(0), DataType.FLOAT, NetGraph.Mode.INFERENCE, n -> false);
    var z = sd.placeHolder("z", DataType.FLOAT, -1, a.generator().latentDim());
    var labels = numClasses > 0 ? sd.placeHolder("y", DataType.FLOAT, -1, numClasses) : null;
    var img = a.generator().generate(g.scope("G"), z, labels);
    if (a.discriminator() instanceof ClassifyingDiscriminator c) {
      c.discriminateWithClassLogits(g.scope("D"), img, labels); // both heads
    } else {
      Discriminator.scores(a.discriminator(), g.scope("D"), img, labels);
    }
    return new long[] {store.parameterCount("G/"), store.parameterCount("D/")};
  }
}

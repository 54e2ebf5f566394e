package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A generator: maps a batch of latent vectors {@code z: [B, latentDim]} to images {@code [B, C, H,
 * W]} in [−1, 1]. Implementations create their weights through {@link NetGraph#param}, so building
 * the same generator into several graphs over one parameter store shares the weights.
 */
public interface Generator {

  /** Size of the latent vector. */
  long latentDim();

  /** Shape of one generated image. */
  ImageShape outputShape();

  /** Adds the generator to the graph (under the given context's scope) and returns its images. */
  SDVariable generate(NetGraph g, SDVariable z);

  /**
   * The number of classes this generator is conditioned on; 0 (the default) for an unconditional
   * generator. A conditional generator implements {@link #generate(NetGraph, SDVariable,
   * SDVariable)}.
   */
  default int numClasses() {
    return 0;
  }

  /**
   * Adds a class-conditional generator: {@code labels} are one-hot {@code [B, numClasses]} in the
   * graph's data type ({@code null} for an unconditional GAN). The default ignores the labels.
   */
  default SDVariable generate(NetGraph g, SDVariable z, SDVariable labels) {
    return generate(g, z);
  }

  /** A short human-readable description. */
  default String describe() {
    return getClass().getSimpleName() + "(z=" + latentDim() + " → " + outputShape() + ")";
  }
}

package io.github.samegan.core.train;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Transforms applied inside both training graphs to every batch the discriminator sees, real and
 * generated, differentiable with respect to the images: {@link DiffAugment} and {@link
 * AdaptiveAugment}.
 */
public interface DiscriminatorAugment {

  /**
   * Adds the transforms of one batch to a graph.
   *
   * @param g the graph (random inputs are registered in it, named after {@code which})
   * @param which a name distinguishing independently augmented batches, e.g. {@code real}
   * @param x images {@code [B, C, H, W]}
   * @param chw C, H, W
   * @return the augmented images, same shape
   */
  SDVariable apply(NetGraph g, String which, SDVariable x, long[] chw);
}

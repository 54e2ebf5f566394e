package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator (or critic): maps images {@code [B, C, H, W]} to one unnormalised score per image
 * {@code [B, 1]} (a logit for probabilistic losses, a critic value for Wasserstein losses). Calling
 * it twice in one graph (real, then generated) reuses the same weights.
 */
public interface Discriminator {

  /** Shape of one input image. */
  ImageShape inputShape();

  /** Adds the discriminator to the graph (under the given context's scope) and returns its scores. */
  SDVariable discriminate(NetGraph g, SDVariable images);

  /** A short human-readable description. */
  default String describe() {
    return getClass().getSimpleName() + "(" + inputShape() + " → 1)";
  }
}

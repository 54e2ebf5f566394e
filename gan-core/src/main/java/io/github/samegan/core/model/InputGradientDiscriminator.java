package io.github.samegan.core.model;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator that can also give the gradient of its scores with respect to its input, built
 * from forward ops: SameDiff 1.0.0-M2.1 cannot differentiate a gradient, so gradient penalties
 * (WGAN-GP, R1, R2, DRAGAN) need this form to train D on it (docs/internals.md).
 */
public interface InputGradientDiscriminator extends Discriminator {

  /**
   * Adds the discriminator (same weights as {@link #discriminate}) and its input gradient {@code
   * ∂(Σᵢ D(xᵢ))/∂x} written with forward ops.
   *
   * @param labels one-hot labels {@code [B, K]} for a {@link ConditionalDiscriminator}, otherwise
   *     {@code null}
   * @throws IllegalStateException if a block of this discriminator provides no input gradient; the
   *     message names the block
   */
  WithInputGradient discriminateWithInputGradient(NetGraph g, SDVariable images, SDVariable labels);
}

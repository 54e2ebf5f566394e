package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator (or critic): maps images {@code [B, C, H, W]} to one unnormalised score per image
 * {@code [B, 1]} (a logit for probabilistic losses, a critic value for Wasserstein losses). Calling
 * it twice in one graph (real, then generated) reuses the same weights.
 *
 * <p>Two optional capabilities serve particular losses: {@link #discriminateWithInputGradient}
 * (gradient penalties: WGAN-GP, R1, R2, DRAGAN) and {@link #features} (feature matching). Their
 * defaults throw an {@link IllegalStateException} naming the discriminator, so a loss that needs
 * them fails when the GAN is built.
 */
public interface Discriminator {

  /**
   * D's scores on a batch and the gradient of their sum with respect to the batch.
   *
   * @param scores D's scores {@code [B, 1]}
   * @param inputGradient {@code ∂(Σᵢ D(xᵢ))/∂x}, shape {@code [B, C, H, W]}, built from forward
   *     ops so that SameDiff can differentiate a penalty on it with respect to D's parameters
   */
  record WithInputGradient(SDVariable scores, SDVariable inputGradient) {

    /** Validates the components. */
    public WithInputGradient {
      Objects.requireNonNull(scores, "scores");
      Objects.requireNonNull(inputGradient, "inputGradient");
    }
  }

  /** Shape of one input image. */
  ImageShape inputShape();

  /** Adds the discriminator to the graph (under the given context's scope) and returns its scores. */
  SDVariable discriminate(NetGraph g, SDVariable images);

  /**
   * Adds the discriminator (same weights as {@link #discriminate}) and its input gradient {@code
   * ∂(Σᵢ D(xᵢ))/∂x} written with forward ops. SameDiff 1.0.0-M2.1 cannot differentiate a gradient,
   * so a gradient penalty needs this form.
   *
   * @throws IllegalStateException if a block of this discriminator provides no input gradient; the
   *     message names the block
   */
  default WithInputGradient discriminateWithInputGradient(NetGraph g, SDVariable images) {
    throw new IllegalStateException(
        "Discriminator " + describe() + " (" + getClass().getName() + ") provides no input gradient"
            + " built from forward ops, which gradient penalties (WGAN-GP, R1, R2, DRAGAN) need;"
            + " implement Discriminator.discriminateWithInputGradient or use a SequentialDiscriminator"
            + " of blocks that support it (docs/losses.md)");
  }

  /**
   * An intermediate feature of the discriminator for each image, flattened to {@code [B, F]} (e.g.
   * the last hidden layer), for feature matching. Same weights as {@link #discriminate}.
   *
   * @throws IllegalStateException if this discriminator exposes no features
   */
  default SDVariable features(NetGraph g, SDVariable images) {
    throw new IllegalStateException(
        "Discriminator " + describe() + " (" + getClass().getName() + ") exposes no intermediate"
            + " features, which feature matching needs; implement Discriminator.features or use a"
            + " SequentialDiscriminator with a Sequential body");
  }

  /**
   * The number of classes this discriminator is conditioned on (e.g. a projection discriminator);
   * 0 (the default) for an unconditional one.
   */
  default int numClasses() {
    return 0;
  }

  /**
   * A class-conditional discriminator's scores: {@code labels} are one-hot {@code [B,
   * numClasses]} ({@code null} for an unconditional GAN). The default ignores the labels.
   */
  default SDVariable discriminate(NetGraph g, SDVariable images, SDVariable labels) {
    return discriminate(g, images);
  }

  /** As {@link #discriminateWithInputGradient(NetGraph, SDVariable)}, with labels (see above). */
  default WithInputGradient discriminateWithInputGradient(NetGraph g, SDVariable images, SDVariable labels) {
    return discriminateWithInputGradient(g, images);
  }

  /** A short human-readable description. */
  default String describe() {
    return getClass().getSimpleName() + "(" + inputShape() + " → 1)";
  }
}

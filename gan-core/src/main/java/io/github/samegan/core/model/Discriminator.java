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
 * <p>Three optional capabilities serve particular losses: {@link #discriminateWithInputGradient}
 * (gradient penalties: WGAN-GP, R1, R2, DRAGAN), {@link #features} (feature matching) and {@link
 * #discriminateWithClassLogits} (an auxiliary classifier, AC-GAN). Their defaults throw an {@link
 * IllegalStateException} naming the discriminator, so a loss that needs them fails when the GAN is
 * built.
 */
public interface Discriminator {

  /**
   * D's scores on a batch and the gradient of their sum with respect to the batch.
   *
   * @param scores D's scores {@code [B, 1]}
   * @param inputGradient {@code ∂(Σᵢ D(xᵢ))/∂x}, shape {@code [B, C, H, W]}, built from forward
   *     ops so that SameDiff can differentiate a penalty on it with respect to D's parameters
   * @param classLogits the auxiliary classifier's logits {@code [B, K]} from the same pass, or
   *     {@code null} when D has none (see {@link #auxiliaryClasses})
   */
  record WithInputGradient(SDVariable scores, SDVariable inputGradient, SDVariable classLogits) {

    /** Validates the components. */
    public WithInputGradient {
      Objects.requireNonNull(scores, "scores");
      Objects.requireNonNull(inputGradient, "inputGradient");
    }

    /** Scores and input gradient of a discriminator without an auxiliary classifier. */
    public WithInputGradient(SDVariable scores, SDVariable inputGradient) {
      this(scores, inputGradient, null);
    }
  }

  /**
   * D's scores and its auxiliary classifier's class logits, computed in one pass (AC-GAN).
   *
   * @param scores the real/fake scores {@code [B, 1]}
   * @param classLogits unnormalised class log-probabilities {@code [B, K]}
   */
  record WithClassLogits(SDVariable scores, SDVariable classLogits) {

    /** Validates the components. */
    public WithClassLogits {
      Objects.requireNonNull(scores, "scores");
      Objects.requireNonNull(classLogits, "classLogits");
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

  /**
   * The number of classes K of this discriminator's auxiliary classifier (AC-GAN, Odena et al.
   * 2017): a head next to the real/fake score that predicts the class of any image. 0 (the default)
   * when there is none. A GAN with such a discriminator needs a generator conditioned on the same
   * K classes and a loss that trains the head (gan-losses' {@code AuxiliaryClassifierLoss}).
   */
  default int auxiliaryClasses() {
    return 0;
  }

  /**
   * D's scores and the auxiliary classifier's logits {@code [B, auxiliaryClasses()]} in one pass
   * (same weights as {@link #discriminate}).
   *
   * @param labels one-hot labels for a discriminator that is also conditioned on the class ({@link
   *     #numClasses()} &gt; 0), otherwise {@code null}
   * @throws IllegalStateException if this discriminator has no auxiliary classifier (the default)
   */
  default WithClassLogits discriminateWithClassLogits(NetGraph g, SDVariable images, SDVariable labels) {
    throw new IllegalStateException(
        "Discriminator " + describe() + " (" + getClass().getName() + ") has no auxiliary classifier;"
            + " AC-GAN needs one (e.g. the 'acgan' model)");
  }

  /** A short human-readable description. */
  default String describe() {
    return getClass().getSimpleName() + "(" + inputShape() + " → 1)";
  }
}

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
 * <p>Optional abilities are small interfaces of their own, which a discriminator implements when it
 * has them and a loss asks for when it needs them (the GAN refuses to build, naming the missing
 * ability, otherwise):
 *
 * <ul>
 *   <li>{@link ConditionalDiscriminator}: told the class of each image (projection D);
 *   <li>{@link InputGradientDiscriminator}: its input gradient built from forward ops (gradient
 *       penalties: WGAN-GP, R1, R2, DRAGAN);
 *   <li>{@link FeatureDiscriminator}: an intermediate feature per image (feature matching);
 *   <li>{@link ClassifyingDiscriminator}: an auxiliary classifier head (AC-GAN, InfoGAN's Q).
 * </ul>
 */
public interface Discriminator {

  /**
   * D's scores on a batch and the gradient of their sum with respect to the batch ({@link
   * InputGradientDiscriminator}).
   *
   * @param scores D's scores {@code [B, 1]}
   * @param inputGradient {@code ∂(Σᵢ D(xᵢ))/∂x}, shape {@code [B, C, H, W]}, built from forward ops
   *     so that SameDiff can differentiate a penalty on it with respect to D's parameters
   * @param classLogits the auxiliary classifier's logits {@code [B, K]} from the same pass, or
   *     {@code null} when D has none ({@link ClassifyingDiscriminator})
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
   * D's scores and its auxiliary classifier's class logits, computed in one pass ({@link
   * ClassifyingDiscriminator}).
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

  /**
   * Adds the discriminator to the graph (under the given context's scope) and returns its scores.
   */
  SDVariable discriminate(NetGraph g, SDVariable images);

  /**
   * A discriminator's scores, told the labels when it is a {@link ConditionalDiscriminator} and
   * labels are given.
   *
   * @param labels one-hot labels {@code [B, K]}, or {@code null}
   */
  static SDVariable scores(Discriminator d, NetGraph g, SDVariable images, SDVariable labels) {
    return labels != null && d instanceof ConditionalDiscriminator c
        ? c.discriminate(g, images, labels)
        : d.discriminate(g, images);
  }

  /**
   * The number of classes a discriminator is told ({@link ConditionalDiscriminator}), 0 for any
   * other.
   */
  static int numClasses(Discriminator d) {
    return d instanceof ConditionalDiscriminator c ? c.numClasses() : 0;
  }

  /**
   * The number of classes of a discriminator's auxiliary classifier ({@link
   * ClassifyingDiscriminator}), 0 for any other.
   */
  static int auxiliaryClasses(Discriminator d) {
    return d instanceof ClassifyingDiscriminator c ? c.auxiliaryClasses() : 0;
  }

  /** A short human-readable description. */
  default String describe() {
    return getClass().getSimpleName() + "(" + inputShape() + " → 1)";
  }
}

package io.github.samegan.core.loss;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.model.Discriminator;
import java.util.function.LongToDoubleFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What a {@link GanLoss} can see while it adds its terms to a training graph. Everything is created
 * lazily: a generator loss that never asks for {@link #realLogits()} gets a graph without a
 * real-image input.
 */
public interface LossContext {

  /** Which update this graph computes. */
  enum Phase {
    /** The discriminator (critic) update: D's parameters are trainable. */
    DISCRIMINATOR,
    /** The generator update: G's parameters are trainable, gradients flow through D. */
    GENERATOR
  }

  /** The phase of this graph. */
  Phase phase();

  /** The graph being built. */
  SameDiff sd();

  /** The graph context (for random inputs and the data type). */
  NetGraph graph();

  /** A batch of real images {@code [B, C, H, W]} scaled to [−1, 1]. */
  SDVariable realImages();

  /** The generated batch {@code [B, C, H, W]}. */
  SDVariable fakeImages();

  /**
   * The latent batch {@code z: [B, latentDim]} the generated batch was generated from (e.g. for
   * InfoGAN's continuous codes, a slice of z that Q predicts back).
   *
   * @throws UnsupportedOperationException if this context has no generator (the default)
   */
  default SDVariable latent() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " provides no latent batch");
  }

  /** D's scores on the real batch, {@code [B, 1]}. */
  SDVariable realLogits();

  /** D's scores on the generated batch, {@code [B, 1]}. */
  SDVariable fakeLogits();

  /**
   * The one-hot labels {@code [B, K]} of the real batch, for class-conditional losses (e.g. the
   * auxiliary classifier of AC-GAN).
   *
   * @throws IllegalStateException if the GAN is unconditional (the default)
   */
  default SDVariable realLabels() {
    throw new IllegalStateException("This GAN is unconditional: there are no labels");
  }

  /**
   * The one-hot labels {@code [B, K]} the generated batch was conditioned on.
   *
   * @throws IllegalStateException if the GAN is unconditional (the default)
   */
  default SDVariable fakeLabels() {
    throw new IllegalStateException("This GAN is unconditional: there are no labels");
  }

  /**
   * The auxiliary classifier's logits {@code [B, K]} on the real batch (AC-GAN), from the same D
   * pass as {@link #realLogits()}.
   *
   * @throws IllegalStateException if the discriminator has no auxiliary classifier (the default)
   */
  default SDVariable realClassLogits() {
    throw new IllegalStateException(
        "The discriminator has no auxiliary classifier: there are no class logits");
  }

  /**
   * The auxiliary classifier's logits {@code [B, K]} on the generated batch, from the same D pass
   * as {@link #fakeLogits()}.
   *
   * @throws IllegalStateException if the discriminator has no auxiliary classifier (the default)
   */
  default SDVariable fakeClassLogits() {
    throw new IllegalStateException(
        "The discriminator has no auxiliary classifier: there are no class logits");
  }

  /** Applies the discriminator (same weights) to any batch of images, e.g. interpolates. */
  SDVariable discriminate(SDVariable images);

  /**
   * Applies the discriminator to a batch and returns its scores with the input gradient {@code ∂(Σᵢ
   * D(xᵢ))/∂x} built from forward ops (see {@link
   * io.github.samegan.core.model.InputGradientDiscriminator#discriminateWithInputGradient}), so
   * that a gradient penalty on it can be differentiated with respect to D's parameters. Asking for
   * {@link #realImages()} or {@link #fakeImages()} before {@link #realLogits()} / {@link
   * #fakeLogits()} lets the context reuse the scores instead of running D twice.
   *
   * @throws IllegalStateException if the discriminator provides no input gradient (naming the
   *     block)
   * @throws UnsupportedOperationException if this context has no discriminator (the default)
   */
  default Discriminator.WithInputGradient discriminateWithInputGradient(SDVariable images) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " provides no input gradients");
  }

  /**
   * The discriminator's intermediate features {@code [B, F]} for a batch (see {@link
   * io.github.samegan.core.model.FeatureDiscriminator#features}), for feature matching.
   *
   * @throws IllegalStateException if the discriminator exposes no features
   * @throws UnsupportedOperationException if this context has no discriminator (the default)
   */
  default SDVariable discriminatorFeatures(SDVariable images) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " provides no features");
  }

  /**
   * A per-step U[0, 1) input of shape {@code [B, perExample...]} fed from the trainer's seeded RNG
   * (e.g. interpolation weights for a gradient penalty).
   */
  default SDVariable uniform(String name, long... perExample) {
    return graph().uniformInput(name, perExample);
  }

  /**
   * A scalar input whose value the trainer sets before each update from the update's index (see
   * {@link NetGraph#scalarInput}), e.g. the weight of a lazily applied regulariser.
   */
  default SDVariable scalarInput(String name, LongToDoubleFunction valueForUpdate) {
    return graph().scalarInput(name, valueForUpdate);
  }

  /**
   * Reports a scalar with every step under {@code name} (see {@link NetGraph#monitor}), e.g. a
   * penalty's mean gradient norm.
   */
  default void monitor(String name, SDVariable scalar) {
    graph().monitor(name, scalar);
  }
}

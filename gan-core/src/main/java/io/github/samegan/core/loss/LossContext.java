package io.github.samegan.core.loss;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What a {@link GanLoss} can see while it adds its terms to a training graph. Everything is
 * created lazily: a generator loss that never asks for {@link #realLogits()} gets a graph without
 * a real-image input.
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

  /** D's scores on the real batch, {@code [B, 1]}. */
  SDVariable realLogits();

  /** D's scores on the generated batch, {@code [B, 1]}. */
  SDVariable fakeLogits();

  /** Applies the discriminator (same weights) to any batch of images, e.g. interpolates. */
  SDVariable discriminate(SDVariable images);

  /**
   * A per-step U[0, 1) input of shape {@code [B, perExample...]} fed from the trainer's seeded
   * RNG (e.g. interpolation weights for a gradient penalty).
   */
  default SDVariable uniform(String name, long... perExample) {
    return graph().uniformInput(name, perExample);
  }
}

package io.github.samegan.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Pure loss functions over D's outputs (the TorchGAN {@code functional} layer), built from
 * elementwise ops whose backward passes are correct in SameDiff 1.0.0-M2.1.
 *
 * <p>SameDiff's fused loss ops ({@code sd.loss().sigmoidCrossEntropy} etc.) are not used: their
 * backward pass ignores the incoming gradient, so any loss that scales, negates or weights them
 * gets a wrong gradient (docs/internals.md, {@code SameDiffQuirksTest}).
 */
public final class Functional {
  /** Above this, softplus(x) = x to within e^−30 ≈ 1e-13. */
  private static final double SOFTPLUS_LINEAR_ABOVE = 30.0;

  private Functional() {}

  /**
   * Numerically stable softplus {@code log(1 + e^x)} with the exact gradient σ(x). SameDiff's
   * {@code softplus} overflows to ∞ in float for x ≳ 88, so the argument is clamped at 30 and the
   * excess added linearly: {@code softplus(min(x, 30)) + max(x − 30, 0)}.
   */
  public static SDVariable softplus(SameDiff sd, SDVariable x) {
    SDVariable excess = sd.nn().relu(x.sub(SOFTPLUS_LINEAR_ABOVE), 0.0);
    return sd.nn().softplus(x.sub(excess)).add(excess);
  }

  /** {@code E[softplus(−x)] = E[−log σ(x)]}: binary cross-entropy of logits against label 1. */
  public static SDVariable bceWithLogitsOnes(SameDiff sd, SDVariable logits) {
    return softplus(sd, logits.neg()).mean();
  }

  /** {@code E[softplus(x)] = E[−log(1 − σ(x))]}: binary cross-entropy of logits against label 0. */
  public static SDVariable bceWithLogitsZeros(SameDiff sd, SDVariable logits) {
    return softplus(sd, logits).mean();
  }
}

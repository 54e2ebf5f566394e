package io.github.samegan.losses;

import io.github.samegan.core.samediff.SafeOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Pure loss functions over D's outputs (the TorchGAN {@code functional} layer), built from
 * elementwise ops whose backward passes are correct in SameDiff 1.0.0-M2.1.
 *
 * <p>SameDiff's fused loss ops ({@code sd.loss().sigmoidCrossEntropy} etc.) are not used: their
 * backward pass ignores the incoming gradient, so any loss that scales, negates or weights them
 * gets a wrong gradient (docs/internals.md, {@code SameDiffQuirksTest}). Nor is {@code
 * sd.nn.logSoftmax(x, dimension)}, whose gradient function cannot be built.
 */
public final class Functional {
  /** Added under the square root of a gradient norm so that its derivative stays finite at 0. */
  static final double NORM_EPSILON = 1e-12;

  private Functional() {}

  /**
   * Numerically stable softplus {@code log(1 + e^x)} with the exact gradient σ(x) ({@link
   * SafeOps#softplus}: SameDiff's own overflows in float for x ≳ 88).
   */
  public static SDVariable softplus(SameDiff sd, SDVariable x) {
    return SafeOps.softplus(sd, x);
  }

  /** {@code E[softplus(−x)] = E[−log σ(x)]}: binary cross-entropy of logits against label 1. */
  public static SDVariable bceWithLogitsOnes(SameDiff sd, SDVariable logits) {
    return softplus(sd, logits.neg()).mean();
  }

  /** {@code E[softplus(x)] = E[−log(1 − σ(x))]}: binary cross-entropy of logits against label 0. */
  public static SDVariable bceWithLogitsZeros(SameDiff sd, SDVariable logits) {
    return softplus(sd, logits).mean();
  }

  /** {@code max(x, 0)}. */
  public static SDVariable relu(SameDiff sd, SDVariable x) {
    return sd.nn().relu(x, 0.0);
  }

  /** {@code E[(x − target)²]}. */
  public static SDVariable meanSquaredError(SameDiff sd, SDVariable x, double target) {
    return sd.math().square(x.sub(target)).mean();
  }

  /**
   * The squared L2 norm of each example of an image-shaped gradient {@code [B, C, H, W]} (or any
   * rank ≥ 2), summed over every axis but the batch axis: {@code [B]}.
   */
  public static SDVariable squaredNormPerExample(SameDiff sd, SDVariable g) {
    long[] shape = g.getShape();
    int rank = shape != null ? shape.length : 4;
    int[] axes = new int[rank - 1];
    for (int i = 1; i < rank; i++) {
      axes[i - 1] = i;
    }
    return sd.math().square(g).sum(axes);
  }

  /**
   * The L2 norm of each example, {@code √(‖g‖² + 1e-12)}: {@code [B]}. The tiny constant keeps the
   * derivative finite where the gradient vanishes (it shifts the norm by less than 1e-6).
   */
  public static SDVariable normPerExample(SameDiff sd, SDVariable g) {
    return sd.math().sqrt(squaredNormPerExample(sd, g).add(NORM_EPSILON));
  }

  /**
   * Numerically stable log-softmax over the last axis of {@code [B, K]} logits ({@link
   * SafeOps#logSoftmax}: SameDiff's own cannot be differentiated in 1.0.0-M2.1).
   */
  public static SDVariable logSoftmax(SameDiff sd, SDVariable logits) {
    return SafeOps.logSoftmax(sd, logits);
  }

  /**
   * Categorical cross-entropy of {@code [B, K]} class logits against one-hot (or soft) labels
   * {@code [B, K]}: {@code −E_i[Σₖ yᵢₖ · log softmax(xᵢ)ₖ]}.
   */
  public static SDVariable softmaxCrossEntropy(SameDiff sd, SDVariable logits, SDVariable labels) {
    return logSoftmax(sd, logits).mul(labels).sum(1).mean().neg();
  }

  /**
   * The fraction of rows of {@code [B, K]} logits whose largest entry is at the label's class
   * (one-hot labels), as a scalar. Written as {@code mean(1 + sign(x_y − maxₖ xₖ))}: 1 where the
   * labelled logit is the maximum (ties included), 0 elsewhere. For monitoring; its gradient is 0.
   */
  public static SDVariable classAccuracy(SameDiff sd, SDVariable logits, SDVariable labels) {
    SDVariable labelled = logits.mul(labels).sum(1);
    return sd.math().sign(labelled.sub(logits.max(1))).add(1.0).mean();
  }
}

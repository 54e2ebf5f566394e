package io.github.samegan.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.loss.LossReduce;

/**
 * Pure loss functions over D's outputs (the TorchGAN {@code functional} layer). Every function is
 * numerically stable for saturated logits: binary cross-entropy uses SameDiff's fused
 * sigmoid-cross-entropy op, which evaluates {@code max(x, 0) − x·y + log(1 + e^{−|x|})}.
 */
public final class Functional {
  private Functional() {}

  /** {@code mean(softplus(−x)) = mean(−log σ(x))}: BCE of logits against label 1. */
  public static SDVariable bceWithLogitsOnes(SameDiff sd, SDVariable logits) {
    return sd.loss().sigmoidCrossEntropy(sd.onesLike(logits), logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
  }

  /** {@code mean(softplus(x)) = mean(−log(1 − σ(x)))}: BCE of logits against label 0. */
  public static SDVariable bceWithLogitsZeros(SameDiff sd, SDVariable logits) {
    return sd.loss().sigmoidCrossEntropy(sd.zerosLike(logits), logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
  }
}

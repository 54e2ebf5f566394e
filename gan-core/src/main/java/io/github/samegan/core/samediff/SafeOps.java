package io.github.samegan.core.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Compositions of SameDiff ops that stand in for stock ops which are broken, or cannot be
 * differentiated, in SameDiff 1.0.0-M2.1 (each case in docs/internals.md). Callers use these
 * instead of the stock op, so the workaround lives in one place.
 */
public final class SafeOps {
  /** Above this, softplus(x) = x to within e^−30 ≈ 1e-13. */
  private static final double SOFTPLUS_LINEAR_ABOVE = 30.0;

  private SafeOps() {}

  /**
   * Numerically stable softplus {@code log(1 + e^x)} with the exact gradient σ(x). SameDiff's
   * {@code softplus} overflows to ∞ in float for x ≳ 88, so the argument is clamped at 30 and the
   * excess added linearly: {@code softplus(min(x, 30)) + max(x − 30, 0)}.
   */
  public static SDVariable softplus(SameDiff sd, SDVariable x) {
    SDVariable excess = sd.nn().relu(x.sub(SOFTPLUS_LINEAR_ABOVE), 0.0);
    return sd.nn().softplus(x.sub(excess)).add(excess);
  }

  /**
   * Numerically stable log-softmax over axis 1 of {@code [B, K]} logits: {@code x − m − log Σₖ
   * exp(xₖ − m)} with {@code m = maxₖ xₖ} (the shift cancels in value and gradient; it only keeps
   * {@code exp} from overflowing). SameDiff's {@code logSoftmax(x, dim)} cannot be differentiated
   * in 1.0.0-M2.1, and its fused loss ops ignore the incoming gradient.
   */
  public static SDVariable logSoftmax(SameDiff sd, SDVariable logits) {
    SDVariable shifted = logits.sub(logits.max(true, 1));
    return shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
  }

  /**
   * Nearest-neighbour upsampling by 2 of {@code [B, C, H, W]}: libnd4j's {@code upsampling2d} with
   * both scales given. The one-scale overload {@code upsampling2d(x, scale)} cannot infer its
   * output shape in 1.0.0-M2.1.
   */
  public static SDVariable upsampleNearest2x(SameDiff sd, SDVariable x) {
    return upsampleNearest2x(sd, x, true);
  }

  /**
   * As {@link #upsampleNearest2x(SameDiff, SDVariable)}, for {@code [B, C, H, W]} when {@code nchw}
   * and {@code [B, H, W, C]} otherwise.
   */
  public static SDVariable upsampleNearest2x(SameDiff sd, SDVariable x, boolean nchw) {
    return NearestUpsampling2dOp.apply(sd, x, 2, nchw);
  }
}

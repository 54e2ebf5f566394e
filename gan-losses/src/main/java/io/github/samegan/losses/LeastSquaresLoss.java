package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Least-squares GAN (Mao et al. 2017, arXiv:1611.04076) with the a-b-c coding of the paper.
 *
 * <p>Discriminator: {@code L_D = ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²]}; generator: {@code L_G =
 * ½E[(D(G(z)) − c)²]}. The paper's two recommended codings are (a, b, c) = (−1, 1, 0), which
 * minimises the Pearson χ² divergence, and the "0-1" coding (0, 1, 1) (the default). D outputs a
 * raw score (no sigmoid), reported as such.
 *
 * @param a target for generated images in D's loss
 * @param b target for real images in D's loss
 * @param c the value G wants D to give its images
 */
public record LeastSquaresLoss(double a, double b, double c) implements GanLoss {

  /** Validates the targets. */
  public LeastSquaresLoss {
    if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || a == b) {
      throw new IllegalArgumentException(
          "LSGAN targets must be finite with a != b, found a=" + a + ", b=" + b + ", c=" + c);
    }
  }

  /** The 0-1 coding (a, b, c) = (0, 1, 1). */
  public static LeastSquaresLoss zeroOne() {
    return new LeastSquaresLoss(0, 1, 1);
  }

  @Override
  public String name() {
    return "lsgan";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    return Functional.meanSquaredError(sd, ctx.realLogits(), b)
        .add(Functional.meanSquaredError(sd, ctx.fakeLogits(), a)).mul(0.5);
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return Functional.meanSquaredError(ctx.sd(), ctx.fakeLogits(), c).mul(0.5);
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }
}

package io.github.samegan.losses;

import io.github.samegan.core.loss.LossContext;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The zero-centred gradient penalties R1 and R2 (Mescheder, Geiger &amp; Nowozin 2018, "Which
 * Training Methods for GANs do actually Converge?", arXiv:1801.04406): {@code R1 = (γ/2) · E_x[‖∇ₓ
 * D(x)‖²]} on real images, {@code R2 = (γ/2) · E_z[‖∇ D(G(z))‖²]} on generated ones.
 *
 * <p><b>Lazy regularisation</b> (Karras et al. 2020, StyleGAN2, arXiv:1912.04958): with {@code
 * lazyEvery = k > 1} the penalty is applied only on every k-th discriminator update (update indices
 * 0, k, 2k, …) and multiplied by k, so its average strength is unchanged. The weight is a scalar
 * input the trainer sets per update ({@link LossContext#scalarInput}); note that the penalty's
 * graph still runs on the other updates (with weight 0), so in SameGAN lazy regularisation changes
 * the schedule but not the cost. The mean squared gradient norm is monitored as {@code r1_grad_sq}
 * / {@code r2_grad_sq}.
 *
 * @param target which batch is penalised
 * @param gamma γ &gt; 0
 * @param lazyEvery k ≥ 1
 */
public record ZeroCenteredGradientPenalty(Target target, double gamma, int lazyEvery)
    implements Penalty {

  /** {@code --r1-gamma γ}: the weight of R1 or R2 (default 10, as StyleGAN2 on FFHQ). */
  public static final LossOption<Double> GAMMA =
      LossOption.positive(
          "r1Gamma", "--r1-gamma", "γ", 10.0, "Weight γ of the R1/R2 penalty (γ/2)·E[‖∇D‖²]");

  /**
   * {@code --lazy-every k}: lazy regularisation interval (default 1 = every discriminator update).
   */
  public static final LossOption<Integer> LAZY_EVERY =
      LossOption.integer(
          "lazyEvery",
          "--lazy-every",
          "k",
          1,
          1,
          1000,
          "Apply R1/R2 only on every k-th discriminator update, with weight k·γ/2 (StyleGAN2's lazy regularisation)");

  /** Which batch the penalty is computed on. */
  public enum Target {
    /** R1: the real batch. */
    REAL,
    /** R2: the generated batch. */
    FAKE
  }

  /** Validates the arguments. */
  public ZeroCenteredGradientPenalty {
    Objects.requireNonNull(target, "target");
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException(
          "R1/R2 γ must be a positive finite number, found " + gamma);
    }
    if (lazyEvery < 1 || lazyEvery > 1000) {
      throw new IllegalArgumentException(
          "R1/R2 lazyEvery must be in [1, 1000], found " + lazyEvery);
    }
  }

  /** R1 on real images. */
  public static ZeroCenteredGradientPenalty r1(double gamma, int lazyEvery) {
    return new ZeroCenteredGradientPenalty(Target.REAL, gamma, lazyEvery);
  }

  /** R2 on generated images. */
  public static ZeroCenteredGradientPenalty r2(double gamma, int lazyEvery) {
    return new ZeroCenteredGradientPenalty(Target.FAKE, gamma, lazyEvery);
  }

  @Override
  public String name() {
    return target == Target.REAL ? "r1" : "r2";
  }

  /** The weight applied on discriminator update {@code index} (0-based): {@code k·γ/2} or 0. */
  public double weightForUpdate(long index) {
    return index % lazyEvery == 0 ? lazyEvery * gamma / 2 : 0.0;
  }

  @Override
  public SDVariable penalty(LossContext ctx) {
    SameDiff sd = ctx.sd();
    SDVariable images = target == Target.REAL ? ctx.realImages() : ctx.fakeImages();
    SDVariable g = ctx.discriminateWithInputGradient(images).inputGradient();
    SDVariable meanSq = Functional.squaredNormPerExample(sd, g).mean();
    ctx.monitor(name() + "_grad_sq", meanSq);
    if (lazyEvery == 1) {
      return meanSq.mul(gamma / 2);
    }
    return meanSq.mul(ctx.scalarInput(name() + "_weight", this::weightForUpdate));
  }
}

package io.github.samegan.losses;

import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.model.Discriminator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The two-sided gradient penalty of Gulrajani et al. 2017 ("Improved Training of Wasserstein GANs",
 * arXiv:1704.00028): {@code λ · E[(‖∇ₓ D(x̂)‖₂ − 1)²]} at points {@code x̂} that the implementation
 * chooses ({@link #points}). WGAN-GP ({@link WganGradientPenalty}) takes random interpolates
 * between real and generated images, DRAGAN ({@link DraganPenalty}) perturbed real images; the
 * penalty itself is written once, here.
 *
 * <p>The input gradient is built from forward ops by the discriminator's blocks ({@link
 * io.github.samegan.core.model.InputGradientDiscriminator#discriminateWithInputGradient}), because
 * SameDiff 1.0.0-M2.1 cannot differentiate a gradient; the norm is {@link
 * Functional#normPerExample} ({@code √(‖g‖² + 1e-12)}, so its derivative stays finite). The batch
 * mean of the norm is monitored as {@code <name>_grad_norm}.
 */
public interface TwoSidedGradientPenalty extends Penalty {

  /**
   * {@code --gp-weight λ}: the weight of the penalty (WGAN-GP and DRAGAN; default 10, as both
   * papers).
   */
  LossOption<Double> WEIGHT =
      LossOption.positive(
          "gpWeight",
          "--gp-weight",
          "λ",
          10.0,
          "Weight λ of the two-sided gradient penalty λ·E[(‖∇D(x̂)‖₂ − 1)²]");

  /** The weight λ &gt; 0. */
  double weight();

  /**
   * The points {@code x̂} where the gradient is penalised, {@code [B, C, H, W]} like the images,
   * built in {@code ctx}'s graph (random inputs via {@link LossContext#uniform}).
   */
  SDVariable points(LossContext ctx);

  /** {@code λ · E[(‖∇ₓ D(x̂)‖₂ − 1)²]} at {@link #points}; monitors the mean norm. */
  @Override
  default SDVariable penalty(LossContext ctx) {
    SameDiff sd = ctx.sd();
    Discriminator.WithInputGradient d = ctx.discriminateWithInputGradient(points(ctx));
    SDVariable norm = Functional.normPerExample(sd, d.inputGradient());
    SDVariable penalty = sd.math().square(norm.sub(1.0)).mean().mul(weight());
    ctx.monitor(name() + "_grad_norm", norm.mean());
    return penalty;
  }
}

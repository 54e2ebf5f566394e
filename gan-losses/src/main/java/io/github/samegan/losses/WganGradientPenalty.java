package io.github.samegan.losses;

import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017, "Improved Training of Wasserstein GANs",
 * arXiv:1704.00028): {@code λ · E[(‖∇ₓ D(x̂)‖₂ − 1)²]} on random interpolates {@code x̂ = ε·x + (1
 * − ε)·G(z)}, with one {@code ε ~ U[0, 1)} per example fed by the trainer's seeded RNG. The penalty
 * is {@link TwoSidedGradientPenalty}'s; this class only chooses the points.
 *
 * <p>The mean gradient norm on the interpolates is monitored as {@code gp_grad_norm} (it should
 * move toward 1) and the penalty as {@code gp_penalty}. The paper recommends λ = 10 ({@link
 * TwoSidedGradientPenalty#WEIGHT}), 5 critic updates per generator update, Adam(1e-4, β₁ = 0, β₂ =
 * 0.9) and no batch norm in the critic.
 *
 * @param weight λ &gt; 0
 */
public record WganGradientPenalty(double weight) implements TwoSidedGradientPenalty {

  /** Validates λ. */
  public WganGradientPenalty {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "WGAN-GP weight λ must be a positive finite number, found " + weight);
    }
  }

  @Override
  public String name() {
    return "gp";
  }

  /** {@code x̂ = G(z) + ε·(x − G(z))}, {@code ε ~ U[0, 1)} per example (input {@code gp_eps}). */
  @Override
  public SDVariable points(LossContext ctx) {
    SDVariable real = ctx.realImages();
    SDVariable fake = ctx.fakeImages();
    SDVariable eps = ctx.uniform("gp_eps", 1, 1, 1);
    return fake.add(real.sub(fake).mul(eps));
  }

  /** The two-sided penalty, also monitored as {@code gp_penalty}. */
  @Override
  public SDVariable penalty(LossContext ctx) {
    SDVariable penalty = TwoSidedGradientPenalty.super.penalty(ctx);
    ctx.monitor("gp_penalty", penalty);
    return penalty;
  }
}

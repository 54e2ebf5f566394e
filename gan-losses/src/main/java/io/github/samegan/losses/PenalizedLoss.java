package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A base loss with regularisers added to the discriminator's loss: {@code L_D = L_D^base + Σ
 * penaltyᵢ}, {@code L_G = L_G^base}. Reporting and the update hook are the base loss's. This is how
 * WGAN-GP (Wasserstein + {@link WganGradientPenalty}), R1/R2 (non-saturating + {@link
 * ZeroCenteredGradientPenalty}) and DRAGAN (non-saturating + {@link DraganPenalty}) are built, and
 * any other combination can be.
 *
 * @param name the combined loss's identifier
 * @param base the adversarial loss
 * @param penalties the regularisers (at least one)
 */
public record PenalizedLoss(String name, GanLoss base, List<Penalty> penalties)
    implements DecoratedLoss {

  /** Validates and copies the arguments. */
  public PenalizedLoss {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    penalties = List.copyOf(penalties);
    if (penalties.isEmpty()) {
      throw new IllegalArgumentException(
          "PenalizedLoss '" + name + "' needs at least one penalty, found none");
    }
  }

  /** {@code base} plus one penalty. */
  public static PenalizedLoss of(String name, GanLoss base, Penalty penalty) {
    return new PenalizedLoss(name, base, List.of(penalty));
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    // penalties first: a penalty on the real (or generated) batch computes D's scores on it with
    // the input gradient, and the base loss then reuses those scores instead of running D again
    SDVariable total = null;
    for (Penalty p : penalties) {
      SDVariable term = p.penalty(ctx);
      total = total == null ? term : total.add(term);
    }
    return base.discriminatorLoss(ctx).add(total);
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return base.generatorLoss(ctx);
  }
}

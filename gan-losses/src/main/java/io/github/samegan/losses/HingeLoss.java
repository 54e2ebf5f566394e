package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The hinge adversarial loss in the form of SN-GAN (Miyato et al. 2018, arXiv:1802.05957) and
 * BigGAN (Brock et al. 2018, arXiv:1809.11096), after Lim &amp; Ye 2017 (arXiv:1705.02894).
 *
 * <p>Discriminator: {@code L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]}; generator: {@code
 * L_G = −E[D(G(z))]}. D's scores are reported raw. Usually trained with two time-scale learning
 * rates (TTUR, Heusel et al. 2017): Adam(β₁ = 0, β₂ = 0.9), D at 4e-4 and G at 1e-4.
 */
public record HingeLoss() implements GanLoss {

  @Override
  public String name() {
    return "hinge";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    return Functional.relu(sd, ctx.realLogits().rsub(1.0))
        .mean()
        .add(Functional.relu(sd, ctx.fakeLogits().add(1.0)).mean());
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return ctx.fakeLogits().mean().neg();
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }
}

package io.github.samegan.core.testing;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A test-only non-saturating GAN loss written with elementwise ops (softplus(x) = log(1 + e^x)), so
 * core tests do not depend on gan-losses: L_D = E[softplus(−D(x))] + E[softplus(D(G(z)))], L_G =
 * E[softplus(−D(G(z)))].
 */
public final class BceLoss implements GanLoss {
  @Override
  public String name() {
    return "test-bce";
  }

  static SDVariable softplus(SameDiff sd, SDVariable x) {
    return sd.math().log(sd.math().exp(x).add(1.0));
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    return softplus(sd, ctx.realLogits().neg()).mean().add(softplus(sd, ctx.fakeLogits()).mean());
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return softplus(ctx.sd(), ctx.fakeLogits().neg()).mean();
  }
}

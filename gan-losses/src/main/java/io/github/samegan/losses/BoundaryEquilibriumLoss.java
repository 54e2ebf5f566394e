package io.github.samegan.losses;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The boundary-equilibrium GAN loss (Berthelot, Schumm &amp; Metz 2017, <a
 * href="https://arxiv.org/abs/1703.10717">arXiv:1703.10717</a>) for a discriminator whose scores
 * are reconstruction losses {@code L(v) = mean |v − D(v)|}, e.g. gan-core's {@link
 * io.github.samegan.core.model.AutoEncoderDiscriminator} with {@code Energy.L1}:
 *
 * <pre>
 *   L_D = L(x) − k_t·L(G(z))          L_G = L(G(z))
 *   k_{t+1} = clip(k_t + λ_k·(γ·L(x) − L(G(z))), 0, 1),   k_0 = 0
 *   M = L(x) + |γ·L(x) − L(G(z))|     (the convergence measure)
 * </pre>
 *
 * with {@code L(x)} and {@code L(G(z))} the batch means. γ (the diversity ratio) sets the
 * equilibrium {@code E[L(G(z))] = γ·E[L(x)]} that the proportional control k_t keeps. k_t is a
 * state array of the discriminator, {@code D/began_k}, updated after every discriminator update
 * from that update's losses, so checkpoints keep it. Monitored with every step: {@code began_k}
 * (the k_t the update used) and {@code began_m} (M; it falls as training converges). D's scores are
 * reported raw.
 *
 * @param gamma γ in (0, 1] (0.5 in most of the paper's figures)
 * @param lambdaK λ_k &gt; 0, k's learning rate (0.001 in the paper)
 */
public record BoundaryEquilibriumLoss(double gamma, double lambdaK) implements GanLoss {

  /** The store name of k_t. */
  public static final String K_STATE = "D/began_k";

  /** {@code --began-gamma γ}. */
  public static final LossOption<Double> GAMMA =
      LossOption.builder("beganGamma", "--began-gamma", Double.class, 0.5)
          .symbol("γ")
          .description("BEGAN diversity ratio γ = E[L(G(z))]/E[L(x)] that k_t holds training at")
          .allowed("a number in (0, 1]", v -> v > 0 && v <= 1)
          .build();

  /** {@code --began-lambda-k λ_k}. */
  public static final LossOption<Double> LAMBDA_K =
      LossOption.positive(
          "beganLambdaK",
          "--began-lambda-k",
          "λ_k",
          0.001,
          "BEGAN learning rate λ_k of the balance k_t");

  /** Validates the settings. */
  public BoundaryEquilibriumLoss {
    GAMMA.validate(gamma);
    LAMBDA_K.validate(lambdaK);
  }

  @Override
  public String name() {
    return "began";
  }

  /** The next k from this one and the batch losses (the rule the graph applies). */
  public double nextK(double k, double realLoss, double fakeLoss) {
    return Math.min(1, Math.max(0, k + lambdaK * (gamma * realLoss - fakeLoss)));
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    NetGraph g = ctx.graph();
    SDVariable real = ctx.realLogits().mean();
    SDVariable fake = ctx.fakeLogits().mean();
    SDVariable k = g.state(K_STATE, new long[] {1}, Init.zeros()).sum(); // a scalar
    SDVariable balance = real.mul(gamma).sub(fake);
    SDVariable next = k.add(balance.mul(lambdaK));
    // clip to [0, 1] with elementwise ops: relu(t) − relu(t − 1)
    g.addStateUpdate(
        K_STATE, Functional.relu(sd, next).sub(Functional.relu(sd, next.sub(1.0))), 1.0);
    ctx.monitor("began_k", k);
    ctx.monitor("began_m", real.add(sd.math().abs(balance)));
    return real.sub(k.mul(fake));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return ctx.fakeLogits().mean();
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }
}

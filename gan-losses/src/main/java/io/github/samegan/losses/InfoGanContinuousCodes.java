package io.github.samegan.losses;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Sequential;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * InfoGAN's mutual-information term for continuous latent codes (Chen et al. 2016, <a
 * href="https://arxiv.org/abs/1606.03657">arXiv:1606.03657</a>): the first {@code codes} entries of
 * the generator's latent vector z are the codes {@code c ~ N(0, 1)} (z itself is drawn from N(0,
 * I), so the generator needs no change), and a head Q on the discriminator's features predicts them
 * back from the generated image with a factored Gaussian of unit variance:
 *
 * <pre>
 *   Q(c | x) = N(μ(x), I),   μ = dense(hidden → codes) ∘ LReLU(0.2) ∘ dense(F → hidden) ∘ φ(x)
 *   L_I = E[½·‖c − μ(G(z))‖²]     (the negative log-likelihood up to a constant)
 *   L_D = L_D^base + λ·L_I         L_G = L_G^base + λ·L_I
 * </pre>
 *
 * φ are D's features ({@link LossContext#discriminatorFeatures}, of size F); Q's hidden layer
 * (parameters {@code D/qcont/…}) belongs to the discriminator, so it is trained in D's update and
 * is a constant in G's. The paper uses a smaller λ for continuous codes than for categorical ones
 * (it weighs a differential entropy); 0.1 is common. Monitored: {@code info_cont_mse}, the mean
 * squared error of Q's estimate per code (1 for a Q that knows nothing).
 *
 * @param base the adversarial loss (possibly already with a categorical {@link InfoGanLoss})
 * @param codes the number of continuous codes (the first entries of z)
 * @param lambda λ &gt; 0
 * @param featureSize F, the size of the discriminator's features
 * @param hidden the width of Q's hidden layer (128 in the paper's MNIST model)
 */
public record InfoGanContinuousCodes(
    GanLoss base, int codes, double lambda, long featureSize, int hidden) implements DecoratedLoss {

  /** {@code --info-continuous n}: continuous codes of the {@code infogan} model (0 = none). */
  public static final LossOption<Integer> CODES =
      LossOption.integer(
          "infoContinuous",
          "--info-continuous",
          "n",
          0,
          0,
          16,
          "InfoGAN: the first n entries of z are continuous codes that Q predicts back (model infogan)");

  /** {@code --info-continuous-lambda λ}. */
  public static final LossOption<Double> LAMBDA =
      LossOption.positive(
          "infoContinuousLambda",
          "--info-continuous-lambda",
          "λ",
          0.1,
          "InfoGAN: weight λ of the continuous codes' information term (model infogan)");

  /** Validates the settings. */
  public InfoGanContinuousCodes {
    Objects.requireNonNull(base, "base");
    if (codes < 1) {
      throw new IllegalArgumentException(
          "InfoGAN needs at least one continuous code, found " + codes);
    }
    LAMBDA.validate(lambda);
    if (featureSize < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "featureSize and hidden must be positive, found " + featureSize + " and " + hidden);
    }
  }

  @Override
  public String name() {
    return base.name() + "+info-continuous";
  }

  /** Q's estimate μ {@code [B, codes]} of the codes of a batch of images. */
  public SDVariable estimate(NetGraph g, SDVariable features) {
    return Sequential.of(
            new Dense(featureSize, hidden), Activation.leakyRelu(0.2), new Dense(hidden, codes))
        .forward(g.scope("D").scope("qcont"), features, new long[] {featureSize});
  }

  private SDVariable informationTerm(LossContext ctx, boolean monitor) {
    SDVariable c = ctx.latent().get(SDIndex.all(), SDIndex.interval(0, codes));
    SDVariable mu = estimate(ctx.graph(), ctx.discriminatorFeatures(ctx.fakeImages()));
    SDVariable diff = mu.sub(c);
    SDVariable squares = diff.mul(diff);
    if (monitor) {
      ctx.monitor("info_cont_mse", squares.mean());
    }
    return squares.sum(1).mean().mul(0.5 * lambda);
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SDVariable adversarial = base.discriminatorLoss(ctx);
    return adversarial.add(informationTerm(ctx, true));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    SDVariable adversarial = base.generatorLoss(ctx);
    return adversarial.add(informationTerm(ctx, false));
  }
}

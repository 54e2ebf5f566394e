package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * InfoGAN's mutual-information term for a categorical latent code (Chen et al. 2016, <a
 * href="https://arxiv.org/abs/1606.03657">arXiv:1606.03657</a>): the generator gets a code {@code
 * c} drawn uniformly from K values next to z (its "classes", fed like a conditional GAN's labels),
 * and an auxiliary head Q on the discriminator ({@link
 * io.github.samegan.core.model.ClassifyingDiscriminator#auxiliaryClasses()}) predicts the code back
 * from the generated image. Both minimise the variational bound's cross-entropy:
 *
 * <pre>
 *   L_I = E_c,z[−log Q(c | G(z, c))]       L_D = L_D^base + λ·L_I       L_G = L_G^base + λ·L_I
 * </pre>
 *
 * (the code's entropy, the other half of the bound, is a constant). Unlike AC-GAN ({@link
 * AuxiliaryClassifierGanLoss}) no real label is used, so InfoGAN learns from unlabelled data and
 * discovers what the code controls. Continuous codes are {@link InfoGanContinuousCodes}, added on
 * top.
 *
 * <p>Monitored with every step (D update): {@code info_acc}, Q's accuracy in recovering the code.
 *
 * @param base the adversarial loss
 * @param lambda λ &gt; 0 (1 in the paper for categorical codes)
 */
public record InfoGanLoss(GanLoss base, double lambda) implements DecoratedLoss {

  /**
   * {@code --info-lambda λ}: the categorical code's weight for the command line's {@code infogan}
   * model; see {@link LossRegistry#HEAD_OPTIONS}.
   */
  public static final LossOption<Double> LAMBDA =
      LossOption.positive(
          "infoLambda",
          "--info-lambda",
          "λ",
          1.0,
          "InfoGAN: weight λ of the categorical code's information term (model infogan)");

  /** Validates the arguments. */
  public InfoGanLoss {
    Objects.requireNonNull(base, "base");
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException(
          "InfoGAN λ must be a positive finite number, found " + lambda);
    }
  }

  /** {@code base} with the paper's λ = 1. */
  public static InfoGanLoss on(GanLoss base) {
    return new InfoGanLoss(base, 1.0);
  }

  @Override
  public String name() {
    return base.name() + "+info";
  }

  private SDVariable informationTerm(LossContext ctx) {
    SDVariable q = ctx.fakeClassLogits();
    return Functional.softmaxCrossEntropy(ctx.sd(), q, ctx.fakeLabels()).mul(lambda);
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SDVariable adversarial = base.discriminatorLoss(ctx);
    ctx.monitor(
        "info_acc", Functional.classAccuracy(ctx.sd(), ctx.fakeClassLogits(), ctx.fakeLabels()));
    return adversarial.add(informationTerm(ctx));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return base.generatorLoss(ctx).add(informationTerm(ctx));
  }
}

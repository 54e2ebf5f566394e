package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * AC-GAN (Odena, Olah &amp; Shlens 2017, <a
 * href="https://arxiv.org/abs/1610.09585">arXiv:1610.09585</a>): an adversarial loss plus the
 * auxiliary classifier's cross-entropy, for a discriminator with a class head ({@link
 * io.github.samegan.core.model.ClassifyingDiscriminator#auxiliaryClasses()}) and a generator
 * conditioned on the same classes:
 *
 * <pre>
 *   L_D = L_D^base + w · (CE(C(x), y) + CE(C(G(z, y')), y'))
 *   L_G = L_G^base + w · CE(C(G(z, y')), y')
 * </pre>
 *
 * where {@code y} are the real batch's labels and {@code y'} the classes the generated batch was
 * asked for. The class logits come from the same discriminator pass as the adversarial scores.
 *
 * <p>Monitored with every step (D update): {@code ac_real_acc} and {@code ac_fake_acc}, the
 * classifier's accuracy on the real and generated batch (ties count as correct).
 *
 * @param base the adversarial loss (its reporting and update hook are kept)
 * @param classifier the class term and its weight
 */
public record AuxiliaryClassifierGanLoss(GanLoss base, AuxiliaryClassifierLoss classifier)
    implements DecoratedLoss {

  /** Requires both parts. */
  public AuxiliaryClassifierGanLoss {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(classifier, "classifier");
  }

  @Override
  public String name() {
    return base.name() + "+ac";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    // the base loss first: a penalised base computes D's scores (and class logits) with the input
    // gradient
    SDVariable adversarial = base.discriminatorLoss(ctx);
    SameDiff sd = ctx.sd();
    SDVariable real = ctx.realClassLogits();
    SDVariable fake = ctx.fakeClassLogits();
    ctx.monitor("ac_real_acc", Functional.classAccuracy(sd, real, ctx.realLabels()));
    ctx.monitor("ac_fake_acc", Functional.classAccuracy(sd, fake, ctx.fakeLabels()));
    return adversarial.add(
        classifier.discriminatorTerm(sd, real, ctx.realLabels(), fake, ctx.fakeLabels()));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    SDVariable adversarial = base.generatorLoss(ctx);
    return adversarial.add(
        classifier.generatorTerm(ctx.sd(), ctx.fakeClassLogits(), ctx.fakeLabels()));
  }
}

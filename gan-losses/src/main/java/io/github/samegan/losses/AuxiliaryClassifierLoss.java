package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The auxiliary-classifier term of AC-GAN (Odena, Olah &amp; Shlens 2017, arXiv:1610.09585): a
 * class head on the discriminator predicts the class of real and generated images, and both
 * networks minimise its cross-entropy, {@code L_C = E[−log p(c | x)]}, on top of their adversarial
 * losses: {@code L_D += w · (CE(C(x), y) + CE(C(G(z, y')), y'))}, {@code L_G += w · CE(C(G(z, y')),
 * y')}.
 *
 * <p>The cross-entropy is written with a stable log-softmax ({@link
 * Functional#softmaxCrossEntropy}); labels are one-hot (or soft) {@code [B, K]}. {@link
 * #on(GanLoss)} adds the term to any adversarial loss for a discriminator with an auxiliary
 * classifier ({@link io.github.samegan.core.model.ClassifyingDiscriminator#auxiliaryClasses()},
 * e.g. the {@code acgan} model); the command line does this by itself for such models.
 *
 * @param weight w &gt; 0 (1 in the paper)
 */
public record AuxiliaryClassifierLoss(double weight) {

  /**
   * {@code --ac-weight w}: the class term's weight for a model with an auxiliary classifier (the
   * command line's {@code acgan}); see {@link LossRegistry#HEAD_OPTIONS}.
   */
  public static final LossOption<Double> WEIGHT =
      LossOption.positive(
          "acWeight",
          "--ac-weight",
          "w",
          1.0,
          "AC-GAN: weight w of the auxiliary classifier's cross-entropy (models with a class head)");

  /** Validates the weight. */
  public AuxiliaryClassifierLoss {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "AC-GAN weight must be a positive finite number, found " + weight);
    }
  }

  /** The AC-GAN weight used by the paper and by the command line: 1. */
  public static AuxiliaryClassifierLoss standard() {
    return new AuxiliaryClassifierLoss(1.0);
  }

  /**
   * {@code base} with this class term added to both networks' losses (see {@link
   * AuxiliaryClassifierGanLoss}).
   */
  public AuxiliaryClassifierGanLoss on(GanLoss base) {
    return new AuxiliaryClassifierGanLoss(base, this);
  }

  /**
   * The discriminator's term: {@code w · (CE(real class logits, y) + CE(fake class logits, y'))}.
   */
  public SDVariable discriminatorTerm(
      SameDiff sd,
      SDVariable realClassLogits,
      SDVariable realLabels,
      SDVariable fakeClassLogits,
      SDVariable fakeLabels) {
    return Functional.softmaxCrossEntropy(sd, realClassLogits, realLabels)
        .add(Functional.softmaxCrossEntropy(sd, fakeClassLogits, fakeLabels))
        .mul(weight);
  }

  /** The generator's term: {@code w · CE(fake class logits, y')}. */
  public SDVariable generatorTerm(SameDiff sd, SDVariable fakeClassLogits, SDVariable fakeLabels) {
    return Functional.softmaxCrossEntropy(sd, fakeClassLogits, fakeLabels).mul(weight);
  }
}

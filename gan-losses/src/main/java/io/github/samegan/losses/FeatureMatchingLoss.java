package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Feature matching (Salimans et al. 2016, "Improved Techniques for Training GANs",
 * arXiv:1606.03498): the generator matches the mean of an intermediate discriminator feature on
 * real data instead of maximising D's output.
 *
 * <p>Discriminator: the usual cross-entropy {@code L_D = E[softplus(−D(x))] +
 * E[softplus(D(G(z)))]}; generator: {@code L_G = ‖E_x[f(x)] − E_z[f(G(z))]‖²₂}, the squared L2
 * distance between batch means of the feature {@code f} (by default the discriminator's last hidden
 * layer, see {@link io.github.samegan.core.model.FeatureDiscriminator#features}). D's scores are
 * reported as probabilities.
 */
public record FeatureMatchingLoss() implements GanLoss {

  @Override
  public String name() {
    return "feature-matching";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    return Functional.bceWithLogitsOnes(ctx.sd(), ctx.realLogits())
        .add(Functional.bceWithLogitsZeros(ctx.sd(), ctx.fakeLogits()));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    SDVariable real = ctx.discriminatorFeatures(ctx.realImages()).mean(0);
    SDVariable fake = ctx.discriminatorFeatures(ctx.fakeImages()).mean(0);
    return sd.math().square(real.sub(fake)).sum();
  }
}

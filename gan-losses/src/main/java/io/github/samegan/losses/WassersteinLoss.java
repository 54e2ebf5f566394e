package io.github.samegan.losses;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Wasserstein GAN objective (Arjovsky, Chintala &amp; Bottou 2017, arXiv:1701.07875), with the
 * critic kept (roughly) 1-Lipschitz by weight clipping.
 *
 * <p>Critic: {@code L_D = E[D(G(z))] − E[D(x)]}; generator: {@code L_G = −E[D(G(z))]}. After every
 * critic update ({@link #afterDiscriminatorUpdate}) every critic parameter is clamped to {@code
 * [−c, c]} in place (c = 0.01 in the paper; the reference code clamps all parameters, batch-norm
 * scales included). With {@code clip = 0} nothing is clipped, which is the base of WGAN-GP ({@link
 * WganGradientPenalty}). The paper trains with RMSProp (lr 5e-5) and 5 critic updates per generator
 * update. D's scores are reported raw (critic values), not as probabilities.
 *
 * @param clip the clipping bound c &gt; 0, or 0 for no clipping
 */
public record WassersteinLoss(double clip) implements GanLoss {

  /**
   * {@code --clip c}: the weight-clipping bound of {@code wgan} (default 0.01, as the paper; 0 =
   * none).
   */
  public static final LossOption<Double> CLIP =
      LossOption.nonNegative(
          "clip",
          "--clip",
          "c",
          0.01,
          "no clipping",
          "WGAN weight-clipping bound c: critic parameters are clamped to [−c, c] after every update");

  /** Validates the bound. */
  public WassersteinLoss {
    if (!(clip >= 0) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException(
          "WGAN clip must be a finite number > 0, or 0 for no clipping, found " + clip);
    }
  }

  /** WGAN with weight clipping at ±c. */
  public static WassersteinLoss clipped(double c) {
    if (!(c > 0)) {
      throw new IllegalArgumentException("WGAN clip must be > 0, found " + c);
    }
    return new WassersteinLoss(c);
  }

  /** The Wasserstein objective without clipping (for use with a gradient penalty). */
  public static WassersteinLoss unclipped() {
    return new WassersteinLoss(0);
  }

  @Override
  public String name() {
    return clip > 0 ? "wgan" : "wasserstein";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    return ctx.fakeLogits().mean().sub(ctx.realLogits().mean());
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return ctx.fakeLogits().mean().neg();
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }

  /** Clamps every critic parameter to {@code [−clip, clip]} in place (nothing when clip = 0). */
  @Override
  public void afterDiscriminatorUpdate(ParameterStore store, List<String> discriminatorParameters) {
    if (clip <= 0) {
      return;
    }
    for (String name : discriminatorParameters) {
      INDArray p = store.array(name);
      Transforms.min(p, clip, false);
      Transforms.max(p, -clip, false);
    }
  }
}

package io.github.samegan.losses;

import io.github.samegan.core.loss.LossContext;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The DRAGAN penalty (Kodali et al. 2017, "On Convergence and Stability of GANs",
 * arXiv:1705.07215): a gradient penalty in a neighbourhood of the real data, {@code λ · E[(‖∇
 * D(x̂)‖₂ − 1)²]} with {@code x̂ = x + α · c · std(x) · u}, where {@code u ~ U[0, 1)} per pixel,
 * {@code α ~ U[0, 1)} per example, and {@code std(x)} the (biased) standard deviation of the whole
 * real batch, as in the authors' reference code. The penalty is {@link TwoSidedGradientPenalty}'s;
 * this class only chooses the points. λ = 10 ({@link TwoSidedGradientPenalty#WEIGHT}) and c = 0.5
 * ({@link #SCALE}) by default; combined with the non-saturating loss. The mean gradient norm is
 * monitored as {@code dragan_grad_norm}.
 *
 * @param weight λ &gt; 0
 * @param scale c &gt; 0
 */
public record DraganPenalty(double weight, double scale) implements TwoSidedGradientPenalty {

  /**
   * {@code --dragan-scale c}: how far real images are perturbed (default 0.5, as the paper's code).
   */
  public static final LossOption<Double> SCALE =
      LossOption.positive(
          "draganScale",
          "--dragan-scale",
          "c",
          0.5,
          "DRAGAN perturbation scale c: real images move by up to c·std(x)");

  /** Validates the arguments. */
  public DraganPenalty {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "DRAGAN weight λ must be a positive finite number, found " + weight);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "DRAGAN scale c must be a positive finite number, found " + scale);
    }
  }

  @Override
  public String name() {
    return "dragan";
  }

  /**
   * {@code x̂ = x + α · c · std(x) · u} (inputs {@code dragan_noise} per pixel and {@code
   * dragan_alpha} per example).
   */
  @Override
  public SDVariable points(LossContext ctx) {
    SameDiff sd = ctx.sd();
    SDVariable real = ctx.realImages();
    long[] shape = real.getShape();
    if (shape == null || shape.length != 4) {
      throw new IllegalStateException(
          "DRAGAN needs real images of known shape [B, C, H, W], found " + Arrays.toString(shape));
    }
    SDVariable centered = real.sub(real.mean());
    SDVariable std = sd.math().sqrt(sd.math().square(centered).mean());
    SDVariable u = ctx.uniform("dragan_noise", shape[1], shape[2], shape[3]);
    SDVariable alpha = ctx.uniform("dragan_alpha", 1, 1, 1);
    return real.add(u.mul(std).mul(alpha).mul(scale));
  }
}

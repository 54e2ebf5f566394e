package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Layer normalisation (Ba, Kiros &amp; Hinton 2016, arXiv:1607.06450) of each example over all its
 * features ({@code [C, H, W]} or {@code [N]}), with a per-channel scale and shift: {@code y = γ_c ·
 * (x − μ)/√(σ² + ε) + β_c}, where μ and σ² are the mean and (biased) variance of the example.
 *
 * <p>Unlike {@link BatchNorm} it treats every example on its own, behaves the same in training and
 * inference, and keeps no running statistics — which is why the WGAN-GP paper (Gulrajani et al.
 * 2017, arXiv:1704.00028) suggests it for critics trained with a per-example gradient penalty.
 *
 * <p>Input gradient ({@link #trace}): {@code ∂L/∂x = (g − mean(g) − x̂·mean(g·x̂))/σ} with {@code g
 * = γ·∂L/∂y}, {@code x̂ = (x − μ)/σ} and means over the example's features.
 *
 * @param channels number of channels (first per-example axis) or features
 * @param epsilon added to the variance
 */
public record LayerNorm(long channels, double epsilon) implements TracedLayer {

  /** Validates the arguments. */
  public LayerNorm {
    if (channels <= 0) {
      throw new IllegalArgumentException("LayerNorm channels must be positive, found " + channels);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("LayerNorm epsilon must be positive, found " + epsilon);
    }
  }

  /** Layer norm with ε = 1e-5 (PyTorch's default). */
  public LayerNorm(long channels) {
    this(channels, 1e-5);
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SameDiff sd = g.sd();
    boolean image = TracedLayer.isImage(x, inputShape);
    long[] bshape = image ? new long[] {1, channels, 1, 1} : new long[] {1, channels};
    int[] axes = image ? new int[] {1, 2, 3} : new int[] {1};
    SDVariable gamma =
        g.param("gamma", new long[] {channels}, Init.ones(), channels).reshape(bshape);
    SDVariable beta =
        g.param("beta", new long[] {channels}, Init.zeros(), channels).reshape(bshape);
    SDVariable centered = x.sub(x.mean(true, axes));
    SDVariable invStd = sd.math().rsqrt(sd.math().square(centered).mean(true, axes).add(epsilon));
    SDVariable xHat = centered.mul(invStd);
    SDVariable y = xHat.mul(gamma).add(beta);
    return new Traced(
        y, dy -> BatchNorm.normalisationInputGradient(dy.mul(gamma), xHat, invStd, axes));
  }

  @Override
  public long[] outputShape(long[] in) {
    String name = "LayerNorm(" + channels + ")";
    if (in.length != 1 && in.length != 3) {
      throw new IllegalArgumentException(
          name + " expects [N] or [C, H, W], found " + java.util.Arrays.toString(in));
    }
    Shapes.requireDim(name, "channels", channels, in[0], in);
    return in.clone();
  }

  @Override
  public String kind() {
    return "ln";
  }
}

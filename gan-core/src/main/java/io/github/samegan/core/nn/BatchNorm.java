package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.samediff.FusedBatchNormOp;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015, arXiv:1502.03167) over the channel axis of NCHW
 * images or the feature axis of vectors: {@code y = γ·(x − μ)/√(σ² + ε) + β}.
 *
 * <p>In {@link NetGraph.Mode#TRAIN} μ and σ² are the batch statistics and the running statistics
 * are refreshed after each step as {@code r ← (1 − m)·r + m·batch} (PyTorch's momentum convention;
 * the running variance averages the biased batch variance, as Keras does); in {@link
 * NetGraph.Mode#INFERENCE} the running statistics are used. Training mode runs libnd4j's fused
 * {@code batchnorm} op and its one-op backward ({@link FusedBatchNormOp}, which repairs {@code
 * sd.nn.batchNorm}'s broken backward in SameDiff 1.0.0-M2.1; docs/internals.md); inference mode is
 * a per-channel scale and shift.
 *
 * <p>Input gradient ({@link #trace}): in training mode the exact gradient of {@code Σᵢ D(xᵢ)},
 * including the coupling through the batch statistics, {@code ∂L/∂x = (γ/σ)·(g − mean(g) − x̂ ·
 * mean(g·x̂))} with {@code g = ∂L/∂y}, {@code x̂ = (x − μ)/σ} and means over the batch (and
 * spatial) axes — what {@code torch.autograd.grad(D(x).sum(), x)} returns for a batch-norm critic.
 * Because of that coupling a gradient penalty on a batch-norm critic is not a per-example penalty;
 * the WGAN-GP paper recommends no batch norm in the critic ({@link LayerNorm} or none). In
 * inference mode the gradient is {@code ∂L/∂y · γ/√(running var + ε)}.
 *
 * @param channels number of channels (or features)
 * @param momentum weight of the batch statistic in the running average (0.1 in PyTorch)
 * @param epsilon added to the variance
 * @param layout the layout of image batches (channels on axis 1 or 3; vectors are unaffected)
 */
public record BatchNorm(long channels, double momentum, double epsilon, DataLayout layout)
    implements TracedLayer {

  /** Validates the arguments. */
  public BatchNorm {
    java.util.Objects.requireNonNull(layout, "layout");
    if (channels <= 0) {
      throw new IllegalArgumentException("BatchNorm channels must be positive, found " + channels);
    }
    if (!(momentum > 0 && momentum <= 1)) {
      throw new IllegalArgumentException("BatchNorm momentum must be in (0, 1], found " + momentum);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("BatchNorm epsilon must be positive, found " + epsilon);
    }
  }

  /** Batch norm of NCHW images (or vectors). */
  public BatchNorm(long channels, double momentum, double epsilon) {
    this(channels, momentum, epsilon, DataLayout.NCHW);
  }

  /** Batch norm with PyTorch's defaults (momentum 0.1, ε = 1e-5). */
  public BatchNorm(long channels) {
    this(channels, 0.1, 1e-5);
  }

  /** Batch norm with PyTorch's defaults of images in {@code layout}. */
  public BatchNorm(long channels, DataLayout layout) {
    this(channels, 0.1, 1e-5, layout);
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SameDiff sd = g.sd();
    boolean image = TracedLayer.isImage(x, inputShape);
    long[] bshape = image ? layout.perChannel(1, channels) : new long[] {1, channels};
    SDVariable gamma = g.param("gamma", new long[] {channels}, Init.ones(), channels);
    SDVariable beta = g.param("beta", new long[] {channels}, Init.zeros(), channels);
    SDVariable runMean = g.state("running_mean", new long[] {channels}, Init.zeros());
    SDVariable runVar = g.state("running_var", new long[] {channels}, Init.ones());
    SDVariable gammaB = gamma.reshape(bshape);
    SDVariable betaB = beta.reshape(bshape);
    if (g.training()) {
      int[] axes = image ? layout.statisticsAxes() : new int[] {0};
      FusedBatchNormOp.Training bn =
          FusedBatchNormOp.training(
              sd, x, gamma, beta, epsilon, axes, bshape, image ? inputShape : null);
      g.addBatchStatistic("running_mean", bn.mean(), momentum);
      g.addBatchStatistic("running_var", bn.variance(), momentum);
      SDVariable y = bn.output();
      // The input gradient for penalties is built from forward ops (differentiable once more).
      return new Traced(y, dy -> batchInputGradient(sd, x, dy.mul(gammaB), axes, epsilon));
    }
    SDVariable scale = sd.math().rsqrt(runVar.reshape(bshape).add(epsilon)).mul(gammaB);
    SDVariable shift = betaB.sub(runMean.reshape(bshape).mul(scale));
    return new Traced(x.mul(scale).add(shift), dy -> dy.mul(scale));
  }

  /**
   * {@code ∂L/∂x} of batch normalisation with batch statistics over {@code axes}, from {@code
   * ∂L/∂x̂} (the gradient with respect to the normalised input, before any affine transform), built
   * from forward ops.
   */
  static SDVariable batchInputGradient(
      SameDiff sd, SDVariable x, SDVariable dxHat, int[] axes, double epsilon) {
    SDVariable centered = x.sub(x.mean(true, axes));
    SDVariable invStd = sd.math().rsqrt(sd.math().square(centered).mean(true, axes).add(epsilon));
    return normalisationInputGradient(dxHat, centered.mul(invStd), invStd, axes);
  }

  /**
   * Input gradient of a normalisation {@code x̂ = (x − μ)·r}, {@code r = 1/√(var + ε)}, with μ and
   * var the (biased) means over {@code axes}: {@code ∂L/∂x = r·(g − mean(g) − x̂·mean(g·x̂))} where
   * {@code g = ∂L/∂x̂}.
   */
  static SDVariable normalisationInputGradient(
      SDVariable g, SDVariable xHat, SDVariable invStd, int[] axes) {
    SDVariable meanG = g.mean(true, axes);
    SDVariable meanGx = g.mul(xHat).mean(true, axes);
    return g.sub(meanG).sub(xHat.mul(meanGx)).mul(invStd);
  }

  @Override
  public long[] outputShape(long[] in) {
    return sameShape("BatchNorm(" + channels + ")", channels, in, layout);
  }

  /**
   * A normalisation's output shape: its input, {@code [N]} or an image ({@code [C, H, W]} or {@code
   * [H, W, C]} by the layout) with C = channels.
   */
  static long[] sameShape(String name, long channels, long[] in, DataLayout layout) {
    if (in.length != 1 && in.length != 3) {
      throw new IllegalArgumentException(
          name
              + " expects [N] or "
              + (layout == DataLayout.NCHW ? "[C, H, W]" : "[H, W, C]")
              + ", found "
              + java.util.Arrays.toString(in));
    }
    Shapes.requireDim(
        in.length == 3 && layout == DataLayout.NHWC ? name + " on NHWC [H, W, C]" : name,
        "channels",
        channels,
        in.length == 1 ? in[0] : layout.channels(in),
        in);
    return in.clone();
  }

  @Override
  public String kind() {
    return "bn";
  }
}

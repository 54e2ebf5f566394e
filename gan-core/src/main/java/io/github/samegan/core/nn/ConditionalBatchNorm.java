package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.samediff.FusedBatchNormOp;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class-conditional batch normalisation, the "categorical conditional batch norm" of the projection
 * cGAN (Miyato &amp; Koyama 2018, <a href="https://arxiv.org/abs/1802.05637">arXiv:1802.05637</a>;
 * de Vries et al. 2017, Dumoulin et al. 2017; BigGAN's conditional BN with one-hot inputs): batch
 * normalisation without its own affine transform, followed by a per-class scale and shift looked up
 * from embeddings,
 *
 * <pre>
 *   y = γ_c ⊙ (x − μ)/√(σ² + ε) + β_c,   γ_c = onehot(c)·Γ,  β_c = onehot(c)·B,  Γ, B: [K, C]
 * </pre>
 *
 * <p>Γ starts at ones and B at zeros, so an untrained layer is plain batch norm. Parameters: {@code
 * gamma} and {@code beta}, {@code [K, C]} each (2·K·C); state: {@code running_mean} and {@code
 * running_var}, {@code [C]}, kept as in {@link BatchNorm} (μ, σ² are batch statistics in training,
 * running statistics in inference). The labels come from the graph context ({@link
 * NetGraph#withLabels}), so the layer sits in any {@link Sequential} of a conditional generator.
 *
 * <p>Input gradient ({@link #trace}): {@link BatchNorm}'s closed form with the per-example γ.
 *
 * @param channels number of channels (or features) C
 * @param numClasses number of classes K
 * @param momentum weight of the batch statistic in the running average (0.1 in PyTorch)
 * @param epsilon added to the variance
 * @param layout the layout of image batches (as {@link BatchNorm})
 */
public record ConditionalBatchNorm(
    long channels, int numClasses, double momentum, double epsilon, DataLayout layout)
    implements TracedLayer {

  /** Validates the arguments. */
  public ConditionalBatchNorm {
    new BatchNorm(channels, momentum, epsilon, layout); // the same checks
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "ConditionalBatchNorm needs numClasses >= 2, found " + numClasses);
    }
  }

  /** Conditional batch norm of NCHW images (or vectors). */
  public ConditionalBatchNorm(long channels, int numClasses, double momentum, double epsilon) {
    this(channels, numClasses, momentum, epsilon, DataLayout.NCHW);
  }

  /** Conditional batch norm with PyTorch's defaults (momentum 0.1, ε = 1e-5). */
  public ConditionalBatchNorm(long channels, int numClasses) {
    this(channels, numClasses, 0.1, 1e-5);
  }

  /** Conditional batch norm with PyTorch's defaults of images in {@code layout}. */
  public ConditionalBatchNorm(long channels, int numClasses, DataLayout layout) {
    this(channels, numClasses, 0.1, 1e-5, layout);
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SameDiff sd = g.sd();
    SDVariable labels = g.labels(toString());
    boolean image = TracedLayer.isImage(x, inputShape);
    long[] perExample = image ? layout.perChannel(-1, channels) : new long[] {-1, channels};
    SDVariable gamma =
        sd.mmul(
                labels,
                g.param("gamma", new long[] {numClasses, channels}, Init.ones(), numClasses))
            .reshape(perExample);
    SDVariable beta =
        sd.mmul(
                labels,
                g.param("beta", new long[] {numClasses, channels}, Init.zeros(), numClasses))
            .reshape(perExample);
    return normaliseThenScale(
        g, x, image ? inputShape : null, channels, momentum, epsilon, layout, gamma, beta);
  }

  /**
   * Batch normalisation without an affine transform of its own, then a per-example scale and shift
   * {@code y = γ ⊙ x̂ + β} ({@code γ, β} already shaped per example and channel): batch statistics
   * and running-statistic updates in training, running statistics in inference, with the input
   * gradient of both. Shared by the conditional batch norms.
   *
   * @param imageShape the input's shape when it is an image batch, {@code null} for features
   */
  static Traced normaliseThenScale(
      NetGraph g,
      SDVariable x,
      long[] imageShape,
      long channels,
      double momentum,
      double epsilon,
      DataLayout layout,
      SDVariable gamma,
      SDVariable beta) {
    SameDiff sd = g.sd();
    boolean image = imageShape != null;
    long[] bshape = image ? layout.perChannel(1, channels) : new long[] {1, channels};
    SDVariable runMean = g.state("running_mean", new long[] {channels}, Init.zeros());
    SDVariable runVar = g.state("running_var", new long[] {channels}, Init.ones());
    if (g.training()) {
      int[] axes = image ? layout.statisticsAxes() : new int[] {0};
      SDVariable ones = sd.constant(Nd4j.ones(g.dtype(), channels));
      SDVariable zeros = sd.constant(Nd4j.zeros(g.dtype(), channels));
      FusedBatchNormOp.Training bn =
          FusedBatchNormOp.training(sd, x, ones, zeros, epsilon, axes, bshape, imageShape);
      g.addBatchStatistic("running_mean", bn.mean(), momentum);
      g.addBatchStatistic("running_var", bn.variance(), momentum);
      SDVariable y = bn.output().mul(gamma).add(beta);
      return new Traced(y, dy -> BatchNorm.batchInputGradient(sd, x, dy.mul(gamma), axes, epsilon));
    }
    SDVariable invStd = sd.math().rsqrt(runVar.reshape(bshape).add(epsilon));
    SDVariable scale = invStd.mul(gamma);
    return new Traced(x.sub(runMean.reshape(bshape)).mul(scale).add(beta), dy -> dy.mul(scale));
  }

  @Override
  public long[] outputShape(long[] in) {
    return BatchNorm.sameShape(
        "ConditionalBatchNorm(" + channels + ", " + numClasses + " classes)", channels, in, layout);
  }

  @Override
  public String kind() {
    return "cbn";
  }
}

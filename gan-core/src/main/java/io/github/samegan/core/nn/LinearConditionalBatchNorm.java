package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * BigGAN's conditional batch normalisation (Brock, Donahue &amp; Simonyan 2019, <a
 * href="https://arxiv.org/abs/1809.11096">arXiv:1809.11096</a>, §3 and appendix B; StudioGAN's
 * {@code ConditionalBatchNorm2d}): batch normalisation without its own affine transform, whose
 * per-example gain and bias are linear functions of a conditioning vector {@code c: [B, D]}
 * (BigGAN: the shared class embedding concatenated with this block's chunk of z),
 *
 * <pre>
 *   y = (1 + c·W_γ) ⊙ (x − μ)/√(σ² + ε) + c·W_β,      W_γ, W_β: [D, C], spectrally normalised
 * </pre>
 *
 * <p>{@link ConditionalBatchNorm} is the special case of one-hot {@code c} (without spectral norm
 * and with the gain stored as {@code 1 + …} directly).
 *
 * <p>Parameters {@code gain/W} and {@code bias/W} ({@code [D, C]}, no biases; 2·D·C), state {@code
 * gain/u}, {@code bias/u} (the spectral norm's power-iteration vectors) and {@code running_mean},
 * {@code running_var} ({@code [C]}, as {@link BatchNorm}). The conditioning vector comes from the
 * graph context ({@link NetGraph#withLabels}): whoever builds the layer attaches the matrix of
 * conditioning vectors there, as a conditional generator attaches one-hot labels.
 *
 * <p>Input gradient ({@link #trace}): {@link BatchNorm}'s closed form with the per-example gain.
 *
 * @param channels number of channels (or features) C
 * @param conditionDim size D of the conditioning vector
 * @param momentum weight of the batch statistic in the running average (0.1 in PyTorch)
 * @param epsilon added to the variance (1e-4 in BigGAN and StudioGAN)
 * @param init initialiser of {@code W_γ} and {@code W_β} (before spectral normalisation)
 * @param layout the layout of image batches (as {@link BatchNorm})
 */
public record LinearConditionalBatchNorm(
    long channels, long conditionDim, double momentum, double epsilon, Init init, DataLayout layout)
    implements TracedLayer {

  /** Validates the arguments. */
  public LinearConditionalBatchNorm {
    new BatchNorm(channels, momentum, epsilon, layout); // the same checks
    Objects.requireNonNull(init, "init");
    if (conditionDim < 1) {
      throw new IllegalArgumentException(
          "LinearConditionalBatchNorm needs conditionDim >= 1, found " + conditionDim);
    }
  }

  /** BigGAN's settings (momentum 0.1, ε = 1e-4) with N(0, 0.02²) weights, for {@code layout}. */
  public LinearConditionalBatchNorm(long channels, long conditionDim, DataLayout layout) {
    this(channels, conditionDim, 0.1, 1e-4, Init.normal(0.02), layout);
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SDVariable c = g.labels(toString());
    boolean image = TracedLayer.isImage(x, inputShape);
    long[] perExample = image ? layout.perChannel(-1, channels) : new long[] {-1, channels};
    long[] cIn = {conditionDim};
    SDVariable gain =
        new SNDense(conditionDim, channels, false, init)
            .forward(g.scope("gain"), c, cIn)
            .add(1.0)
            .reshape(perExample);
    SDVariable bias =
        new SNDense(conditionDim, channels, false, init)
            .forward(g.scope("bias"), c, cIn)
            .reshape(perExample);
    return ConditionalBatchNorm.normaliseThenScale(
        g, x, image ? inputShape : null, channels, momentum, epsilon, layout, gain, bias);
  }

  @Override
  public long[] outputShape(long[] in) {
    return BatchNorm.sameShape(
        "LinearConditionalBatchNorm(" + channels + ", condition " + conditionDim + ")",
        channels,
        in,
        layout);
  }

  @Override
  public String kind() {
    return "lcbn";
  }
}

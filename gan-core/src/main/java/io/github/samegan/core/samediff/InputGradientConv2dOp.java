package io.github.samegan.core.samediff;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DeConv2DTF;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * libnd4j's {@code conv2d} whose backward pass skips the weight gradient when no one needs it.
 *
 * <p>In the generator's update the discriminator's weights are constants. The stock backward pass
 * ({@code conv2d_bp}) still computes their gradients, about half of its work, only for SameDiff to
 * drop them. When the weights (and bias) of this op are constants, or computed from constants only
 * (a spectrally normalised {@code W/σ}), its derivative is just the input gradient. That is a
 * {@code deconv2d_tf}: TensorFlow's {@code conv2d_backprop_input}, which is given the input's
 * shape. The constants get zeros, which nothing reads. In every other case (trainable weights, an
 * input size the output does not give back exactly or that the layer could not tell, causal
 * padding, a weight layout other than {@code [kH, kW, iC, oC]}) it falls back to the stock
 * derivative.
 *
 * <p>{@code conv2d_bp} and {@code deconv2d_tf} give bit-identical input gradients on this machine.
 * {@code InputGradientConvTest} checks that, the fallback, and the G step's gradients against
 * finite differences through this op. See docs/benchmarks.md for the time saved.
 */
public final class InputGradientConv2dOp extends Conv2D {

  /** For SameDiff's op cloning (FlatBuffers round trip). */
  public InputGradientConv2dOp() {}

  private InputGradientConv2dOp(SameDiff sd, SDVariable[] inputs, Conv2DConfig config) {
    super(sd, inputs, config);
  }

  /**
   * {@code conv2d(x, w[, b])} with this class's backward pass (installs the patches once).
   *
   * @param invertsExactly whether the input's height and width come back exactly from the output
   *     ({@code (H + 2p − k)} and {@code (W + 2p − k)} multiples of the stride), which {@code
   *     deconv2d_tf} requires. SameDiff does not know the shapes of intermediate results when it
   *     differentiates, so the layer, which does, says so. The flag travels as a twelfth integer
   *     argument, the only state that survives SameDiff's op cloning, and libnd4j's {@code conv2d}
   *     reads only the first eleven.
   */
  public static SDVariable conv2d(
      SameDiff sd,
      SDVariable x,
      SDVariable w,
      SDVariable b,
      Conv2DConfig config,
      boolean invertsExactly) {
    SameDiffPatches.install();
    SDVariable[] in = b == null ? new SDVariable[] {x, w} : new SDVariable[] {x, w, b};
    InputGradientConv2dOp op = new InputGradientConv2dOp(sd, in, config);
    if (invertsExactly) {
      op.addIArgument(EXACT);
    }
    return op.outputVariable();
  }

  private static final long EXACT = 1;
  private static final int FLAG_INDEX = 11;

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    SDVariable[] a = args();
    if (config == null && !iArguments.isEmpty()) {
      configureFromArguments();
    }
    boolean exact = iArguments.size() > FLAG_INDEX && iArguments.get(FLAG_INDEX) == EXACT;
    if (!exact
        || !onlyInputNeedsGradient(a)
        || config == null
        || config.getPaddingMode() == PaddingMode.CAUSAL
        || config.getWeightsFormat() != WeightsFormat.YXIO) {
      return super.doDiff(grads);
    }
    DeConv2DConfig dc =
        DeConv2DConfig.builder()
            .kH(config.getKH())
            .kW(config.getKW())
            .sH(config.getSH())
            .sW(config.getSW())
            .pH(config.getPH())
            .pW(config.getPW())
            .dH(config.getDH())
            .dW(config.getDW())
            .isSameMode(config.getPaddingMode() == PaddingMode.SAME)
            .dataFormat(config.getDataFormat())
            .build();
    SDVariable shape = sameDiff.shape(a[0]).castTo(DataType.INT);
    SDVariable dx =
        new DeConv2DTF(sameDiff, new SDVariable[] {shape, a[1], grads.get(0)}, dc).outputVariable();
    List<SDVariable> out = new ArrayList<>(a.length);
    out.add(dx);
    for (int i = 1; i < a.length; i++) {
      out.add(sameDiff.zerosLike(a[i]));
    }
    return out;
  }

  private boolean onlyInputNeedsGradient(SDVariable[] a) {
    for (int i = 1; i < a.length; i++) {
      if (GraphQueries.dependsOnTrainable(sameDiff, a[i])) {
        return false;
      }
    }
    return true;
  }
}

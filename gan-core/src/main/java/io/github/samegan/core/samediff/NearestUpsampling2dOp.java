package io.github.samegan.core.samediff;

import java.util.Collections;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Upsampling2d;

/**
 * libnd4j's nearest-neighbour {@code upsampling2d} with a backward pass that also works for NHWC
 * batches.
 *
 * <p>SameDiff 1.0.0-M2.1's derivative ({@code Upsampling2dDerivative}) passes its integer arguments
 * as {@code [scaleH, scaleW, isNCHW]}, but libnd4j's {@code upsampling2d_bp} reads the layout from
 * the first one: the scale (2), which it takes as "NCHW". For NCHW batches that is right by
 * accident; for NHWC the gradient comes back with the right shape and wrong values
 * (docs/internals.md, "upsampling2d's gradient in NHWC"). This op's derivative is {@code
 * upsampling2d_bp} with {@code [isNCHW]} alone (the op takes the factors from the shapes).
 *
 * <p>SameDiff clones every {@code upsampling2d} into this class ({@link SameDiffPatches}); the
 * forward pass and the NCHW gradient are unchanged.
 */
public final class NearestUpsampling2dOp extends Upsampling2d {

  /** For SameDiff's op cloning (FlatBuffers round trip). */
  public NearestUpsampling2dOp() {}

  private NearestUpsampling2dOp(SameDiff sd, SDVariable x, int scale, boolean nchw) {
    super(sd, x, scale, scale, nchw);
  }

  /**
   * Nearest-neighbour upsampling of {@code [B, C, H, W]} (when {@code nchw}) or {@code [B, H, W,
   * C]} by {@code scale} in both directions (installs the patches once).
   */
  public static SDVariable apply(SameDiff sd, SDVariable x, int scale, boolean nchw) {
    SameDiffPatches.install();
    return new NearestUpsampling2dOp(sd, x, scale, nchw).outputVariable();
  }

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    // the clone keeps the integer arguments [scaleH, scaleW, isNCHW], not the fields
    long nchw = iArguments.size() > 2 ? iArguments.get(2) : 1;
    return Collections.singletonList(
        new Backward(sameDiff, arg(), grads.get(0), nchw).outputVariable());
  }

  /**
   * libnd4j's {@code upsampling2d_bp}: inputs {@code x, dL/dy}, integer argument {@code isNCHW}.
   */
  public static final class Backward extends DynamicCustomOp {
    /** For SameDiff's op cloning. */
    public Backward() {}

    Backward(SameDiff sd, SDVariable x, SDVariable dy, long nchw) {
      super(null, sd, new SDVariable[] {x, dy}, false);
      addIArgument(nchw);
    }

    @Override
    public String opName() {
      return "upsampling2d_bp";
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> types) {
      return Collections.singletonList(types.get(0));
    }
  }
}

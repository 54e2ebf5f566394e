package io.github.samegan.core.samediff;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;

/**
 * {@code x · mask} whose backward pass is one {@code multiply}, for masks that carry no gradient.
 *
 * <p>The stock derivative of {@code multiply} is libnd4j's {@code multiply_bp}, which computes the
 * gradients of both inputs with a generic loop: ~1 ms per call at D's activation sizes, against
 * ~0.15 ms for a plain {@code multiply} (docs/benchmarks.md). For ReLU and leaky ReLU the second
 * input is a slope mask made from a boolean comparison: its own gradient is never used. When the
 * second input is such a mask (the output of {@code cast} from a boolean, optionally through {@code
 * max_scalar}), this op returns {@code dy · mask} for x and {@code zerosLike(mask)} for the mask,
 * which SameDiff builds but never runs, because nothing that is asked for depends on it.
 *
 * <p>Every other multiply (SameDiff clones all {@code multiply} ops of a graph into this class, see
 * {@link SameDiffPatches}) keeps the stock derivative.
 */
public final class MaskMultiplyOp extends MulOp {

  /** For SameDiff's op cloning (FlatBuffers round trip). */
  public MaskMultiplyOp() {}

  private MaskMultiplyOp(SameDiff sd, SDVariable x, SDVariable mask) {
    super(sd, x, mask);
  }

  /** {@code x · mask} with this class's backward pass (installs the patches once). */
  public static SDVariable apply(SameDiff sd, SDVariable x, SDVariable mask) {
    SameDiffPatches.install();
    return new MaskMultiplyOp(sd, x, mask).outputVariable();
  }

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    SDVariable[] a = args();
    if (a.length != 2 || !isMask(sameDiff, a[1])) {
      return super.doDiff(grads);
    }
    return List.of(grads.get(0).mul(a[1]), sameDiff.zerosLike(a[1]));
  }

  /**
   * Whether {@code v} is a mask without a gradient: {@code cast} of a boolean, or {@code
   * max_scalar} of such a cast (leaky ReLU's slope mask).
   */
  static boolean isMask(SameDiff sd, SDVariable v) {
    SameDiffOp op = GraphQueries.producer(sd, v);
    if (op != null && "max_scalar".equals(op.getOp().opName()) && op.getInputsToOp().size() == 1) {
      op = GraphQueries.producer(sd, sd.getVariable(op.getInputsToOp().get(0)));
    }
    return op != null
        && "cast".equals(op.getOp().opName())
        && op.getInputsToOp().size() == 1
        && !sd.getVariable(op.getInputsToOp().get(0)).dataType().isFPType();
  }
}

package io.github.samegan.core.samediff;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.Step;

/**
 * ReLU, {@code max(x, 0)}, as libnd4j's custom {@code relu} op (one pass) whose backward pass is
 * {@code dy · step(x)} (two passes: the legacy {@code step} scalar op, 1 where x &gt; 0 else 0, and
 * one {@code multiply}).
 *
 * <p>SameDiff's own ReLU ({@code sd.nn.relu}, the legacy scalar op) differentiates to libnd4j's
 * {@code relu_bp}, a lambda loop about 4× slower than a {@code multiply} at the ResNets' shapes;
 * the {@code x · cast(x > 0)} formulation SameGAN used before ({@link MaskMultiplyOp}) costs three
 * full-size passes forward ({@code greaterthan_scalar}, {@code cast}, {@code multiply}) and one
 * backward. This op costs one forward and two backward, and runs the backward passes only where a
 * gradient is asked for (docs/benchmarks.md, "Batch norm and ReLU from fewer passes"). Same values
 * and gradients as both ({@code ReluOpTest}); the gradient at exactly 0 is 0, as theirs.
 *
 * <p>The backward pass is built by this class, so {@link SameDiffPatches} points the custom {@code
 * relu} hash at it (the clone SameDiff differentiates must be of this class). No other SameDiff op
 * uses libnd4j's custom {@code relu}: {@code sd.nn.relu} is a legacy scalar op and is unaffected.
 */
public final class ReluOp extends DynamicCustomOp {

  /** For SameDiff's op cloning (FlatBuffers round trip). */
  public ReluOp() {}

  private ReluOp(SameDiff sd, SDVariable x) {
    super(null, sd, new SDVariable[] {x}, false);
    addTArgument(0.0); // the threshold
  }

  /** {@code max(x, 0)} with this class's backward pass (installs the patches once). */
  public static SDVariable apply(SameDiff sd, SDVariable x) {
    SameDiffPatches.install();
    return new ReluOp(sd, x).outputVariable();
  }

  @Override
  public String opName() {
    return "relu";
  }

  @Override
  public List<DataType> calculateOutputDataTypes(List<DataType> types) {
    return List.of(types.get(0));
  }

  /**
   * Ignores the property map of a clone (ND4J names the threshold {@code cutoff}, a field this
   * class does not have, and would log a warning per op and graph); the threshold travels as the
   * op's floating-point argument.
   */
  @Override
  public void setPropertiesForFunction(Map<String, Object> properties) {}

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    SDVariable x = arg();
    SDVariable mask = new Step(sameDiff, x, false, 0.0).outputVariable();
    return List.of(grads.get(0).mul(mask));
  }
}

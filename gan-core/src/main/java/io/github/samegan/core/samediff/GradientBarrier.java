package io.github.samegan.core.samediff;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * A value that SameDiff does not differentiate through: the bits of a floating-point variable
 * reinterpreted as integers and back ({@code bitcast} twice; exact, and no copy of consequence for
 * the small statistics vectors it is used on).
 *
 * <p>SameDiff 1.0.0-M2.1 decides which variables need gradients by walking back from the loss
 * through floating-point variables only (docs/internals.md, "Cutting a gradient path"). An integer
 * variable in between ends the walk, so nothing before the barrier gets gradient ops. {@code
 * stop_gradient} does not do that: SameDiff still differentiates it (to {@code zerosLike} of its
 * input, a full-size array) and adds the zeros into the input's gradient.
 */
public final class GradientBarrier extends DynamicCustomOp {

  /** For SameDiff's op cloning. */
  public GradientBarrier() {}

  private GradientBarrier(SameDiff sd, SDVariable in, DataType to) {
    super(null, sd, new SDVariable[] {in}, false);
    addIArgument(to.toInt());
  }

  /** {@code v} with the same values and no gradient path back to its inputs. */
  public static SDVariable apply(SameDiff sd, SDVariable v) {
    DataType dt = v.dataType();
    DataType bits =
        switch (dt) {
          case DOUBLE -> DataType.INT64;
          case FLOAT -> DataType.INT32;
          case HALF, BFLOAT16 -> DataType.INT16;
          default ->
              throw new IllegalArgumentException(
                  "A gradient barrier needs a floating-point variable, found " + dt);
        };
    SDVariable asBits = new GradientBarrier(sd, v, bits).outputVariable();
    return new GradientBarrier(sd, asBits, dt).outputVariable();
  }

  /** Whether {@code v} is the output of a barrier (in the graph it was built in or a clone). */
  static boolean isBarrier(SameDiff sd, SDVariable v) {
    SameDiffOp op = GraphQueries.producer(sd, v);
    return op != null
        && "bitcast".equals(op.getOp().opName())
        && op.getInputsToOp() != null
        && op.getInputsToOp().size() == 1
        && !sd.getVariable(op.getInputsToOp().get(0)).dataType().isFPType();
  }

  @Override
  public String opName() {
    return "bitcast";
  }

  @Override
  public List<DataType> calculateOutputDataTypes(List<DataType> dataTypes) {
    return Collections.singletonList(DataType.fromInt(iArguments.get(0).intValue()));
  }

  /**
   * No properties: the target type travels as the integer argument. ND4J's default names it {@code
   * newType} after libnd4j's descriptor, and the clone (a stock {@code BitCast}) then logs "No
   * fields found for property name newType" once per barrier and graph.
   */
  @Override
  public Map<String, Object> propertiesForFunction() {
    return Collections.emptyMap();
  }

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    throw new UnsupportedOperationException("A gradient barrier is never differentiated");
  }
}

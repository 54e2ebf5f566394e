package io.github.samegan.core.nn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;

/**
 * libnd4j's fused {@code batchnorm} op with a working backward pass ({@code batchnorm_bp}, one
 * native op, oneDNN where available) for SameDiff 1.0.0-M2.1, where {@code sd.nn.batchNorm} cannot
 * be differentiated (docs/internals.md, "sd.nn.batchNorm"): SameDiff clones every op through
 * FlatBuffers before differentiating, the clone of {@link BatchNorm} loses its axis, and the stock
 * {@code BatchNormDerivative} rejects its own six inputs.
 *
 * <p>This subclass restores the axis from the integer arguments after cloning and builds its own
 * derivative op. For the clone to be of this class, {@link #register()} points libnd4j's
 * {@code batchnorm} hash at it in SameDiff's op-class registry (once per JVM, idempotent).
 * Graphs that contain the stock op are unaffected: it behaves exactly as before.
 *
 * <p>The native backward pass returns the full batch-statistics gradient for the input (the
 * coupling through μ and σ² included) and zeros for the mean and variance inputs; see {@link
 * #training}. Checked against the elementwise formulation and finite differences in {@code
 * BatchNormTest} and the network gradient checks.
 */
public final class FusedBatchNormOp extends BatchNorm {

  /** For SameDiff's op cloning (FlatBuffers round trip). */
  public FusedBatchNormOp() {}

  private FusedBatchNormOp(
      SameDiff sd, SDVariable x, SDVariable mean, SDVariable var, SDVariable gamma, SDVariable beta,
      double epsilon, int axis) {
    super(sd, x, mean, var, gamma, beta, epsilon, new int[] {axis});
  }

  /** A training-mode batch norm's output and the batch statistics it used ({@code [C]} each). */
  record Training(SDVariable output, SDVariable mean, SDVariable variance) {}

  /**
   * Training-mode batch norm of {@code x} (channels on axis 1) with its batch statistics over
   * {@code axes}. The statistics are computed from {@code stop_gradient(x)}: the native backward
   * pass already returns the full input gradient (the coupling through μ and σ² included) and
   * zeros for the statistics, so no gradient may reach {@code x} through them a second time, and
   * none is wasted on the zeros. The variance is the mean of squares of the centred input (not
   * {@code sd.variance}, whose clone in the gradient graph loses its arguments).
   *
   * @param axes the reduction axes ({@code {0, 2, 3}} for images, {@code {0}} for vectors)
   * @param broadcastShape the statistics' shape for broadcasting against {@code x}
   */
  static Training training(
      SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta, double epsilon, int[] axes,
      long[] broadcastShape) {
    register();
    SDVariable xs = new StopGradient(sd, x).outputVariable();
    SDVariable mean = xs.mean(false, axes);
    SDVariable var = sd.math().square(xs.sub(mean.reshape(broadcastShape))).mean(false, axes);
    SDVariable y = new FusedBatchNormOp(sd, x, mean, var, gamma, beta, epsilon, 1).outputVariable();
    return new Training(y, mean, var);
  }

  @Override
  public void configureFromArguments() {
    super.configureFromArguments();
    // The clone gets iArgs [applyGamma, applyBeta, axis...] and tArgs [ε] but neither field.
    if (getJaxis() == null && iArguments.size() > 2) {
      int[] axes = new int[iArguments.size() - 2];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = iArguments.get(i + 2).intValue();
      }
      setField("jaxis", axes);
    }
    if (getEpsilon() == 0 && !tArguments.isEmpty()) {
      setField("epsilon", tArguments.get(0));
    }
  }

  /**
   * Ignores the property map of a clone: ND4J looks its keys up as fields of this class, finds
   * none (they live in {@link BatchNorm}) and logs a warning per key and graph. The same values
   * come back from the op's arguments in {@link #configureFromArguments()}.
   */
  @Override
  public void setPropertiesForFunction(Map<String, Object> properties) {}

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    List<SDVariable> in = new ArrayList<>(Arrays.asList(args()));
    in.add(grads.get(0));
    Backward bp = new Backward(sameDiff, in.toArray(new SDVariable[0]), getJaxis(), getEpsilon());
    return Arrays.asList(bp.outputVariables());
  }

  private void setField(String name, Object value) {
    try {
      Field f = BatchNorm.class.getDeclaredField(name);
      f.setAccessible(true);
      f.set(this, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot restore batch-norm " + name + " on this ND4J version", e);
    }
  }

  /** Points SameDiff's class registry entry for libnd4j's {@code batchnorm} at this class. */
  static void register() {
    OpClasses.point("batchnorm", FusedBatchNormOp.class);
  }

  /**
   * libnd4j's {@code batchnorm_bp}: inputs {@code x, mean, var, gamma, beta, dL/dy}, outputs
   * {@code dL/dx, dL/dmean, dL/dvar, dL/dgamma, dL/dbeta}.
   */
  public static final class Backward extends DynamicCustomOp {
    /** For SameDiff's op cloning. */
    public Backward() {}

    Backward(SameDiff sd, SDVariable[] inputs, int[] axes, double epsilon) {
      super(null, sd, inputs, false);
      addIArgument(1, 1);
      addIArgument(axes);
      addTArgument(epsilon);
    }

    @Override
    public String opName() {
      return "batchnorm_bp";
    }

    @Override
    public int getNumOutputs() {
      return 5;
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> types) {
      return Collections.nCopies(5, types.get(0));
    }
  }
}

package io.github.samegan.core.samediff;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * libnd4j's fused {@code batchnorm} op with a working backward pass ({@code batchnorm_bp}, one
 * native op, oneDNN where available) for SameDiff 1.0.0-M2.1, where {@code sd.nn.batchNorm} cannot
 * be differentiated (docs/internals.md, "sd.nn.batchNorm"): SameDiff clones every op through
 * FlatBuffers before differentiating, the clone of {@link BatchNorm} loses its axis, and the stock
 * {@code BatchNormDerivative} rejects its own six inputs.
 *
 * <p>This subclass restores the axis from the integer arguments after cloning and builds its own
 * derivative op. For the clone to be of this class, {@link SameDiffPatches#install()} points
 * libnd4j's {@code batchnorm} hash at it in SameDiff's op-class registry (once per JVM,
 * idempotent). Graphs that contain the stock op are unaffected: it behaves exactly as before.
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
      SameDiff sd,
      SDVariable x,
      SDVariable mean,
      SDVariable var,
      SDVariable gamma,
      SDVariable beta,
      double epsilon,
      int axis) {
    super(sd, x, mean, var, gamma, beta, epsilon, new int[] {axis});
  }

  /** A training-mode batch norm's output and the batch statistics it used ({@code [C]} each). */
  public record Training(SDVariable output, SDVariable mean, SDVariable variance) {}

  /**
   * Training-mode batch norm of {@code x} with its batch statistics over {@code axes}: channels on
   * axis 1 for {@code {0, 2, 3}} (NCHW), on axis 3 for {@code {0, 1, 2}} (NHWC). Vectors {@code [N,
   * C]} run as images {@code [N, C, 1, 1]}, so the op always sees rank 4.
   *
   * <p>The statistics go through a {@linkplain GradientBarrier gradient barrier}: the backward pass
   * ({@link #doDiff}) already returns the full input gradient (the coupling through μ and σ²
   * included), so SameDiff must not differentiate the statistics a second time, and with the
   * barrier it builds no gradient ops for them at all. NCHW batches are reduced over the spatial
   * axes first and the batch axis second, about twice as fast as one reduction over {@code {0, 2,
   * 3}} (equal group sizes make the mean of means exact); NHWC batches are averaged over H and W by
   * a global average pooling (oneDNN), with the same values as and several times faster than
   * libnd4j's reductions over their spatial axes (docs/internals.md, "Per-channel means of NHWC
   * batches"). The variance is the mean of squares of the centred input (not {@code sd.variance},
   * whose clone in the gradient graph loses its arguments).
   *
   * @param axes the reduction axes ({@code {0, 2, 3}} for images, {@code {0}} for vectors)
   * @param broadcastShape the statistics' shape for broadcasting against {@code x}
   * @param perExample the shape of one example ({@code [H, W, C]} for NHWC), or null for vectors
   */
  public static Training training(
      SameDiff sd,
      SDVariable x,
      SDVariable gamma,
      SDVariable beta,
      double epsilon,
      int[] axes,
      long[] broadcastShape,
      long[] perExample) {
    SameDiffPatches.install();
    boolean vector = axes.length == 1;
    int axis = vector ? 1 : channelAxis(axes);
    long channels = broadcastShape[vector ? 1 : axis];
    long[] perChannel = vector ? new long[] {1, channels, 1, 1} : broadcastShape;
    SDVariable x4 = vector ? x.reshape(-1, channels, 1, 1) : x;
    int[] spatial = spatialAxes(axis);
    SDVariable mean;
    SDVariable var;
    long[] map = spatialSize(perExample, x4);
    if (axis == 3 && map != null && !SameDiffPatches.oldOps("bn")) {
      // NHWC: the per-example means over H and W as one global average pooling (oneDNN, one pass;
      // the same values as reduce_mean over {1, 2}, which steps through memory C floats apart)
      Pooling2DConfig global = globalPooling(map[0], map[1]);
      mean = sd.cnn().avgPooling2d(x4, global).mean(false, 0, 1, 2);
      SDVariable centred = x4.sub(mean.reshape(perChannel));
      var = sd.cnn().avgPooling2d(sd.math().square(centred), global).mean(false, 0, 1, 2);
    } else {
      mean = x4.mean(false, spatial).mean(false, 0);
      SDVariable centred = x4.sub(mean.reshape(perChannel));
      var = sd.math().square(centred).mean(false, spatial).mean(false, 0);
    }
    SDVariable meanNoGrad = GradientBarrier.apply(sd, mean);
    SDVariable varNoGrad = GradientBarrier.apply(sd, var);
    SDVariable y4 =
        new FusedBatchNormOp(sd, x4, meanNoGrad, varNoGrad, gamma, beta, epsilon, axis)
            .outputVariable();
    return new Training(vector ? y4.reshape(-1, channels) : y4, meanNoGrad, varNoGrad);
  }

  /**
   * {@code [H, W]} of an NHWC batch: from the per-example shape {@code [H, W, C]} when given, else
   * from the variable's static shape; null when neither knows it.
   */
  private static long[] spatialSize(long[] perExample, SDVariable x4) {
    if (perExample != null && perExample.length == 3) {
      return new long[] {perExample[0], perExample[1]};
    }
    long[] shape = x4.getShape();
    return shape != null && shape.length == 4 && shape[1] > 0 && shape[2] > 0
        ? new long[] {shape[1], shape[2]}
        : null;
  }

  /**
   * The map size {@code [H, W]} of the global pooling that computed the batch mean behind {@code
   * mean} (the barrier's output: bitcast ← bitcast ← reduce_mean ← avgpool2d, as {@link #training}
   * builds it), read from the pooling's kernel arguments; null for statistics computed otherwise.
   */
  private static long[] pooledMap(SameDiff sd, SDVariable mean) {
    SameDiffOp op = GraphQueries.producer(sd, mean);
    for (String name : new String[] {"bitcast", "bitcast", "reduce_mean"}) {
      if (op == null
          || !name.equals(op.getOp().opName())
          || op.getInputsToOp() == null
          || op.getInputsToOp().size() != 1) {
        return null;
      }
      op = GraphQueries.producer(sd, sd.getVariable(op.getInputsToOp().get(0)));
    }
    if (op == null
        || !"avgpool2d".equals(op.getOp().opName())
        || !(op.getOp() instanceof DynamicCustomOp pool)
        || pool.numIArguments() < 11
        || pool.getIArgument(10) != 1) {
      return null;
    }
    return new long[] {pool.getIArgument(0), pool.getIArgument(1)};
  }

  /** Average pooling over a whole {@code h × w} NHWC map: {@code [N, h, w, C] → [N, 1, 1, C]}. */
  private static Pooling2DConfig globalPooling(long h, long w) {
    return Pooling2DConfig.builder()
        .kH(h)
        .kW(w)
        .sH(1)
        .sW(1)
        .pH(0)
        .pW(0)
        .dH(1)
        .dW(1)
        .paddingMode(PaddingMode.VALID)
        .isNHWC(true)
        .build();
  }

  /** The channel axis of a rank-4 batch whose statistics reduce over {@code axes}: 1 or 3. */
  private static int channelAxis(int[] axes) {
    if (Arrays.equals(axes, new int[] {0, 2, 3})) {
      return 1;
    }
    if (Arrays.equals(axes, new int[] {0, 1, 2})) {
      return 3;
    }
    throw new IllegalArgumentException(
        "Batch norm of images reduces over {0, 2, 3} (NCHW) or {0, 1, 2} (NHWC), found "
            + Arrays.toString(axes));
  }

  /** The spatial axes of a rank-4 batch with channels on {@code axis} (1 or 3). */
  private static int[] spatialAxes(int axis) {
    return axis == 3 ? new int[] {1, 2} : new int[] {2, 3};
  }

  /** The shape of a per-channel vector broadcast against a batch with channels on {@code axis}. */
  private static long[] perChannelShape(int axis) {
    return axis == 3 ? new long[] {1, 1, 1, -1} : new long[] {1, -1, 1, 1};
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
   * Ignores the property map of a clone: ND4J looks its keys up as fields of this class, finds none
   * (they live in {@link BatchNorm}) and logs a warning per key and graph. The same values come
   * back from the op's arguments in {@link #configureFromArguments()}.
   */
  @Override
  public void setPropertiesForFunction(Map<String, Object> properties) {}

  /**
   * The backward pass. For an op built by {@link #training} (recognised by its statistics coming
   * through a {@link GradientBarrier}; the input is then rank 4 with channels on axis 1) it is
   * built from a few fast ops (channels on axis 1 or 3, as the op's axis says), {@code dx = a·dy +
   * b·x + c} with per-channel coefficients from two per-channel sums ({@code Σdy}, {@code Σdy·x};
   * matrix products for NHWC); libnd4j's {@code batchnorm_bp} adds the coupling terms with generic
   * loops and is 2–3× slower in NCHW, 4–5× in NHWC (docs/internals.md, "`relu_bp` and
   * `batchnorm_bp` are slow loops"). Any other batch norm (a stock {@code sd.nn.batchNorm} whose
   * clone lands here) keeps the native op.
   *
   * <p>With s = 1/√(σ² + ε), M the number of elements per channel and sums over the batch and
   * spatial axes: {@code dβ = Σdy}, {@code dγ = s·(Σdy·x − μ·Σdy)}, and {@code dx = γs·(dy − Σdy/M
   * − x̂·dγ/M)}, which is affine in dy and x: {@code a = γs}, {@code b = −a·s·dγ/M}, {@code c =
   * −a·Σdy/M − b·μ}. The statistics get zero gradients; the barrier keeps SameDiff from using them.
   */
  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    SDVariable[] in = args();
    SDVariable dy = grads.get(0);
    if (in.length != 5 || !GradientBarrier.isBarrier(sameDiff, in[1])) {
      List<SDVariable> all = new ArrayList<>(Arrays.asList(in));
      all.add(dy);
      Backward bp =
          new Backward(sameDiff, all.toArray(new SDVariable[0]), getJaxis(), getEpsilon());
      return Arrays.asList(bp.outputVariables());
    }
    SameDiff sd = sameDiff;
    SDVariable x = in[0];
    SDVariable mean = in[1];
    SDVariable gamma = in[3];
    DataType dt = x.dataType();
    SDVariable perChannel = sd.size(x).castTo(dt).div(sd.size(mean).castTo(dt));
    SDVariable s = sd.math().rsqrt(in[2].add(getEpsilon()));
    if (getJaxis() == null) {
      configureFromArguments();
    }
    int axis = getJaxis() != null && getJaxis().length == 1 ? getJaxis()[0] : 1;
    int[] spatial = spatialAxes(axis);
    long[] channelShape = perChannelShape(axis);
    long[] map = axis == 3 ? pooledMap(sd, mean) : null;
    SDVariable sumDy;
    SDVariable sumDyX;
    if (map != null) {
      // NHWC with pooled statistics: the sums as global average poolings too, times H·W
      Pooling2DConfig global = globalPooling(map[0], map[1]);
      double hw = (double) map[0] * map[1];
      sumDy = sd.cnn().avgPooling2d(dy, global).sum(false, 0, 1, 2).mul(hw);
      sumDyX = sd.cnn().avgPooling2d(dy.mul(x), global).sum(false, 0, 1, 2).mul(hw);
    } else {
      sumDy = dy.sum(false, spatial).sum(false, 0);
      sumDyX = dy.mul(x).sum(false, spatial).sum(false, 0);
    }
    SDVariable dGamma = sumDyX.sub(mean.mul(sumDy)).mul(s);
    SDVariable a = gamma.mul(s);
    SDVariable b = a.mul(s).mul(dGamma).div(perChannel).neg();
    SDVariable c = a.mul(sumDy).div(perChannel).add(b.mul(mean)).neg();
    SDVariable dx =
        dy.mul(a.reshape(channelShape))
            .add(x.mul(b.reshape(channelShape)))
            .add(c.reshape(channelShape));
    return Arrays.asList(dx, sd.zerosLike(mean), sd.zerosLike(in[2]), dGamma, sumDy);
  }

  private void setField(String name, Object value) {
    try {
      Field f = BatchNorm.class.getDeclaredField(name);
      f.setAccessible(true);
      f.set(this, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot restore batch-norm " + name + " on this ND4J version", e);
    }
  }

  /**
   * libnd4j's {@code batchnorm_bp}: inputs {@code x, mean, var, gamma, beta, dL/dy}, outputs {@code
   * dL/dx, dL/dmean, dL/dvar, dL/dgamma, dL/dbeta}.
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

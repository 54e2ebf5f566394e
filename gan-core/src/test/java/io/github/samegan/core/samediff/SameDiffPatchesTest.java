package io.github.samegan.core.samediff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.graph.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Upsampling2d;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What SameGAN's {@link SameDiffPatches} do to an application's own SameDiff graphs in the same
 * JVM: the values and the gradients of every trainable variable stay bit-identical; a stock {@code
 * sd.nn.batchNorm}, which cannot be differentiated without the patches, differentiates correctly
 * with them (docs/internals.md, "SameGAN's SameDiff patches").
 */
class SameDiffPatchesTest {

  @AfterEach
  void leaveThePatchesInstalled() {
    SameDiffPatches.install(); // as every other test of this JVM expects
  }

  /**
   * A user's graph with the three patched ops in the forms SameGAN's classes treat specially: a
   * {@code conv2d} on constant weights, a ReLU written as {@code x · cast(x > 0)}, and a plain
   * product of two variables, then a dense layer.
   */
  private static Map<String, INDArray> userGraphValuesAndGradients() {
    Rng rng = new Rng(11);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", rng.gaussian(DataType.DOUBLE, 2, 2, 5, 5));
    SDVariable kernel = sd.constant("kernel", rng.gaussian(DataType.DOUBLE, 3, 3, 2, 3));
    SDVariable w = sd.var("w", rng.gaussian(DataType.DOUBLE, 3, 5, 5));
    SDVariable dense = sd.var("dense", rng.gaussian(DataType.DOUBLE, 75, 4));
    SDVariable conv =
        sd.cnn().conv2d(x, kernel, Conv2DConfig.builder().kH(3).kW(3).pH(1).pW(1).build());
    SDVariable relu = conv.mul(conv.gt(0.0).castTo(DataType.DOUBLE));
    SDVariable scaled = relu.mul(w);
    SDVariable out = sd.identity("out", scaled.reshape(2, 75).mmul(dense));
    SDVariable loss = sd.math().square(out).sum();
    sd.setLossVariables(loss.name());
    Map<String, INDArray> result = new LinkedHashMap<>();
    result.put("out", sd.output(Map.of(), "out").get("out").dup());
    sd.calculateGradients(Map.of(), List.of("x", "w", "dense"))
        .forEach((k, v) -> result.put("d" + k, v.dup()));
    return result;
  }

  @Test
  void aUsersOwnGraphComputesTheSameValuesAndGradientsWithAndWithoutThePatches() {
    SameDiffPatches.uninstall();
    assertThat(SameDiffPatches.isInstalled()).isFalse();
    assertThat(SameDiffPatches.cloneClassOf("multiply")).isEqualTo(MulOp.class);
    assertThat(SameDiffPatches.cloneClassOf("conv2d")).isEqualTo(Conv2D.class);
    assertThat(SameDiffPatches.cloneClassOf("batchnorm")).isEqualTo(BatchNorm.class);
    assertThat(SameDiffPatches.cloneClassOf("upsampling2d")).isEqualTo(Upsampling2d.class);
    Map<String, INDArray> stock = userGraphValuesAndGradients();

    SameDiffPatches.install();
    SameDiffPatches.install(); // idempotent
    assertThat(SameDiffPatches.cloneClassOf("multiply")).isEqualTo(MaskMultiplyOp.class);
    assertThat(SameDiffPatches.cloneClassOf("conv2d")).isEqualTo(InputGradientConv2dOp.class);
    assertThat(SameDiffPatches.cloneClassOf("batchnorm")).isEqualTo(FusedBatchNormOp.class);
    assertThat(SameDiffPatches.cloneClassOf("upsampling2d")).isEqualTo(NearestUpsampling2dOp.class);
    Map<String, INDArray> patched = userGraphValuesAndGradients();

    assertThat(patched.keySet()).containsExactlyInAnyOrder("out", "dx", "dw", "ddense");
    for (String k : stock.keySet()) {
      assertThat(patched.get(k)).as(k).isEqualTo(stock.get(k));
    }
  }

  /**
   * A user's training-mode batch norm with the stock {@code sd.nn.batchNorm}: the batch statistics
   * computed in the graph (behind a stop-gradient, since libnd4j's backward pass accounts for them
   * itself), then {@code Σ sin(y)}. Returns the loss, and the input gradient when asked.
   */
  private static INDArray[] stockBatchNorm(INDArray x0, boolean gradient) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", x0.dup());
    SDVariable xs =
        new org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient(sd, x).outputVariable();
    SDVariable mean = xs.mean(false, 0, 2, 3);
    SDVariable var = sd.math().square(xs.sub(mean.reshape(1, 2, 1, 1))).mean(false, 0, 2, 3);
    SDVariable gamma = sd.constant(Nd4j.createFromArray(2.0, 0.5));
    SDVariable beta = sd.constant(Nd4j.createFromArray(0.0, 1.0));
    SDVariable y = sd.nn().batchNorm(x, mean, var, gamma, beta, 1e-5, 1);
    SDVariable loss = sd.identity("loss", sd.math().sin(y).sum());
    sd.setLossVariables(loss.name());
    INDArray value = sd.output(Map.of(), "loss").get("loss").dup();
    return gradient
        ? new INDArray[] {value, sd.calculateGradients(Map.of(), List.of("x")).get("x")}
        : new INDArray[] {value};
  }

  @Test
  void aStockBatchNormFailsWithoutThePatchesAndDifferentiatesCorrectlyWithThem() {
    INDArray x0 = new Rng(5).gaussian(DataType.DOUBLE, 3, 2, 2, 2);
    SameDiffPatches.uninstall();
    // the FlatBuffers clone that SameDiff differentiates has lost the axis (docs/internals.md)
    assertThatThrownBy(() -> stockBatchNorm(x0, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Invalid axis argument: axis must be specified");

    SameDiffPatches.install();
    INDArray dx = stockBatchNorm(x0, true)[1];
    double h = 1e-6;
    for (int i = 0; i < x0.length(); i++) {
      INDArray up = x0.dup();
      INDArray down = x0.dup();
      up.putScalar(i, x0.getDouble(i) + h);
      down.putScalar(i, x0.getDouble(i) - h);
      double numeric =
          (stockBatchNorm(up, false)[0].getDouble(0) - stockBatchNorm(down, false)[0].getDouble(0))
              / (2 * h);
      assertThat(dx.getDouble(i))
          .as("dL/dx[%d]", i)
          .isCloseTo(numeric, org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  /** The gradient of Σ w·up2(x) with respect to x, for a batch of 2×3 maps with 2 channels. */
  private static INDArray upsamplingGradient(boolean nchw, boolean stockOp) {
    SameDiff sd = SameDiff.create();
    long[] in = nchw ? new long[] {2, 2, 2, 3} : new long[] {2, 2, 3, 2};
    long[] out = nchw ? new long[] {2, 2, 4, 6} : new long[] {2, 4, 6, 2};
    SDVariable x = sd.var("x", new Rng(3).gaussian(DataType.DOUBLE, in));
    SDVariable w = sd.constant("w", new Rng(4).gaussian(DataType.DOUBLE, out));
    SDVariable up =
        stockOp ? sd.cnn().upsampling2d(x, 2, 2, nchw) : SafeOps.upsampleNearest2x(sd, x, nchw);
    sd.setLossVariables(up.mul(w).sum().name());
    return sd.calculateGradients(Map.of(), List.of("x")).get("x").dup();
  }

  /**
   * Nearest upsampling's gradient sums each output 2×2 block back onto its input pixel, in NCHW and
   * in NHWC. Without the patch, SameDiff's NHWC gradient has the right shape and wrong values
   * (libnd4j's upsampling2d_bp reads the scale as its layout flag; docs/internals.md).
   */
  @Test
  void upsamplingGradientReadsNhwcBatchesAsNhwc() {
    INDArray w = new Rng(4).gaussian(DataType.DOUBLE, 2, 2, 4, 6);
    INDArray nchwExpected = w.reshape(2, 2, 2, 2, 3, 2).sum(3, 5);
    INDArray wNhwc = new Rng(4).gaussian(DataType.DOUBLE, 2, 4, 6, 2);
    INDArray nhwcExpected = wNhwc.reshape(2, 2, 2, 3, 2, 2).sum(2, 4);
    assertThat(upsamplingGradient(true, false)).isEqualTo(nchwExpected);
    assertThat(upsamplingGradient(false, false)).isEqualTo(nhwcExpected);

    SameDiffPatches.uninstall();
    assertThat(upsamplingGradient(true, true)).isEqualTo(nchwExpected);
    INDArray stockNhwc = upsamplingGradient(false, true);
    assertThat(stockNhwc.shape()).isEqualTo(nhwcExpected.shape());
    assertThat(stockNhwc.equalsWithEps(nhwcExpected, 1e-6)).isFalse();
  }
}

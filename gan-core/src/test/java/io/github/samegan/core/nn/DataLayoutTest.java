package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layout-aware layers compute in NHWC what they compute in NCHW: a small critic (convolution,
 * batch norm, ReLU, average pooling, convolution) built both ways has the same parameter names,
 * value, parameter gradients and input gradient (SameDiff's and the traced one), in double.
 */
class DataLayoutTest {
  private static final ImageShape SHAPE = new ImageShape(2, 8, 8);

  /** The critic; NHWC inside when {@code nhwc}, reading NCHW images either way. */
  private static SequentialDiscriminator critic(boolean nhwc, boolean pooled) {
    DataLayout l = nhwc ? DataLayout.NHWC : DataLayout.NCHW;
    Layer conv = new Conv2d(2, 4, 3, 1, 1, true, Init.normal(0.5), l);
    Layer head =
        pooled
            ? new GlobalAvgPool(l)
            : Sequential.of(Relayout.of(l, DataLayout.NCHW), Reshape.flatten(new long[] {4, 4, 4}));
    return new SequentialDiscriminator(
        nhwc ? "nhwc" : "nchw",
        SHAPE,
        Sequential.of(
            nhwc ? Relayout.before(DataLayout.NCHW, l, conv) : conv,
            new BatchNorm(4, l),
            Activation.relu(),
            new AvgPool2d(2, l),
            new Conv2d(4, 4, 3, 1, 1, true, Init.normal(0.5), l),
            head,
            new Dense(pooled ? 4 : 64, 1)));
  }

  private static LossGraph graph(boolean nhwc, boolean pooled, INDArray x) {
    LossGraph lg = new LossGraph(critic(nhwc, pooled), Phase.DISCRIMINATOR, x, x, 7);
    lg.build(ctx -> ctx.realLogits().sum());
    return lg;
  }

  @Test
  void nhwcLayersComputeWhatNchwLayersCompute() {
    INDArray x = new RandomImages(SHAPE, 3, 2, DataType.DOUBLE).next().images();
    for (boolean pooled : new boolean[] {false, true}) {
      LossGraph a = graph(false, pooled, x);
      LossGraph b = graph(true, pooled, x);
      assertThat(b.parameterNames()).isEqualTo(a.parameterNames()).contains("D/0conv/W");
      assertThat(b.value()).isCloseTo(a.value(), org.assertj.core.api.Assertions.within(1e-10));
      Map<String, INDArray> ga = a.gradients();
      Map<String, INDArray> gb = b.gradients();
      for (String n : a.parameterNames()) {
        assertThat(FiniteDifferences.relativeError(gb.get(n), ga.get(n))).as(n).isLessThan(1e-10);
      }
      INDArray own = a.sameDiffInputGradient(x);
      assertThat(own.amaxNumber().doubleValue()).isGreaterThan(1e-6);
      assertThat(FiniteDifferences.relativeError(b.sameDiffInputGradient(x), own))
          .isLessThan(1e-10);
      if (!pooled) { // GlobalAvgPool has no traced input gradient
        assertThat(FiniteDifferences.relativeError(b.tracedInputGradient(x), own)).isLessThan(1e-9);
      }
    }
  }

  @Test
  void perExampleShapesFollowTheLayout() {
    assertThat(
            new Conv2d(2, 4, 4, 2, 1, true, Init.zeros(), DataLayout.NHWC)
                .outputShape(new long[] {8, 6, 2}))
        .containsExactly(4, 3, 4);
    assertThat(new AvgPool2d(2, DataLayout.NHWC).outputShape(new long[] {8, 6, 3}))
        .containsExactly(4, 3, 3);
    assertThat(Relayout.of(DataLayout.NCHW, DataLayout.NHWC).outputShape(new long[] {3, 8, 6}))
        .containsExactly(8, 6, 3);
    assertThatThrownBy(() -> new BatchNorm(4, DataLayout.NHWC).outputShape(new long[] {4, 8, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[H, W, C]");
  }
}

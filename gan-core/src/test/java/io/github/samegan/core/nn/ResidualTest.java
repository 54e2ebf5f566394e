package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ResidualTest {

  private static INDArray run(Layer layer, INDArray x, ParameterStore store) {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, NetGraph.Mode.INFERENCE, n -> true);
    long[] s = x.shape();
    SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, s[1], s[2], s[3]);
    SDVariable out = layer.forward(g.scope("blk"), in, new long[] {s[1], s[2], s[3]});
    return sd.output(Map.of("x", x), out.name()).get(out.name());
  }

  @Test
  void identityResidualAddsTheInput() {
    INDArray x = new Rng(2).gaussian(DataType.DOUBLE, 2, 3, 4, 4);
    ParameterStore store = new ParameterStore();
    Conv2d conv = new Conv2d(3, 3, 3, 1, 1, true, Init.normal(0.5));
    INDArray main = run(conv, x, store);
    ParameterStore shared = new ParameterStore();
    INDArray y = run(Residual.identity(conv), x, shared);
    // same seed and shapes: the residual's main/ conv has the same weights as the bare conv
    assertThat(shared.array("blk/main/W")).isEqualTo(store.array("blk/W"));
    assertThat(y).isEqualTo(main.add(x));
  }

  @Test
  void projectedResidualAddsTheShortcutAndGlobalPoolingAverages() {
    INDArray x = new Rng(3).gaussian(DataType.DOUBLE, 2, 2, 4, 4);
    Conv2d main = new Conv2d(2, 5, 3, 2, 1, false, Init.normal(0.5));
    Conv2d skip = new Conv2d(2, 5, 1, 2, 0, false, Init.normal(0.5));
    ParameterStore store = new ParameterStore();
    Residual r = Residual.projected(main, skip);
    assertThat(r.outputShape(new long[] {2, 4, 4})).containsExactly(5, 2, 2);
    INDArray y = run(r, x, store);
    ParameterStore a = new ParameterStore();
    a.add("blk/W", store.array("blk/main/W").dup(), ParameterStore.Kind.PARAMETER);
    ParameterStore b = new ParameterStore();
    b.add("blk/W", store.array("blk/skip/W").dup(), ParameterStore.Kind.PARAMETER);
    assertThat(y).isEqualTo(run(main, x, a).add(run(skip, x, b)));

    INDArray pooled = run(Sequential.of(r, new GlobalAvgPool()), x, new ParameterStore());
    assertThat(pooled.shape()).containsExactly(2, 5);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 5; c++) {
        assertThat(pooled.getDouble(n, c))
            .isCloseTo(
                y.getDouble(n, c, 0, 0) / 4
                    + y.getDouble(n, c, 0, 1) / 4
                    + y.getDouble(n, c, 1, 0) / 4
                    + y.getDouble(n, c, 1, 1) / 4,
                within(1e-12));
      }
    }
    assertThat(new GlobalAvgPool().outputShape(new long[] {7, 3, 3})).containsExactly(7);
  }

  @Test
  void mismatchedBranchesAreNamed() {
    Residual r = Residual.identity(new Conv2d(2, 4, 3, 1, 1));
    assertThatThrownBy(() -> r.outputShape(new long[] {2, 8, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 8, 8]")
        .hasMessageContaining("identity shortcut")
        .hasMessageContaining("[2, 8, 8]");
    assertThat(r.providesInputGradient()).isFalse();
    assertThatThrownBy(() -> new GlobalAvgPool().outputShape(new long[] {4}))
        .hasMessageContaining("rank 3");
  }
}

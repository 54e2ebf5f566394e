package io.github.samegan.models.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class Upsample2xTest {

  /**
   * y[b, c, i, j] = x[b, c, i/2, j/2], and under L = Σ y ⊙ w each input pixel's gradient is the sum
   * of w over its 2×2 block, both from autodiff and from the layer's own input gradient.
   */
  @Test
  void copiesEachPixelToItsBlockAndSumsTheBlockBack() {
    long[] s = {3, 2, 5};
    INDArray x0 = new Rng(4).gaussian(DataType.DOUBLE, 2, 3, 2, 5);
    INDArray w0 = new Rng(5).gaussian(DataType.DOUBLE, 2, 3, 4, 10);
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, new ParameterStore(), new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> false);
    SDVariable x = sd.var("x", x0.dup());
    var traced = new Upsample2x().trace(g, x, s);
    SDVariable w = sd.constant(w0);
    SDVariable traceGrad = traced.inputGradient(w);
    SDVariable loss = traced.output().mul(w).sum();
    sd.setLossVariables(loss.name());
    INDArray y = sd.output(Map.of(), traced.output().name()).get(traced.output().name());
    INDArray viaTrace = sd.output(Map.of(), traceGrad.name()).get(traceGrad.name());
    INDArray viaAutodiff = sd.calculateGradients(Map.of(), "x").get("x");
    assertThat(y.shape()).containsExactly(2, 3, 4, 10);
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 10; j++) {
            assertThat(y.getDouble(b, c, i, j)).isEqualTo(x0.getDouble(b, c, i / 2, j / 2));
          }
        }
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 5; j++) {
            double block =
                w0.getDouble(b, c, 2 * i, 2 * j)
                    + w0.getDouble(b, c, 2 * i, 2 * j + 1)
                    + w0.getDouble(b, c, 2 * i + 1, 2 * j)
                    + w0.getDouble(b, c, 2 * i + 1, 2 * j + 1);
            assertThat(viaAutodiff.getDouble(b, c, i, j))
                .isCloseTo(block, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(viaTrace.getDouble(b, c, i, j))
                .isCloseTo(block, org.assertj.core.api.Assertions.within(1e-12));
          }
        }
      }
    }
  }
}

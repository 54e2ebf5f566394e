package io.github.samegan.core.samediff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link MaskMultiplyOp}: one {@code multiply} instead of {@code multiply_bp} for masks from a
 * boolean comparison, and the stock derivative for every other multiply.
 */
class MaskMultiplyOpTest {

  private static boolean hasOp(SameDiff sd, String name) {
    return sd.getFunction("grad").getOps().values().stream()
        .anyMatch(op -> op.getOp().opName().equals(name));
  }

  /**
   * L = Σ w·x·max(1[x &gt; 0], 0.3): dL/dx = w·slope exactly, and no multiply_bp in the gradient
   * graph.
   */
  @Test
  void maskGradientIsOneMultiplyWithTheExactSlope() {
    INDArray x0 = Nd4j.createFromArray(-2f, -0.5f, 0f, 0.5f, 3f);
    INDArray w = Nd4j.createFromArray(1.5f, -2f, 4f, 0.25f, -1f);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", x0.dup());
    SDVariable mask = sd.scalarMax(sd.gt(x, 0.0).castTo(DataType.FLOAT), 0.3);
    SDVariable y = MaskMultiplyOp.apply(sd, x, mask);
    // the weighting by w is a matmul, so that any multiply_bp would come from the op under test
    sd.setLossVariables(y.reshape(1, 5).mmul(sd.constant(w.reshape(5, 1))).sum().name());
    INDArray g = sd.calculateGradients(Map.of(), "x").get("x");
    for (int i = 0; i < 5; i++) {
      float slope = x0.getFloat(i) > 0 ? 1f : 0.3f;
      assertThat(g.getFloat(i)).as("dL/dx[%d]", i).isEqualTo(slope * w.getFloat(i));
    }
    assertThat(hasOp(sd, "multiply_bp")).as("multiply_bp in the gradient graph").isFalse();
  }

  /**
   * A multiply whose second input is differentiable (here a cast of a float, not of a boolean)
   * keeps the stock derivative: L = Σ x·cast(v) gives dL/dx = v and dL/dv = x.
   */
  @Test
  void anyOtherMultiplyKeepsBothGradients() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.createFromArray(1.0, -2.0, 3.0));
    SDVariable v = sd.var("v", Nd4j.createFromArray(4f, 5f, -6f));
    SDVariable y = MaskMultiplyOp.apply(sd, x, v.castTo(DataType.DOUBLE));
    sd.setLossVariables(y.sum().name());
    Map<String, INDArray> g = sd.calculateGradients(Map.of(), "x", "v");
    assertThat(g.get("x")).isEqualTo(Nd4j.createFromArray(4.0, 5.0, -6.0));
    assertThat(g.get("v")).isEqualTo(Nd4j.createFromArray(1f, -2f, 3f));
    assertThat(hasOp(sd, "multiply_bp")).isTrue();
  }
}

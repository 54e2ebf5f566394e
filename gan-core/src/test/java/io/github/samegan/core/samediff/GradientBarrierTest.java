package io.github.samegan.core.samediff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientBarrierTest {

  /** The barrier passes values through bit for bit, in float and double. */
  @Test
  void passesValuesThroughExactly() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray v = Nd4j.createFromArray(1.5, -0.1, 3.0e-7, -1.0e12).castTo(dt);
      SameDiff sd = SameDiff.create();
      SDVariable out = GradientBarrier.apply(sd, sd.constant(v));
      INDArray got = sd.output(Map.of(), out.name()).get(out.name());
      assertThat(got.dataType()).isEqualTo(dt);
      assertThat(got).isEqualTo(v);
    }
  }

  /**
   * L = Σ x·b(mean(x)) with b the barrier: only the direct path counts, so dL/dx = mean(x) for
   * every element (without the barrier it would be mean(x) + Σx/n), and SameDiff builds no gradient
   * op for the mean at all.
   */
  @Test
  void cutsTheGradientPathAndBuildsNoOpsBehindIt() {
    INDArray x0 = Nd4j.createFromArray(1.0, 2.0, 6.0);
    for (boolean barrier : new boolean[] {true, false}) {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.var("x", x0.dup());
      SDVariable m = x.mean();
      SDVariable loss = x.mul(barrier ? GradientBarrier.apply(sd, m) : m).sum();
      sd.setLossVariables(loss.name());
      INDArray g = sd.calculateGradients(Map.of(), "x").get("x");
      double expected = barrier ? 3.0 : 3.0 + 9.0 / 3;
      assertThat(g).isEqualTo(Nd4j.createFromArray(expected, expected, expected));
      boolean meanDifferentiated =
          sd.getFunction("grad").getOps().values().stream()
              .anyMatch(op -> op.getOp().opName().equals("reduce_mean_bp"));
      assertThat(meanDifferentiated)
          .as("reduce_mean_bp in the gradient graph (barrier %s)", barrier)
          .isEqualTo(!barrier);
    }
  }

  @Test
  void rejectsIntegerVariables() {
    SameDiff sd = SameDiff.create();
    SDVariable ints = sd.constant(Nd4j.createFromArray(1, 2));
    assertThatThrownBy(() -> GradientBarrier.apply(sd, ints))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floating-point");
  }
}

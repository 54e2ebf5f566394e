package io.github.samegan.core.samediff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ReluOp} computes what SameDiff's own ReLU and the mask formulation compute, values and
 * gradients bit for bit (zeros in the input included), and its gradient is {@code step} and {@code
 * multiply}, not libnd4j's {@code relu_bp}.
 */
class ReluOpTest {

  /** Value and gradient of {@code Σ relu(x)·w} with {@code relu} built by {@code variant}. */
  private static INDArray[] run(int variant, INDArray x0, INDArray w, SameDiff[] graph) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", x0.dup());
    SDVariable y =
        switch (variant) {
          case 0 -> ReluOp.apply(sd, x);
          case 1 -> sd.nn().relu(x, 0.0);
          default -> MaskMultiplyOp.apply(sd, x, sd.gt(x, 0.0).castTo(x.dataType()));
        };
    sd.setLossVariables(y.mul(sd.constant(w)).sum().name());
    INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
    graph[0] = sd;
    return new INDArray[] {sd.output(Map.of(), y.name()).get(y.name()), grad};
  }

  @Test
  void valuesAndGradientsEqualSameDiffsReluAndTheMask() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = new Rng(3).gaussian(dt, 8, 6, 6, 5);
      for (int i = 0; i < x.length(); i += 7) {
        x.putScalar(i, 0.0); // the kink: gradient 0 in all three
      }
      INDArray w = new Rng(4).gaussian(dt, 8, 6, 6, 5);
      SameDiff[] g = new SameDiff[1];
      INDArray[] ours = run(0, x, w, g);
      SameDiff ourGraph = g[0];
      INDArray[] stock = run(1, x, w, g);
      INDArray[] mask = run(2, x, w, g);
      assertThat(ours[0]).as("value %s", dt).isEqualTo(stock[0]).isEqualTo(mask[0]);
      assertThat(ours[1]).as("gradient %s", dt).isEqualTo(stock[1]).isEqualTo(mask[1]);
      assertThat(ours[1].getDouble(0)).isZero();
      assertThat(ours[0].getDouble(0)).isZero();
      SameDiff grad = ourGraph.getFunction("grad");
      assertThat(grad.getOps().values())
          .extracting(op -> op.getOp().opName())
          .contains("step", "multiply")
          .doesNotContain("relu_bp");
    }
  }

  @Test
  void cloningKeepsTheClassAndTheThreshold() {
    SameDiffPatches.install();
    assertThat(SameDiffPatches.cloneClassOf("relu")).isEqualTo(ReluOp.class);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.createFromArray(-1.0, 0.0, 2.0));
    SDVariable y = ReluOp.apply(sd, x);
    sd.setLossVariables(y.sum().name());
    assertThat(sd.calculateGradients(Map.of(), "x").get("x"))
        .isEqualTo(Nd4j.createFromArray(0.0, 0.0, 1.0));
    assertThat(sd.output(Map.of(), y.name()).get(y.name()))
        .isEqualTo(Nd4j.createFromArray(0.0, 0.0, 2.0));
  }
}

package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.samediff.ReluOp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU and leaky ReLU are built as {@code x · mask} (much faster than SameDiff's own ops in M2.1,
 * docs/benchmarks.md); their values and gradients must be exactly those of the textbook functions,
 * in float and double.
 */
class ActivationTest {

  private static INDArray[] valueAndGradient(Activation act, INDArray x0, INDArray w) {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, new ParameterStore(), new Rng(1), x0.dataType(), NetGraph.Mode.TRAIN, n -> true);
    SDVariable x = sd.var("x", x0.dup());
    SDVariable y = act.forward(g, x);
    SDVariable loss = y.mul(sd.constant(w)).sum();
    sd.setLossVariables(loss.name());
    INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
    return new INDArray[] {sd.output(Map.of(), y.name()).get(y.name()), grad};
  }

  @Test
  void reluAndLeakyReluHaveTheTextbookValuesAndGradients() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray x = Nd4j.createFromArray(-3.0, -0.5, -1e-30, 0.0, 1e-30, 0.25, 7.0).castTo(dt);
      INDArray w = Nd4j.createFromArray(1.0, 2.0, -1.0, 0.5, 3.0, -2.0, 1.5).castTo(dt);
      for (double alpha : new double[] {0.0, 0.2, 0.01}) {
        Activation act = alpha == 0 ? Activation.relu() : Activation.leakyRelu(alpha);
        INDArray[] r = valueAndGradient(act, x, w);
        for (int i = 0; i < x.length(); i++) {
          double xi = x.getDouble(i);
          double slope = xi > 0 ? 1.0 : alpha;
          assertThat(r[0].getDouble(i))
              .as("%s y(%s) %s", act, xi, dt)
              .isEqualTo(dt == DataType.FLOAT ? (double) ((float) xi * (float) slope) : xi * slope);
          assertThat(r[1].getDouble(i))
              .as("%s dy/dx(%s) %s", act, xi, dt)
              .isEqualTo(
                  dt == DataType.FLOAT
                      ? (double) ((float) slope * w.getFloat(i))
                      : slope * w.getDouble(i));
        }
      }
    }
  }

  @Test
  void leakyReluMatchesSameDiffsOwnOpOnALargeArray() {
    INDArray x = new Rng(9).gaussian(DataType.FLOAT, 8, 4, 6, 6);
    INDArray w = new Rng(10).gaussian(DataType.FLOAT, 8, 4, 6, 6);
    INDArray[] ours = valueAndGradient(Activation.leakyRelu(0.2), x, w);
    SameDiff sd = SameDiff.create();
    SDVariable xv = sd.var("x", x.dup());
    SDVariable y = sd.nn.leakyRelu(xv, 0.2);
    sd.setLossVariables(y.mul(sd.constant(w)).sum().name());
    INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
    assertThat(ours[0].sub(sd.output(Map.of(), y.name()).get(y.name())).amaxNumber().doubleValue())
        .isLessThan(1e-7);
    assertThat(ours[1].sub(grad).amaxNumber().doubleValue()).isLessThan(1e-7);
  }

  /**
   * Where nothing upstream is trainable (a placeholder through constant weights, as in the
   * generator during the discriminator's update) ReLU is libnd4j's one {@code relu} op with the
   * same values; where something is, it is {@link ReluOp} (its gradient: {@code ReluOpTest}).
   */
  @Test
  void reluWithoutAnyGradientToCarryIsTheNativeOpWithTheSameValues() {
    INDArray x0 = Nd4j.createFromArray(-3f, -0.5f, 0f, 0.25f, 7f).reshape(1, 5);
    INDArray w0 = Nd4j.createFromArray(new float[][] {{2f}}); // x·w with w = 2
    for (boolean trainable : new boolean[] {false, true}) {
      SameDiff sd = SameDiff.create();
      NetGraph g =
          NetGraph.create(
              sd, new ParameterStore(), new Rng(1), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> true);
      SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1);
      SDVariable w = trainable ? sd.var("w", w0.dup()) : sd.constant("w", w0.dup());
      SDVariable y = Activation.relu().forward(g, x.mmul(w));
      boolean mask =
          sd.getOps().values().stream()
              .anyMatch(op -> op.getOp().opName().equals("greaterthan_scalar"));
      boolean legacyRelu =
          sd.getOps().values().stream()
              .anyMatch(
                  op -> op.getOp() instanceof org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear);
      boolean reluOp = sd.getOps().values().stream().anyMatch(op -> op.getOp() instanceof ReluOp);
      assertThat(mask).as("mask ops, trainable=%s", trainable).isFalse();
      assertThat(legacyRelu).as("legacy relu, trainable=%s", trainable).isEqualTo(!trainable);
      assertThat(reluOp).as("ReluOp, trainable=%s", trainable).isEqualTo(trainable);
      INDArray out = sd.output(Map.of("x", x0.reshape(5, 1)), y.name()).get(y.name());
      assertThat(out).isEqualTo(Nd4j.createFromArray(0f, 0f, 0f, 0.5f, 14f).reshape(5, 1));
    }
  }
}

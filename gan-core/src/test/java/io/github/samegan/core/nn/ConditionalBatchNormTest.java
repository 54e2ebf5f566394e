package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.train.Gan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conditional batch norm: the forward pass against the closed form in both modes, the batch
 * statistics it reports, its gradients against finite differences, its traced input gradient
 * against SameDiff's, and its parameter count 2·K·C.
 */
class ConditionalBatchNormTest {
  private static final int K = 3;
  private static final double[][] GAMMA = {{1.5, -0.5}, {2.0, 0.3}, {0.7, 1.1}};
  private static final double[][] BETA = {{0.1, -0.2}, {0.5, 0.0}, {-1.0, 2.0}};
  private static final int[] LABELS = {0, 2, 1, 2};

  /**
   * A graph with a conditional batch norm over {@code x} ({@code [B, C, ...]}) and fixed labels.
   */
  private record Built(SameDiff sd, NetGraph g, SDVariable y, Traced traced) {}

  private static Built build(
      ParameterStore store, NetGraph.Mode mode, INDArray x, int[] labels, boolean xTrainable) {
    SameDiff sd = SameDiff.create();
    NetGraph g = NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, mode, n -> true);
    SDVariable in =
        xTrainable
            ? g.param("x", x.shape(), (rng, type, shape, fanIn) -> x.dup(), 1)
            : sd.constant("x", x);
    SDVariable oneHot = sd.constant("labels", Gan.oneHot(labels, K, DataType.DOUBLE));
    long c = x.size(1);
    long[] perExample = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
    Traced t =
        new ConditionalBatchNorm(c, K).trace(g.withLabels(oneHot).scope("cbn"), in, perExample);
    return new Built(sd, g, t.output(), t);
  }

  private static void setTables(ParameterStore store) {
    store.array("cbn/gamma").assign(Nd4j.createFromArray(GAMMA));
    store.array("cbn/beta").assign(Nd4j.createFromArray(BETA));
  }

  private static INDArray eval(Built b, SDVariable v) {
    return b.sd().output(Map.of(), v.name()).get(v.name());
  }

  @Test
  void trainingForwardIsBatchNormWithThePerClassScaleAndShift() {
    INDArray x = new Rng(5).gaussian(DataType.DOUBLE, 4, 2, 2, 2).muli(2).addi(0.5);
    ParameterStore store = new ParameterStore();
    build(store, NetGraph.Mode.TRAIN, x, LABELS, false); // creates the tables
    setTables(store);
    Built b = build(store, NetGraph.Mode.TRAIN, x, LABELS, false);
    INDArray y = eval(b, b.y());
    double[] mean = new double[2];
    double[] var = new double[2];
    for (int c = 0; c < 2; c++) {
      double s = 0;
      double sq = 0;
      for (int n = 0; n < 4; n++) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            double v = x.getDouble(n, c, i, j);
            s += v;
            sq += v * v;
          }
        }
      }
      mean[c] = s / 16;
      var[c] = sq / 16 - mean[c] * mean[c]; // biased
    }
    for (int n = 0; n < 4; n++) {
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            double xHat = (x.getDouble(n, c, i, j) - mean[c]) / Math.sqrt(var[c] + 1e-5);
            double expected = GAMMA[LABELS[n]][c] * xHat + BETA[LABELS[n]][c];
            assertThat(y.getDouble(n, c, i, j))
                .as("y[%d,%d,%d,%d]", n, c, i, j)
                .isCloseTo(expected, within(1e-9));
          }
        }
      }
    }
    // the running statistics are refreshed from the batch statistics, as plain batch norm's
    List<NetGraph.StateUpdate> updates = b.g().stateUpdates();
    assertThat(updates)
        .extracting(NetGraph.StateUpdate::stateName)
        .containsExactly("cbn/running_mean", "cbn/running_var");
    assertThat(eval(b, updates.get(0).value()).toDoubleVector())
        .containsExactly(mean, within(1e-12));
    assertThat(eval(b, updates.get(1).value()).toDoubleVector())
        .containsExactly(var, within(1e-12));
  }

  @Test
  void inferenceForwardUsesTheRunningStatistics() {
    INDArray x = new Rng(6).gaussian(DataType.DOUBLE, 4, 2);
    ParameterStore store = new ParameterStore();
    build(store, NetGraph.Mode.INFERENCE, x, LABELS, false);
    setTables(store);
    store.array("cbn/running_mean").assign(Nd4j.createFromArray(0.5, -1.0));
    store.array("cbn/running_var").assign(Nd4j.createFromArray(4.0, 0.25));
    Built b = build(store, NetGraph.Mode.INFERENCE, x, LABELS, false);
    INDArray y = eval(b, b.y());
    double[] m = {0.5, -1.0};
    double[] v = {4.0, 0.25};
    for (int n = 0; n < 4; n++) {
      for (int c = 0; c < 2; c++) {
        double expected =
            GAMMA[LABELS[n]][c] * (x.getDouble(n, c) - m[c]) / Math.sqrt(v[c] + 1e-5)
                + BETA[LABELS[n]][c];
        assertThat(y.getDouble(n, c)).isCloseTo(expected, within(1e-9));
      }
    }
    assertThat(b.g().stateUpdates()).isEmpty();
  }

  /** L = Σ sin(y ⊙ w): gradients of x, Γ and B against central differences, images and vectors. */
  @Test
  void gradientsMatchFiniteDifferences() {
    for (long[] shape : new long[][] {{4, 2, 3, 3}, {6, 2}}) {
      Rng rng = new Rng(shape.length);
      INDArray x = rng.gaussian(DataType.DOUBLE, shape).muli(1.5).addi(0.3);
      INDArray w = rng.gaussian(DataType.DOUBLE, shape);
      int[] labels = shape[0] == 4 ? LABELS : new int[] {0, 1, 2, 2, 1, 1};
      ParameterStore store = new ParameterStore();
      build(store, NetGraph.Mode.TRAIN, x, labels, true);
      store.array("cbn/gamma").assign(rng.gaussian(DataType.DOUBLE, K, 2).addi(1));
      store.array("cbn/beta").assign(rng.gaussian(DataType.DOUBLE, K, 2));
      Built b = build(store, NetGraph.Mode.TRAIN, x, labels, true);
      SDVariable loss = b.sd().math().sin(b.y().mul(b.sd().constant(w))).sum();
      b.sd().setLossVariables(loss.name());
      List<String> names = List.of("x", "cbn/gamma", "cbn/beta");
      Map<String, INDArray> grads = new HashMap<>();
      LossGraph.quietly(() -> b.sd().calculateGradients(Map.of(), names))
          .forEach((k, v) -> grads.put(k, v.dup()));
      int nonTrivial =
          FiniteDifferences.check(
              store,
              names,
              grads,
              () -> b.sd().output(Map.of(), loss.name()).get(loss.name()).getDouble(0),
              10,
              7,
              1e-7);
      assertThat(nonTrivial).as("shape %s", java.util.Arrays.toString(shape)).isGreaterThan(15);
      // a class no example belongs to gets no gradient
      if (shape[0] == 4) {
        assertThat(grads.get("cbn/gamma").getRow(0).amaxNumber().doubleValue()).isGreaterThan(1e-6);
      }
    }
  }

  @Test
  void tracedInputGradientEqualsSameDiffs() {
    INDArray x = new Rng(8).gaussian(DataType.DOUBLE, 4, 2, 3, 3);
    INDArray w = new Rng(9).gaussian(DataType.DOUBLE, 4, 2, 3, 3);
    ParameterStore store = new ParameterStore();
    build(store, NetGraph.Mode.TRAIN, x, LABELS, true);
    setTables(store);
    Built b = build(store, NetGraph.Mode.TRAIN, x, LABELS, true);
    SDVariable wv = b.sd().constant(w);
    SDVariable loss = b.y().mul(wv).sum();
    b.sd().setLossVariables(loss.name());
    INDArray own =
        LossGraph.quietly(() -> b.sd().calculateGradients(Map.of(), List.of("x"))).get("x").dup();
    SDVariable traced = b.traced().inputGradient(wv);
    assertThat(own.amaxNumber().doubleValue()).isGreaterThan(1e-3);
    assertThat(FiniteDifferences.relativeError(eval(b, traced), own)).isLessThan(1e-6);
  }

  @Test
  void hasTwoTablesOfKByCParametersAndPlainBatchNormState() {
    ParameterStore store = new ParameterStore();
    build(
        store,
        NetGraph.Mode.TRAIN,
        new Rng(1).gaussian(DataType.DOUBLE, 4, 5, 2, 2),
        LABELS,
        false);
    assertThat(store.parameterCount("cbn/")).isEqualTo(2L * K * 5);
    assertThat(store.array("cbn/gamma").shape()).containsExactly(K, 5);
    assertThat(store.array("cbn/gamma").minNumber().doubleValue())
        .isEqualTo(1.0); // starts as plain BN
    assertThat(store.array("cbn/beta").amaxNumber().doubleValue()).isZero();
    assertThat(store.array("cbn/running_var").shape()).containsExactly(5);
  }

  @Test
  void withoutLabelsItFailsNamingTheLayerAndTheRemedy() {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, new ParameterStore(), new Rng(1), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> true);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4, 2, 2);
    assertThatThrownBy(() -> new ConditionalBatchNorm(4, 3).forward(g, x, new long[] {4, 2, 2}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ConditionalBatchNorm")
        .hasMessageContaining("withLabels");
    assertThatThrownBy(() -> new ConditionalBatchNorm(4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 1");
  }
}

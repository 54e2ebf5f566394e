package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchNormTest {

  private static INDArray run(ParameterStore store, NetGraph.Mode mode, INDArray x) {
    SameDiff sd = SameDiff.create();
    NetGraph g = NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, mode, n -> true);
    SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, 3, 4, 4);
    SDVariable out = new BatchNorm(3).forward(g.scope("bn"), in);
    return sd.output(Map.of("x", x), out.name()).get(out.name());
  }

  @Test
  void trainingModeNormalisesWithBatchStatistics() {
    ParameterStore store = new ParameterStore();
    INDArray x = new Rng(3).gaussian(DataType.DOUBLE, 5, 3, 4, 4).muli(3).addi(7);
    INDArray y = run(store, NetGraph.Mode.TRAIN, x);
    for (int c = 0; c < 3; c++) {
      INDArray ch = y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c)).dup();
      assertThat(ch.meanNumber().doubleValue()).isCloseTo(0.0, within(1e-9));
      // biased variance of the normalised output is var/(var+eps) ≈ 1
      assertThat(ch.varNumber().doubleValue() * (ch.length() - 1) / ch.length()).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void inferenceModeUsesRunningStatistics() {
    ParameterStore store = new ParameterStore();
    INDArray x = new Rng(3).gaussian(DataType.DOUBLE, 5, 3, 4, 4);
    run(store, NetGraph.Mode.TRAIN, x); // creates the arrays
    store.array("bn/running_mean").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, -2.0, 0.5));
    store.array("bn/running_var").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(4.0, 0.25, 1.0));
    store.array("bn/gamma").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(2.0, 1.0, 3.0));
    store.array("bn/beta").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(0.0, 1.0, -1.0));
    INDArray y = run(store, NetGraph.Mode.INFERENCE, x);
    double[] mean = {1.0, -2.0, 0.5};
    double[] var = {4.0, 0.25, 1.0};
    double[] gamma = {2.0, 1.0, 3.0};
    double[] beta = {0.0, 1.0, -1.0};
    for (int n = 0; n < 5; n++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 4; i++) {
          double xv = x.getDouble(n, c, i, 1);
          double expected = gamma[c] * (xv - mean[c]) / Math.sqrt(var[c] + 1e-5) + beta[c];
          assertThat(y.getDouble(n, c, i, 1)).isCloseTo(expected, within(1e-9));
        }
      }
    }
  }
}

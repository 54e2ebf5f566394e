package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The AC-GAN class term: stable softmax cross-entropy, value and gradient by hand. */
class AuxiliaryClassifierLossTest {
  /** Includes logits that overflow exp() in double: a naive log(softmax) gives −∞ or NaN. */
  private static final double[][] LOGITS = {
    {1.0, 2.0, -3.0, 0.5}, {1000.0, -1000.0, 0.0, 999.0}, {-800.0, -801.0, -790.0, -805.0}
  };

  private static final int[] LABELS = {1, 3, 0};

  private static double logSumExp(double[] row) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : row) {
      m = Math.max(m, v);
    }
    double s = 0;
    for (double v : row) {
      s += Math.exp(v - m);
    }
    return m + Math.log(s);
  }

  private static INDArray oneHot(int[] labels, int k) {
    INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, labels.length, k);
    for (int i = 0; i < labels.length; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }

  @Test
  void crossEntropyValueAndGradientMatchTheFormula() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.createFromArray(LOGITS));
    SDVariable y = sd.constant("y", oneHot(LABELS, 4));
    SDVariable ce = Functional.softmaxCrossEntropy(sd, x, y);
    sd.setLossVariables(ce.name());
    double value = sd.output(Map.of(), ce.name()).get(ce.name()).getDouble(0);
    double expected = 0;
    for (int i = 0; i < LOGITS.length; i++) {
      expected += (logSumExp(LOGITS[i]) - LOGITS[i][LABELS[i]]) / LOGITS.length;
    }
    // by hand for row 1: −log softmax = log(e^1 + e^2 + e^−3 + e^0.5) − 2 = log(11.80585) − 2 =
    // 0.468595
    assertThat(logSumExp(LOGITS[0]) - 2.0).isCloseTo(0.468595, within(1e-6));
    assertThat(value).isCloseTo(expected, within(1e-9));
    INDArray g =
        io.github.samegan.core.testing.LossGraph.quietly(
                () -> sd.calculateGradients(Map.of(), List.of("x")))
            .get("x");
    for (int i = 0; i < LOGITS.length; i++) {
      double lse = logSumExp(LOGITS[i]);
      for (int k = 0; k < 4; k++) {
        double softmax = Math.exp(LOGITS[i][k] - lse);
        double closed = (softmax - (k == LABELS[i] ? 1 : 0)) / LOGITS.length;
        assertThat(g.getDouble(i, k)).as("d/dx[%d][%d]", i, k).isCloseTo(closed, within(1e-12));
      }
    }
  }

  @Test
  void discriminatorAndGeneratorTermsAreWeightedCrossEntropies() {
    SameDiff sd = SameDiff.create();
    SDVariable real = sd.constant("r", Nd4j.createFromArray(LOGITS));
    SDVariable fake = sd.constant("f", Nd4j.createFromArray(LOGITS).neg());
    SDVariable yr = sd.constant("yr", oneHot(LABELS, 4));
    SDVariable yf = sd.constant("yf", oneHot(new int[] {0, 0, 2}, 4));
    AuxiliaryClassifierLoss aux = new AuxiliaryClassifierLoss(0.5);
    SDVariable d = aux.discriminatorTerm(sd, real, yr, fake, yf);
    SDVariable gt = aux.generatorTerm(sd, fake, yf);
    SDVariable ceReal = Functional.softmaxCrossEntropy(sd, real, yr);
    SDVariable ceFake = Functional.softmaxCrossEntropy(sd, fake, yf);
    Map<String, INDArray> out =
        sd.output(Map.of(), d.name(), gt.name(), ceReal.name(), ceFake.name());
    double r = out.get(ceReal.name()).getDouble(0);
    double f = out.get(ceFake.name()).getDouble(0);
    assertThat(out.get(d.name()).getDouble(0)).isCloseTo(0.5 * (r + f), within(1e-12));
    assertThat(out.get(gt.name()).getDouble(0)).isCloseTo(0.5 * f, within(1e-12));
    assertThat(r).isFinite();
    assertThat(f).isFinite();
  }

  @Test
  void rejectsANonPositiveWeight() {
    assertThatThrownBy(() -> new AuxiliaryClassifierLoss(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found -1.0");
  }
}

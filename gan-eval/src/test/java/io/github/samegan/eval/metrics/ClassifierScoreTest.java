package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ClassifierScoreTest {

  @Test
  void uniformPredictionsScoreOne() {
    double[][] p = new double[200][7];
    for (double[] row : p) {
      Arrays.fill(row, 1.0 / 7);
    }
    ClassifierScore.Result r = ClassifierScore.defaults().compute(p);
    assertThat(r.mean()).isCloseTo(1.0, within(1e-12));
    assertThat(r.std()).isCloseTo(0.0, within(1e-12));
    assertThat(r.splits()).isEqualTo(10);
  }

  @Test
  void confidentBalancedPredictionsScoreTheClassCount() {
    int k = 10;
    double[][] p = new double[1000][k];
    for (int i = 0; i < p.length; i++) {
      p[i][i % k] = 1.0; // every split of 100 rows holds each class 10 times
    }
    ClassifierScore.Result r = ClassifierScore.defaults().compute(p);
    assertThat(r.mean()).isCloseTo(k, within(1e-10));
    assertThat(r.std()).isCloseTo(0.0, within(1e-10));
  }

  @Test
  void confidentPredictionsOfOneClassScoreOne() {
    double[][] p = new double[50][4];
    for (double[] row : p) {
      row[2] = 1.0;
    }
    assertThat(ClassifierScore.withSplits(5).compute(p).mean()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void acceptsFloatSoftmaxOutputAsAnNdArray() {
    double[][] p = ReferenceData.matrix("probabilities.txt");
    ClassifierScore.Result d = ClassifierScore.defaults().compute(p);
    ClassifierScore.Result f =
        ClassifierScore.defaults().compute(Nd4j.createFromArray(p).castTo(DataType.FLOAT));
    assertThat(f.mean()).isCloseTo(d.mean(), within(1e-5 * d.mean()));
  }

  @Test
  void rejectsNonProbabilitiesWithTheOffendingRow() {
    ClassifierScore cs = ClassifierScore.withSplits(1);
    assertThatThrownBy(() -> cs.compute(new double[][] {{0.5, 0.5}, {2.0, 1.0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 sums to 3.0")
        .hasMessageContaining("logits");
    assertThatThrownBy(() -> cs.compute(new double[][] {{1.2, -0.2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-negative");
    assertThatThrownBy(() -> ClassifierScore.defaults().compute(new double[][] {{1.0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 rows for 10 splits");
    assertThatThrownBy(() -> new ClassifierScore(0, 1e-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
  }
}

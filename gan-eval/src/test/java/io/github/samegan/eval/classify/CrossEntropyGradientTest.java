package io.github.samegan.eval.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.engine.UpdateGraph;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.samediff.Quiet;
import io.github.samegan.core.samediff.SafeOps;
import io.github.samegan.core.testing.FiniteDifferences;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classifier's softmax cross-entropy, built from elementwise ops, has the right value and
 * gradient: against the closed form {@code (softmax − onehot)/B} for the logits (also for logit
 * gaps of 2000, where a naive {@code log(softmax)} gives −∞), and against central finite
 * differences for every parameter of a small ResNet in double precision.
 */
class CrossEntropyGradientTest {

  @Test
  void logitGradientIsSoftmaxMinusOneHotOverTheBatch() {
    double[][] logits = {
      {1.0, -2.0, 0.5}, {1000.0, 0.0, -1000.0}, {-3.0, -3.0, -3.0}, {0.2, 7.0, -1.0}
    };
    int[] labels = {2, 1, 0, 1};
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.create(logits));
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 4, 3);
    for (int i = 0; i < 4; i++) {
      oneHot.putScalar(i, labels[i], 1.0);
    }
    SDVariable y = sd.constant("y", oneHot);
    SDVariable loss = SafeOps.logSoftmax(sd, x).mul(y).sum(1).neg().mean();
    sd.setLossVariables(loss.name());
    Quiet.createGradFunction(sd);
    Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x");
    double value = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    double expectedLoss = 0;
    for (int i = 0; i < 4; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[i]) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (double v : logits[i]) {
        z += Math.exp(v - max);
      }
      expectedLoss -= (logits[i][labels[i]] - max - Math.log(z)) / 4;
      for (int k = 0; k < 3; k++) {
        double p = Math.exp(logits[i][k] - max) / z;
        double g = (p - (k == labels[i] ? 1 : 0)) / 4;
        assertThat(grads.get("x").getDouble(i, k))
            .as("dL/dx[%d][%d]", i, k)
            .isCloseTo(g, within(1e-12));
      }
    }
    assertThat(value).isFinite().isCloseTo(expectedLoss, within(1e-9));
    assertThat(expectedLoss)
        .isGreaterThan(200); // the 1000-gap row (1000/4 of the mean) is confidently wrong
  }

  @Test
  void networkGradientsMatchFiniteDifferences() {
    ResNetClassifier net =
        new ResNetClassifier(io.github.samegan.core.ImageShape.gray(8), 3, List.of(2, 3, 4), 1);
    Classifier c = Classifier.create(net, 11, DataType.DOUBLE);
    UpdateGraph tg = c.trainGraph();
    INDArray images = new Rng(5).uniform(DataType.DOUBLE, -1, 1, 4, 1, 8, 8);
    INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 4, 3);
    int[] labels = {0, 2, 1, 2};
    for (int i = 0; i < 4; i++) {
      oneHot.putScalar(i, labels[i], 1.0);
    }
    Map<String, INDArray> ph = Map.of(Classifier.IMAGES, images, Classifier.LABELS, oneHot);
    Map<String, INDArray> grads = tg.sd().calculateGradients(ph, tg.trainable());
    assertThat(tg.trainable())
        .hasSize(
            (int)
                c.parameters().entries().stream()
                    .filter(
                        e -> e.kind() == io.github.samegan.core.graph.ParameterStore.Kind.PARAMETER)
                    .count());
    java.util.function.DoubleSupplier loss =
        () -> tg.sd().output(ph, Classifier.LOSS).get(Classifier.LOSS).getDouble(0);
    // every entry of every parameter at once, along random directions
    double smallest =
        FiniteDifferences.checkDirectional(c.parameters(), tg.trainable(), grads, loss, 2, 17);
    assertThat(smallest).isGreaterThan(1e-4);
    // and single entries of the head and of the first convolution
    int nonTrivial =
        FiniteDifferences.check(
            c.parameters(), List.of("C/head/W", "C/body/0conv/W"), grads, loss, 3, 19);
    assertThat(nonTrivial).isGreaterThan(2);
  }
}

package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradients the trainer applies agree with central finite differences of the loss, in double
 * precision, on a small G/D with smooth activations (softplus, tanh) and batch norm.
 */
class GradientCheckTest {
  private static final double EPS = 1e-6;

  private static Gan gan() {
    return Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), new BceLoss())
        .dataType(DataType.DOUBLE).seed(11).build();
  }

  private static Map<String, INDArray> placeholders(Gan gan, boolean withReal) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(Gan.Z, new Rng(5).gaussian(DataType.DOUBLE, 6, gan.generator().latentDim()));
    if (withReal) {
      ph.put(GraphLossContext.REAL, new RandomImages(TinyModels.IMAGE, 6, 2, DataType.DOUBLE).next());
    }
    return ph;
  }

  private static void check(Gan gan, Gan.StepGraph sg, Map<String, INDArray> ph) {
    Map<String, INDArray> grads =
        sg.sd().calculateGradientsAndOutputs(ph, sg.outputs(), sg.trainable()).getGradients();
    Map<String, INDArray> analytic = new HashMap<>();
    grads.forEach((k, v) -> analytic.put(k, v.dup()));
    Rng pick = new Rng(77);
    int checked = 0;
    int nonTrivial = 0;
    for (String name : sg.trainable()) {
      INDArray p = gan.parameters().array(name);
      INDArray flat = p.reshape(p.length());
      INDArray g = analytic.get(name).reshape(p.length());
      for (int k = 0; k < Math.min(8, p.length()); k++) {
        long i = pick.nextInt((int) p.length());
        double orig = flat.getDouble(i);
        flat.putScalar(i, orig + EPS);
        double up = loss(sg, ph);
        flat.putScalar(i, orig - EPS);
        double down = loss(sg, ph);
        flat.putScalar(i, orig);
        double numeric = (up - down) / (2 * EPS);
        double a = g.getDouble(i);
        double diff = Math.abs(numeric - a);
        double rel = diff / Math.max(1e-12, Math.abs(numeric) + Math.abs(a));
        // finite-difference noise in double is ~1e-10 here; exact zeros (a conv bias followed by
        // batch norm has zero gradient) are judged by the absolute difference, within the ~2e-8
        // rounding of libnd4j's fused batchnorm_bp in double (FusedBatchNormOp)
        assertThat(diff < 1e-7 || rel < 1e-5)
            .as("%s[%d]: analytic %s vs numeric %s (rel %s)", name, i, a, numeric, rel).isTrue();
        if (Math.abs(a) > 1e-6) {
          nonTrivial++;
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(nonTrivial).isGreaterThan(checked / 2);
  }

  private static double loss(Gan.StepGraph sg, Map<String, INDArray> ph) {
    return sg.sd().output(ph, sg.loss()).get(sg.loss()).getDouble(0);
  }

  @Test
  void discriminatorLossGradientMatchesFiniteDifferences() {
    Gan gan = gan();
    check(gan, gan.discriminatorStep(), placeholders(gan, true));
  }

  @Test
  void generatorLossGradientMatchesFiniteDifferences() {
    Gan gan = gan();
    check(gan, gan.generatorStep(), placeholders(gan, false));
  }
}

package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BigGAN's orthogonal regularisation: its value against ½‖VᵀV ⊙ (1 − I)‖²_F, its gradient against
 * BigGAN-PyTorch's / StudioGAN's {@code 2·(wwᵀ ⊙ (1 − I))·w} and finite differences, and its place
 * in G's loss only.
 */
class OrthogonalRegularizationTest {

  /** V: the weight as [fan-in, out], its last axis indexing output filters. */
  private static INDArray asMatrix(INDArray w) {
    long out = w.size(w.rank() - 1);
    return w.reshape('c', w.length() / out, out);
  }

  /** VᵀV ⊙ (1 − I). */
  private static INDArray offDiagonalGram(INDArray v) {
    INDArray gram = v.transpose().mmul(v);
    long n = gram.rows();
    return gram.mul(Nd4j.ones(DataType.DOUBLE, n, n).sub(Nd4j.eye(n).castTo(DataType.DOUBLE)));
  }

  /** ½‖VᵀV ⊙ (1 − I)‖²_F, by hand. */
  static double closedForm(INDArray w) {
    INDArray m = offDiagonalGram(asMatrix(w));
    return 0.5 * m.mul(m).sumNumber().doubleValue();
  }

  /** BigGAN's gradient 2·V·(VᵀV ⊙ (1 − I)), in the weight's shape. */
  static INDArray closedFormGradient(INDArray w) {
    INDArray v = asMatrix(w);
    return v.mmul(offDiagonalGram(v)).mul(2).reshape('c', w.shape());
  }

  @Test
  void penaltyIsHalfTheSquaredOffDiagonalGramAndItsGradientIsBigGans() {
    // tall dense, wide dense (the small-Gram form), square, and a convolution [k, k, in, out]
    long[][] shapes = {{5, 3}, {2, 7}, {4, 4}, {3, 3, 2, 4}};
    for (long[] shape : shapes) {
      INDArray w = new Rng(Arrays.hashCode(shape)).gaussian(DataType.DOUBLE, shape);
      SameDiff sd = SameDiff.create();
      SDVariable wv = sd.var("w", w.dup());
      SDVariable r = OrthogonalRegularization.penalty(sd, wv, shape);
      sd.setLossVariables(r);
      double value = sd.output(Map.of(), r.name()).get(r.name()).getDouble(0);
      assertThat(value).as(Arrays.toString(shape)).isCloseTo(closedForm(w), within(1e-10));
      assertThat(value).isGreaterThan(0.1);
      INDArray grad = LossGraph.quietly(() -> sd.calculateGradients(Map.of(), "w")).get("w");
      INDArray expected = closedFormGradient(w);
      assertThat(grad.shape()).containsExactly(shape);
      assertThat(grad.sub(expected).amaxNumber().doubleValue())
          .as(Arrays.toString(shape))
          .isLessThan(1e-10);
      // the closed form itself against central differences of the value
      double eps = 1e-6;
      INDArray flat = w.reshape(w.length());
      for (long i = 0; i < w.length(); i += 3) {
        double orig = flat.getDouble(i);
        flat.putScalar(i, orig + eps);
        double up = closedForm(w);
        flat.putScalar(i, orig - eps);
        double down = closedForm(w);
        flat.putScalar(i, orig);
        assertThat(expected.reshape(w.length()).getDouble(i))
            .as("%s entry %d", Arrays.toString(shape), i)
            .isCloseTo((up - down) / (2 * eps), within(1e-6));
      }
    }
  }

  @Test
  void orthogonalFiltersCostNothingWhateverTheirNorms() {
    INDArray w = Nd4j.zeros(DataType.DOUBLE, 3, 3);
    w.putScalar(0, 0, 2.0);
    w.putScalar(1, 1, -0.5);
    w.putScalar(2, 2, 7.0);
    assertThat(closedForm(w)).isZero();
    SameDiff sd = SameDiff.create();
    SDVariable r = OrthogonalRegularization.penalty(sd, sd.var("w", w), new long[] {3, 3});
    assertThat(sd.output(Map.of(), r.name()).get(r.name()).getDouble(0)).isZero();
  }

  private static Gan tinyGan(GanLoss loss) {
    return Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), loss)
        .dataType(DataType.DOUBLE)
        .seed(3)
        .build();
  }

  @Test
  void generatorLossGetsBetaTimesTheTermOverGsWeightsAndDiscriminatorLossIsUnchanged() {
    double beta = 0.3;
    Gan plain = tinyGan(new HingeLoss());
    Gan ortho = tinyGan(OrthogonalRegularization.on(new HingeLoss(), beta));
    assertThat(ortho.loss().name()).isEqualTo("hinge+ortho");
    ParameterStore store = ortho.parameters();
    double expected = 0;
    int regularised = 0;
    for (String n : store.parameterNames("G/")) {
      INDArray p = store.array(n);
      if (p.rank() >= 2) {
        expected += closedForm(p);
        regularised++;
      }
    }
    assertThat(regularised).isEqualTo(2); // the dense and the transposed convolution weights
    StepStats a =
        GanTrainer.builder(plain, new RandomImages(TinyModels.IMAGE, 6, 4)).seed(5).build().step();
    StepStats b =
        GanTrainer.builder(ortho, new RandomImages(TinyModels.IMAGE, 6, 4)).seed(5).build().step();
    assertThat(b.dLoss()).isEqualTo(a.dLoss());
    assertThat(b.metrics().get("ortho_g")).isCloseTo(expected, within(1e-9 * expected));
    assertThat(b.gLoss() - a.gLoss()).isCloseTo(beta * expected, within(1e-9 * expected));
  }

  @Test
  void generatorGradientWithTheTermMatchesFiniteDifferences() {
    Gan gan = tinyGan(OrthogonalRegularization.on(new HingeLoss(), 0.5));
    INDArray real = new RandomImages(TinyModels.IMAGE, 5, 7, DataType.DOUBLE).next().images();
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, null, null, 9, 4)).isGreaterThan(10);
  }

  @Test
  void classEmbeddingsAndVectorsAreLeftOut() {
    assertThat(OrthogonalRegularization.regularised("G/0sndense/W", new long[] {20, 6144}))
        .isTrue();
    assertThat(OrthogonalRegularization.regularised("G/shared/E", new long[] {10, 128})).isFalse();
    assertThat(OrthogonalRegularization.regularised("G/embed/E", new long[] {10, 128})).isFalse();
    assertThat(OrthogonalRegularization.regularised("G/3bn/gamma", new long[] {64})).isFalse();
  }

  @Test
  void everyRegisteredLossReadsTheWeightAndZeroLeavesTheLossAsItIs() {
    LossRegistry registry = LossRegistry.standard();
    for (LossRegistry.Entry e : registry.entries()) {
      assertThat(e.reads(OrthogonalRegularization.WEIGHT)).as(e.name()).isTrue();
    }
    assertThat(LossRegistry.create("hinge").name()).isEqualTo("hinge");
    assertThat(
            LossRegistry.create(
                    "hinge", LossOptions.defaults().with(OrthogonalRegularization.WEIGHT, 1e-4))
                .name())
        .isEqualTo("hinge+ortho");
    assertThatThrownBy(() -> LossOptions.defaults().withText(OrthogonalRegularization.WEIGHT, "-1"))
        .hasMessageContaining("--ortho-weight")
        .hasMessageContaining("0 = off");
    assertThatThrownBy(() -> new OrthogonalRegularization(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}

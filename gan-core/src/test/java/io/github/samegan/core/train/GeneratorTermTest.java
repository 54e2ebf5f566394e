package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.loss.GeneratorTerm;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.loss.WeightSchedule;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The generator-term hook: G's objective gains {@code w(step)·t(G(z))}, D's does not. */
class GeneratorTermTest {

  /** {@code mean((G(z) − 0.3)²)}: pulls every pixel towards 0.3. */
  private static GeneratorTerm towardsGrey(String name) {
    return new GeneratorTerm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public SDVariable build(NetGraph g, SDVariable fake, ImageShape shape) {
        return fake.sub(0.3).mul(fake.sub(0.3)).mean();
      }
    };
  }

  private static Gan gan(DataType type, WeightSchedule weight) {
    Gan.Builder b =
        Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), new BceLoss())
            .dataType(type)
            .seed(11);
    if (weight != null) {
      b.generatorTerm(towardsGrey("grey"), weight);
    }
    return b.build();
  }

  @Test
  void generatorGradientWithATermMatchesFiniteDifferences() {
    Gan gan = gan(DataType.DOUBLE, WeightSchedule.constant(0.7));
    INDArray real = new RandomImages(TinyModels.IMAGE, 6, 2, DataType.DOUBLE).next().images();
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, null, null, 5, 8)).isGreaterThan(20);
  }

  @Test
  void theTermChangesTheGeneratorUpdateButNotTheDiscriminatorUpdate() {
    GanTrainer with =
        GanTrainer.builder(
                gan(DataType.FLOAT, WeightSchedule.constant(5.0)),
                new RandomImages(TinyModels.IMAGE, 8, 5))
            .seed(9)
            .build();
    GanTrainer without =
        GanTrainer.builder(gan(DataType.FLOAT, null), new RandomImages(TinyModels.IMAGE, 8, 5))
            .seed(9)
            .build();
    with.discriminatorUpdate(1);
    without.discriminatorUpdate(1);
    ParameterStore a = with.gan().parameters();
    ParameterStore b = without.gan().parameters();
    for (String name : a.parameterNames("D/")) {
      assertThat(a.array(name)).as(name).isEqualTo(b.array(name));
    }
    double lossWith = with.generatorUpdate(1);
    double lossWithout = without.generatorUpdate(1);
    // same weights, same noise: the losses differ by exactly 5 · mean((G(z) − 0.3)²) > 0
    assertThat(lossWith).isGreaterThan(lossWithout);
    boolean moved = false;
    for (String name : a.parameterNames("G/")) {
      moved |= !a.array(name).equals(b.array(name));
    }
    assertThat(moved).as("the term changed G's update").isTrue();
  }

  @Test
  void theWeightFollowsItsScheduleStepByStep() {
    GanTrainer t =
        GanTrainer.builder(
                gan(DataType.FLOAT, new WeightSchedule(0.8, 2, 4)),
                new RandomImages(TinyModels.IMAGE, 4, 5))
            .seed(9)
            .build();
    List<Double> weights = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      StepStats s = t.step();
      weights.add(s.metrics().get("grey_weight"));
      values.add(s.metrics().get("grey"));
    }
    // off for steps 1-2, then 0.8·(s − 2)/4 up to step 6, then 0.8
    assertThat(weights)
        .usingComparatorForType(
            (x, y) -> Math.abs(x - y) < 1e-6 ? 0 : Double.compare(x, y), Double.class)
        .containsExactly(0.0, 0.0, 0.2, 0.4, 0.6, 0.8, 0.8);
    assertThat(values).allSatisfy(v -> assertThat(v).isPositive().isFinite());
  }

  @Test
  void scheduleValuesAndValidation() {
    WeightSchedule s = new WeightSchedule(2.0, 10, 5);
    assertThat(s.at(1)).isZero();
    assertThat(s.at(10)).isZero();
    assertThat(s.at(11)).isEqualTo(0.4);
    assertThat(s.at(13)).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s.at(15)).isEqualTo(2.0);
    assertThat(s.at(1000)).isEqualTo(2.0);
    assertThat(new WeightSchedule(0.5, 3, 0).at(3)).isZero();
    assertThat(new WeightSchedule(0.5, 3, 0).at(4)).isEqualTo(0.5);
    assertThat(WeightSchedule.constant(0.5).at(1)).isEqualTo(0.5);
    assertThatThrownBy(() -> new WeightSchedule(-1, 0, 0)).hasMessageContaining("-1.0");
    assertThatThrownBy(() -> new WeightSchedule(Double.NaN, 0, 0)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> new WeightSchedule(1, -2, 0)).hasMessageContaining("start");
    assertThatThrownBy(() -> new WeightSchedule(1, 0, -3)).hasMessageContaining("ramp");
  }

  @Test
  void termNamesMustBeDistinctIdentifiers() {
    Gan.Builder b =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss());
    b.generatorTerm(towardsGrey("a"), WeightSchedule.constant(1));
    assertThatThrownBy(() -> b.generatorTerm(towardsGrey("a"), WeightSchedule.constant(1)))
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> b.generatorTerm(towardsGrey("a b"), WeightSchedule.constant(1)))
        .hasMessageContaining("'a b'");
  }
}

package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Historical averaging: λ·Σ‖θ − θ̄‖² against a hand computation, its parameter gradient against
 * finite differences, and θ̄ against the mean of the parameters' earlier values over real updates.
 */
class HistoricalAveragingTest {
  private static LossGraph graph(HistoricalAveraging h, long update) {
    return FeatureMatchingLossTest.tanhMlpGraph(Phase.DISCRIMINATOR, h::penalty).atUpdate(update);
  }

  @Test
  void valueIsWeightedSquaredDistanceToTheHistoricalMeanAndGradientMatchesFiniteDifferences() {
    LossGraph lg = graph(new HistoricalAveraging(0.7), 3);
    ParameterStore store = lg.store();
    Rng r = new Rng(11);
    double expected = 0;
    for (String n : lg.parameterNames()) {
      INDArray mean = store.array(n + "/history_mean");
      mean.assign(r.uniform(DataType.DOUBLE, -0.5, 0.5, mean.shape()));
      INDArray diff = store.array(n).sub(mean);
      expected += diff.mul(diff).sumNumber().doubleValue();
    }
    expected *= 0.7;
    assertThat(lg.parameterNames()).hasSize(4);
    assertThat(expected).isGreaterThan(0.1);
    assertThat(lg.value()).isCloseTo(expected, within(1e-12));

    Map<String, INDArray> grads = lg.gradients();
    for (String n : lg.parameterNames()) {
      INDArray handGrad = store.array(n).sub(store.array(n + "/history_mean")).mul(2 * 0.7);
      assertThat(grads.get(n).sub(handGrad).amaxNumber().doubleValue()).as(n).isLessThan(1e-12);
    }
    int nonTrivial =
        FiniteDifferences.check(store, lg.parameterNames(), grads, lg::value, 6, 13, 1e-8);
    assertThat(nonTrivial).isGreaterThan(8);
  }

  @Test
  void theFirstUpdateHasNoHistoryAndAddsNothing() {
    LossGraph lg = graph(new HistoricalAveraging(0.7), 0);
    assertThat(lg.value()).isZero();
  }

  @Test
  void historicalMeanIsTheAverageOfEachNetworksEarlierParameters() {
    GanLoss loss = HistoricalAveraging.on(new HingeLoss(), 0.05);
    assertThat(loss.name()).isEqualTo("hinge+history");
    Gan gan =
        Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), loss)
            .dataType(DataType.DOUBLE)
            .seed(3)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 6, 4)).seed(5).build();
    ParameterStore store = gan.parameters();
    List<String> params = new ArrayList<>(store.parameterNames("D/"));
    params.addAll(store.parameterNames("G/"));
    Map<String, INDArray> sums = new HashMap<>();
    int steps = 4;
    List<StepStats> stats = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      // with one critic update per step, each network's parameters before step i's update are
      // the ones its history averages
      for (String n : params) {
        sums.merge(n, store.array(n).dup(), INDArray::add);
      }
      stats.add(t.step());
    }
    for (String n : params) {
      INDArray expected = sums.get(n).div(steps);
      INDArray actual = store.array(n + "/history_mean");
      assertThat(actual.sub(expected).amaxNumber().doubleValue()).as(n).isLessThan(1e-12);
    }
    // the monitors report the unweighted distance: 0 on the first step, positive afterwards
    assertThat(stats.get(0).metrics())
        .containsEntry("history_d", 0.0)
        .containsEntry("history_g", 0.0);
    assertThat(stats.get(steps - 1).metrics().get("history_d")).isPositive();
    assertThat(stats.get(steps - 1).metrics().get("history_g")).isPositive();
  }

  @Test
  void everyRegisteredLossReadsTheWeightAndZeroLeavesTheLossAsItIs() {
    LossRegistry registry = LossRegistry.standard();
    for (LossRegistry.Entry e : registry.entries()) {
      assertThat(e.reads(HistoricalAveraging.WEIGHT)).as(e.name()).isTrue();
    }
    assertThat(registry.options()).contains(HistoricalAveraging.WEIGHT);
    assertThat(LossRegistry.create("wgan-gp").name()).isEqualTo("wgan-gp");
    assertThat(
            LossRegistry.create(
                    "wgan-gp", LossOptions.defaults().with(HistoricalAveraging.WEIGHT, 0.5))
                .name())
        .isEqualTo("wgan-gp+history");
    assertThatThrownBy(() -> LossOptions.defaults().withText(HistoricalAveraging.WEIGHT, "-1"))
        .hasMessageContaining("--history-weight")
        .hasMessageContaining("0 = off");
    assertThatThrownBy(() -> new HistoricalAveraging(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}

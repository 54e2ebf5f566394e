package io.github.samegan.eval.classify;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.train.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * One ND4J {@link GradientUpdater} per parameter, applied in place ({@code θ ← θ − update(∇θ)}),
 * as the GAN trainer does: SameDiff's {@code fit()} is not used, so that the arrays shared by the
 * training and inference graphs are updated where they are.
 */
final class ParameterUpdaters {
  private final List<String> names;
  private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
  private int iteration;

  ParameterUpdaters(Optimizer config, ParameterStore store, List<String> names) {
    this.names = List.copyOf(names);
    for (String n : names) {
      INDArray p = store.array(n);
      long size = config.updater().stateSize(p.length());
      if (size > 0) {
        INDArray state = Nd4j.zeros(p.dataType(), 1, size);
        GradientUpdater<?> u = config.updater().instantiate(state, true);
        u.setStateViewArray(state, p.shape(), 'c', true);
        updaters.put(n, u);
      } else {
        updaters.put(n, config.updater().instantiate((INDArray) null, true));
      }
    }
  }

  /** Applies the gradients (the arrays are overwritten with the updates). */
  void apply(ParameterStore store, Map<String, INDArray> gradients) {
    for (String n : names) {
      INDArray g = gradients.get(n);
      if (g != null) {
        updaters.get(n).applyUpdater(g, iteration, 0);
        store.array(n).subi(g);
      }
    }
    iteration++;
  }

  int iteration() {
    return iteration;
  }
}

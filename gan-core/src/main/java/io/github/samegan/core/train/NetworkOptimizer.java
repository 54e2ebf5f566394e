package io.github.samegan.core.train;

import io.github.samegan.core.graph.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Applies one network's updater to its parameters in place: {@code θ ← θ − update(∇θ)}. Each
 * parameter has its own {@link GradientUpdater} over its own state array (kept here, saved in
 * checkpoints), and the network keeps its own iteration count (for Adam's bias correction and
 * schedules).
 */
final class NetworkOptimizer {
  private final Optimizer config;
  private final List<String> names;
  private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
  private final Map<String, INDArray> states = new LinkedHashMap<>();
  private int iteration;

  NetworkOptimizer(Optimizer config, ParameterStore store, List<String> names) {
    this.config = config;
    this.names = List.copyOf(names);
    for (String n : names) {
      INDArray p = store.array(n);
      long size = config.updater().stateSize(p.length());
      if (size > 0) {
        INDArray state = Nd4j.zeros(p.dataType(), 1, size);
        GradientUpdater<?> u = config.updater().instantiate(state, true);
        // instantiate(...) sizes views for a flat gradient; reshape them to the parameter's shape
        u.setStateViewArray(state, p.shape(), 'c', true);
        updaters.put(n, u);
        states.put(n, state);
      } else {
        updaters.put(n, config.updater().instantiate((INDArray) null, true));
      }
    }
  }

  /** Applies the gradients (consumed: the arrays are overwritten with the updates). */
  void apply(ParameterStore store, Map<String, INDArray> gradients) {
    for (String n : names) {
      INDArray g = gradients.get(n);
      if (g == null) {
        continue; // parameter does not affect this loss (e.g. an unused head)
      }
      updaters.get(n).applyUpdater(g, iteration, 0);
      store.array(n).subi(g);
    }
    iteration++;
  }

  List<String> names() {
    return names;
  }

  int iteration() {
    return iteration;
  }

  void setIteration(int iteration) {
    this.iteration = iteration;
  }

  /** Updater state arrays by parameter name (live: restoring assigns into them). */
  Map<String, INDArray> states() {
    return states;
  }

  Optimizer config() {
    return config;
  }

  List<String> statefulNames() {
    return new ArrayList<>(states.keySet());
  }
}

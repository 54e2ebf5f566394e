package io.github.samegan.core.engine;

import io.github.samegan.core.TrainingDivergedException;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongToDoubleFunction;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * SameGAN's one update engine: an {@link UpdateGraph} with the optimizer state of the parameters it
 * trains. {@link #run} is one update: feed the placeholders (the caller's, the graph's random
 * inputs from the trainer's {@link Rng}, its per-update scalars), compute the loss and the
 * gradients of the trained parameters only (SameDiff's {@code calculateGradientsAndOutputs}),
 * refuse non-finite values, apply the updater to the shared parameter arrays in place ({@code θ ← θ
 * − update(∇θ)}), refresh the state entries the graph owns, and hand the arrays back ({@link
 * NativeMemory}).
 *
 * <p>SameDiff's {@code fit()} is not used: it updates every variable of a graph from one loss and
 * keeps updater state SameGAN cannot save. Each parameter has its own ND4J {@link GradientUpdater}
 * over its own state array (saved in checkpoints), and the network keeps its own update count
 * (Adam's bias correction, schedules). The GAN trainer drives two of these (discriminator and
 * generator), the classifier and detector trainers one.
 */
public final class NetworkUpdate {
  private final UpdateGraph graph;
  private final ParameterStore store;
  private final Optimizer optimizer;
  private final DataType dtype;
  private final NativeMemory memory;
  private final String divergenceAdvice;
  private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
  private final Map<String, INDArray> states = new LinkedHashMap<>();
  private int iteration;

  /**
   * An update with fresh optimizer state.
   *
   * @param graph the built update graph
   * @param store the parameters (the arrays the graph's variables are bound to)
   * @param optimizer the updater configuration
   * @param dtype the type of fed scalars and noise (the graph's type)
   * @param memory the trainer's native-memory policy
   * @param divergenceAdvice the sentence a {@link TrainingDivergedException} ends with, e.g. "Try a
   *     lower learning rate."
   */
  public NetworkUpdate(
      UpdateGraph graph,
      ParameterStore store,
      Optimizer optimizer,
      DataType dtype,
      NativeMemory memory,
      String divergenceAdvice) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.store = Objects.requireNonNull(store, "store");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.divergenceAdvice = Objects.requireNonNull(divergenceAdvice, "divergenceAdvice");
    for (String n : graph.trainable()) {
      INDArray p = store.array(n);
      long size = optimizer.updater().stateSize(p.length());
      if (size > 0) {
        INDArray state = Nd4j.zeros(p.dataType(), 1, size);
        GradientUpdater<?> u = optimizer.updater().instantiate(state, true);
        // instantiate(...) sizes views for a flat gradient; reshape them to the parameter's shape
        u.setStateViewArray(state, p.shape(), 'c', true);
        updaters.put(n, u);
        states.put(n, state);
      } else {
        updaters.put(n, optimizer.updater().instantiate((INDArray) null, true));
      }
    }
  }

  /**
   * What one update measured.
   *
   * @param loss the loss before the update
   * @param monitors the graph's monitored scalars, by display name, in registration order
   */
  public record Result(double loss, Map<String, Double> monitors) {}

  /**
   * Runs one update.
   *
   * @param feeds the caller's placeholders (e.g. images, labels, latent noise); not modified
   * @param rng the trainer's generator, for the graph's random inputs
   * @param batch the batch size (the leading dimension of the random inputs)
   * @param forStep the training step this update belongs to (named in a divergence error)
   * @param read reads any other output (named in {@link UpdateGraph#outputs}) before the arrays are
   *     recycled; it must copy what it keeps
   * @throws TrainingDivergedException if the loss or a gradient is not finite; the parameters,
   *     optimizer state and state entries are left as they were
   */
  public Result run(
      Map<String, INDArray> feeds,
      Rng rng,
      long batch,
      long forStep,
      Consumer<Map<String, INDArray>> read) {
    Map<String, INDArray> ph = new HashMap<>(feeds);
    for (Map.Entry<String, long[]> e : graph.randomInputs().entrySet()) {
      long[] per = e.getValue();
      long[] shape = new long[per.length + 1];
      shape[0] = batch;
      System.arraycopy(per, 0, shape, 1, per.length);
      ph.put(e.getKey(), rng.uniform(dtype, 0, 1, shape));
    }
    for (Map.Entry<String, LongToDoubleFunction> e : graph.scalarInputs().entrySet()) {
      ph.put(e.getKey(), Nd4j.scalar(dtype, e.getValue().applyAsDouble(iteration)));
    }
    OutAndGrad r = graph.sd().calculateGradientsAndOutputs(ph, graph.outputs(), graph.trainable());
    Map<String, INDArray> out = r.getOutputs();
    double loss = out.get(graph.loss()).getDouble(0);
    requireFinite(forStep, loss, r.getGradients());
    Map<String, Double> monitors = new LinkedHashMap<>();
    graph.monitors().forEach((name, var) -> monitors.put(name, out.get(var).getDouble(0)));
    read.accept(out);
    applyUpdaters(r.getGradients());
    for (NetGraph.StateUpdate u : graph.stateUpdates()) {
      INDArray state = store.array(u.stateName());
      INDArray value = out.get(u.value().name()).reshape(state.shape());
      state.muli(1.0 - u.momentum()).addi(value.mul(u.momentum()));
    }
    memory.afterUpdate(graph.sd(), ph.values());
    return new Result(loss, monitors);
  }

  /** Applies the gradients (consumed: the arrays are overwritten with the updates). */
  private void applyUpdaters(Map<String, INDArray> gradients) {
    for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
      INDArray g = gradients.get(e.getKey());
      if (g == null) {
        continue; // the parameter does not affect this loss (e.g. an unused head)
      }
      e.getValue().applyUpdater(g, iteration, 0);
      store.array(e.getKey()).subi(g);
    }
    iteration++;
  }

  private void requireFinite(long forStep, double loss, Map<String, INDArray> grads) {
    String bad = Double.isFinite(loss) ? null : "loss = " + loss;
    if (bad == null) {
      for (Map.Entry<String, INDArray> e : grads.entrySet()) {
        if (!Double.isFinite(e.getValue().sumNumber().doubleValue())) {
          bad = "gradient of " + e.getKey() + " is not finite";
          break;
        }
      }
    }
    if (bad != null) {
      throw new TrainingDivergedException(
          forStep,
          "Training diverged at step "
              + forStep
              + ": "
              + graph.what()
              + " "
              + bad
              + ". Parameters were not updated. "
              + divergenceAdvice);
    }
  }

  /** The update graph. */
  public UpdateGraph graph() {
    return graph;
  }

  /** The optimizer configuration. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** Names of the trained parameters. */
  public List<String> parameterNames() {
    return graph.trainable();
  }

  /** Updates applied so far (Adam's bias correction and schedules read it). */
  public int iteration() {
    return iteration;
  }

  /** Sets the update count (restoring a checkpoint). */
  public void setIteration(int iteration) {
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, found " + iteration);
    }
    this.iteration = iteration;
  }

  /** Updater state arrays by parameter name (live: restoring assigns into them). */
  public Map<String, INDArray> optimizerState() {
    return java.util.Collections.unmodifiableMap(states);
  }
}

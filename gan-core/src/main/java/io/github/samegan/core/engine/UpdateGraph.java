package io.github.samegan.core.engine;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.samediff.Quiet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;
import java.util.function.Predicate;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * One built, differentiable update: a SameDiff graph with one loss, the parameters it trains (the
 * graph's variables), and everything a {@link NetworkUpdate} feeds and reads each time it runs:
 * random inputs, per-update scalars, state updates (batch-norm statistics, spectral-norm vectors)
 * and monitored scalars.
 *
 * <p>Built once from a {@link NetGraph} into which the networks and the loss were added. The loss
 * becomes the graph's only loss variable: SameDiff 1.0.0-M2.1 differentiates the <em>sum</em> of
 * all loss variables, and some of its loss ops mark themselves as losses (docs/internals.md). The
 * gradient function is built here, once, without SameDiff's per-op console output.
 */
public final class UpdateGraph {
  private final SameDiff sd;
  private final String what;
  private final String loss;
  private final List<String> outputs;
  private final List<String> trainable;
  private final List<NetGraph.StateUpdate> stateUpdates;
  private final Map<String, long[]> randomInputs;
  private final Map<String, LongToDoubleFunction> scalarInputs;
  private final Map<String, String> monitors;

  private UpdateGraph(
      NetGraph g, String what, String loss, List<String> reported, Predicate<String> ownsState) {
    this.sd = g.sd();
    this.what = what;
    this.loss = loss;
    List<String> out = new ArrayList<>();
    out.add(loss);
    out.addAll(reported);
    List<NetGraph.StateUpdate> updates = new ArrayList<>();
    for (NetGraph.StateUpdate u : g.stateUpdates()) {
      if (ownsState.test(u.stateName())) {
        updates.add(u);
        out.add(u.value().name());
      }
    }
    Map<String, String> mon = new LinkedHashMap<>();
    g.monitors()
        .forEach(
            (name, v) -> {
              mon.put(name, v.name());
              out.add(v.name());
            });
    this.outputs = List.copyOf(out);
    this.stateUpdates = List.copyOf(updates);
    this.monitors = Collections.unmodifiableMap(mon);
    this.trainable = g.trainableNames();
    this.randomInputs = Map.copyOf(g.randomInputs());
    this.scalarInputs = Map.copyOf(g.scalarInputs());
    if (trainable.isEmpty()) {
      throw new IllegalStateException("The " + what + " has no trainable parameters");
    }
    sd.setLossVariables(loss);
    Quiet.createGradFunction(sd);
  }

  /**
   * Finishes the update graph built into {@code g}.
   *
   * @param g the graph context the networks and the loss were built in (its trainable predicate
   *     decided which parameters are variables)
   * @param what names the trained network in messages, e.g. {@code "discriminator"}
   * @param loss the scalar to minimise, already named (e.g. by {@code sd.identity(name, …)})
   * @param reported further outputs to read after each update (named variables of the graph)
   * @param ownsState which state entries this update refreshes (others belong to another update)
   * @throws IllegalStateException if the graph has no trainable parameter
   */
  public static UpdateGraph build(
      NetGraph g,
      String what,
      SDVariable loss,
      List<String> reported,
      Predicate<String> ownsState) {
    Objects.requireNonNull(loss, "loss");
    return new UpdateGraph(
        g,
        Objects.requireNonNull(what, "what"),
        loss.name(),
        List.copyOf(reported),
        Objects.requireNonNull(ownsState, "ownsState"));
  }

  /** The graph. */
  public SameDiff sd() {
    return sd;
  }

  /** The trained network's name in messages, e.g. {@code "discriminator"}. */
  public String what() {
    return what;
  }

  /** The loss variable's name. */
  public String loss() {
    return loss;
  }

  /** Every output read after an update: the loss, the reported outputs, state values, monitors. */
  public List<String> outputs() {
    return outputs;
  }

  /** Names of the trained parameters (the graph's variables). */
  public List<String> trainable() {
    return trainable;
  }

  /** The state entries refreshed after each update. */
  public List<NetGraph.StateUpdate> stateUpdates() {
    return stateUpdates;
  }

  /** Placeholders fed with fresh uniform noise per update, with their per-example shapes. */
  public Map<String, long[]> randomInputs() {
    return randomInputs;
  }

  /** Placeholders fed with a scalar computed from the update count. */
  public Map<String, LongToDoubleFunction> scalarInputs() {
    return scalarInputs;
  }

  /** Monitored scalars: display name → variable name. */
  public Map<String, String> monitors() {
    return monitors;
  }
}

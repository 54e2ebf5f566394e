package io.github.samegan.core.graph;

import io.github.samegan.core.samediff.SameDiffPatches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;
import java.util.function.Predicate;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The context a network builds itself into: one {@link SameDiff} graph, the shared {@link
 * ParameterStore}, a name scope, and the mode (training or inference).
 *
 * <p>Networks ask for their weights with {@link #param}. The first request anywhere creates the
 * array (from the seeded initialiser) in the store; every later request, in this graph or in
 * another graph built over the same store, returns a variable backed by the same array. Within one
 * graph the same {@link SDVariable} is returned, so calling a discriminator twice (on real, then on
 * generated images) reuses its weights. Whether a parameter becomes a trainable SameDiff variable
 * or a constant in this graph is decided by the {@code trainable} predicate: in the
 * discriminator-step graph only {@code D/…} is trainable, in the generator-step graph only {@code
 * G/…}.
 *
 * <p>Scoped views ({@link #scope(String)}) share everything but the name prefix.
 */
public final class NetGraph {

  /** Whether normalisation layers use batch statistics (training) or running statistics. */
  public enum Mode {
    /** Batch statistics; running statistics are updated after each step. */
    TRAIN,
    /** Running statistics; nothing is updated. */
    INFERENCE
  }

  /**
   * A state array that the trainer refreshes after each step from a value computed in the graph, as
   * {@code state = (1 − momentum)·state + momentum·value}.
   *
   * @param stateName name of the state entry in the store
   * @param value the graph variable holding this step's value
   * @param momentum weight of the new value (PyTorch convention, e.g. 0.1)
   * @param batchStatistic true for a running average of a batch statistic (batch norm's mean and
   *     variance), which can be re-estimated for other weights by averaging the value over batches
   *     ({@link #addBatchStatistic}); false for other state (spectral-norm vectors, loss state)
   */
  public record StateUpdate(
      String stateName, SDVariable value, double momentum, boolean batchStatistic) {
    /** A state update that is not a batch statistic. */
    public StateUpdate(String stateName, SDVariable value, double momentum) {
      this(stateName, value, momentum, false);
    }
  }

  /** Shared by a graph and all its scoped views. */
  private static final class Shared {
    final SameDiff sd;
    final ParameterStore store;
    final Rng initRng;
    final DataType dtype;
    final Mode mode;
    final Predicate<String> trainable;
    final Map<String, SDVariable> vars = new HashMap<>();
    final List<StateUpdate> stateUpdates = new ArrayList<>();
    final Map<String, long[]> randomInputs = new LinkedHashMap<>();
    final Map<String, LongToDoubleFunction> scalarInputs = new LinkedHashMap<>();
    final Map<String, SDVariable> monitors = new LinkedHashMap<>();

    Shared(
        SameDiff sd,
        ParameterStore store,
        Rng initRng,
        DataType dtype,
        Mode mode,
        Predicate<String> trainable) {
      this.sd = sd;
      this.store = store;
      this.initRng = initRng;
      this.dtype = dtype;
      this.mode = mode;
      this.trainable = trainable;
    }
  }

  private final Shared shared;
  private final String prefix;
  private final SDVariable labels;

  private NetGraph(Shared shared, String prefix, SDVariable labels) {
    this.shared = shared;
    this.prefix = prefix;
    this.labels = labels;
  }

  /**
   * Creates a graph context.
   *
   * @param sd the graph to build into
   * @param store where parameters live (shared between graphs)
   * @param initRng the seeded generator used when a parameter is created for the first time
   * @param dtype floating-point type of parameters and activations
   * @param mode training or inference
   * @param trainable which parameter names become trainable variables in this graph
   */
  public static NetGraph create(
      SameDiff sd,
      ParameterStore store,
      Rng initRng,
      DataType dtype,
      Mode mode,
      Predicate<String> trainable) {
    Objects.requireNonNull(sd, "sd");
    Objects.requireNonNull(store, "store");
    if (!dtype.isFPType()) {
      throw new IllegalArgumentException("NetGraph dtype must be floating point, found " + dtype);
    }
    SameDiffPatches
        .install(); // the layers' ops rely on it (docs/internals.md, "SameGAN's SameDiff patches")
    return new NetGraph(new Shared(sd, store, initRng, dtype, mode, trainable), "", null);
  }

  /** A view whose parameter names are prefixed with {@code name + "/"} (labels are kept). */
  public NetGraph scope(String name) {
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "Scope name must be non-empty without '/', found '" + name + "'");
    }
    return new NetGraph(shared, prefix + name + "/", labels);
  }

  /**
   * A view (same scope) that carries a batch's one-hot class labels {@code [B, K]} to the layers
   * built through it and its sub-scopes, so that class-conditional layers inside an ordinary {@link
   * io.github.samegan.core.nn.Sequential} (e.g. {@link
   * io.github.samegan.core.nn.ConditionalBatchNorm}) can read them. A conditional generator calls
   * this before building its body. The matrix may be any per-example conditioning, not only one-hot
   * rows: BigGAN's generator attaches each up-block's {@code [shared embedding, z chunk]} for its
   * {@link io.github.samegan.core.nn.LinearConditionalBatchNorm}s.
   */
  public NetGraph withLabels(SDVariable oneHotLabels) {
    return new NetGraph(shared, prefix, Objects.requireNonNull(oneHotLabels, "oneHotLabels"));
  }

  /**
   * The labels attached with {@link #withLabels}.
   *
   * @param who the layer asking, named in the error
   * @throws IllegalStateException if no labels are attached
   */
  public SDVariable labels(String who) {
    if (labels == null) {
      throw new IllegalStateException(
          who
              + " is class-conditional but was built without labels: use it inside a conditional generator"
              + " (e.g. EmbeddingGenerator), which attaches them with NetGraph.withLabels");
    }
    return labels;
  }

  /** The underlying SameDiff graph. */
  public SameDiff sd() {
    return shared.sd;
  }

  /** Floating-point type of this graph. */
  public DataType dtype() {
    return shared.dtype;
  }

  /** Training or inference. */
  public Mode mode() {
    return shared.mode;
  }

  /** True in training mode. */
  public boolean training() {
    return shared.mode == Mode.TRAIN;
  }

  /** The current name prefix (empty or ending in '/'). */
  public String prefix() {
    return prefix;
  }

  /** The shared parameter store. */
  public ParameterStore store() {
    return shared.store;
  }

  /**
   * A trainable parameter. Created from {@code init} on first use (anywhere), reused afterwards.
   *
   * @param name local name within the current scope
   * @param shape parameter shape
   * @param init initialiser used on first creation
   * @param fanIn fan-in passed to the initialiser
   */
  public SDVariable param(String name, long[] shape, Init init, long fanIn) {
    return arrayVariable(name, shape, init, fanIn, ParameterStore.Kind.PARAMETER);
  }

  /** A non-trainable state array (always a constant in the graph), created on first use. */
  public SDVariable state(String name, long[] shape, Init init) {
    return arrayVariable(name, shape, init, 1, ParameterStore.Kind.STATE);
  }

  private SDVariable arrayVariable(
      String name, long[] shape, Init init, long fanIn, ParameterStore.Kind kind) {
    String full = prefix + name;
    SDVariable existing = shared.vars.get(full);
    if (existing != null) {
      return existing;
    }
    ParameterStore.Entry entry = shared.store.get(full);
    INDArray arr;
    if (entry == null) {
      arr = init.create(shared.initRng, shared.dtype, shape, fanIn);
      if (arr.isView() || arr.ordering() != 'c') {
        arr = arr.dup('c');
      }
      shared.store.add(full, arr, kind);
    } else {
      if (entry.kind() != kind) {
        throw new IllegalStateException(
            "'" + full + "' exists as " + entry.kind() + ", requested as " + kind);
      }
      arr = entry.array();
      if (!java.util.Arrays.equals(arr.shape(), shape)) {
        throw new IllegalStateException(
            "Parameter '"
                + full
                + "' exists with shape "
                + java.util.Arrays.toString(arr.shape())
                + " but was requested with shape "
                + java.util.Arrays.toString(shape));
      }
      if (arr.dataType() != shared.dtype) {
        throw new IllegalStateException(
            "Parameter '"
                + full
                + "' has type "
                + arr.dataType()
                + " but this graph uses "
                + shared.dtype);
      }
    }
    SDVariable v =
        kind == ParameterStore.Kind.PARAMETER && shared.trainable.test(full)
            ? shared.sd.var(full, arr)
            : shared.sd.constant(full, arr);
    shared.vars.put(full, v);
    return v;
  }

  /** Names of the parameters that are trainable variables in this graph, in creation order. */
  public List<String> trainableNames() {
    List<String> out = new ArrayList<>();
    for (ParameterStore.Entry e : shared.store.entries()) {
      if (e.kind() == ParameterStore.Kind.PARAMETER
          && shared.trainable.test(e.name())
          && shared.vars.containsKey(e.name())) {
        out.add(e.name());
      }
    }
    return out;
  }

  /** Registers a state update to be applied after each training step. */
  public void addStateUpdate(String localStateName, SDVariable value, double momentum) {
    shared.stateUpdates.add(new StateUpdate(prefix + localStateName, value, momentum));
  }

  /**
   * Registers the running average of a batch statistic (e.g. batch norm's mean or variance of this
   * batch), applied after each training step like {@link #addStateUpdate}. Marked as a batch
   * statistic, it can also be re-estimated for other weights by running the network in training
   * mode over several batches and averaging {@code value} (the generator EMA's batch-norm
   * statistics, {@code Gan.Builder.emaBatchNorm}).
   */
  public void addBatchStatistic(String localStateName, SDVariable value, double momentum) {
    shared.stateUpdates.add(new StateUpdate(prefix + localStateName, value, momentum, true));
  }

  /** The state updates registered so far (only those of networks trained in this graph matter). */
  public List<StateUpdate> stateUpdates() {
    return Collections.unmodifiableList(shared.stateUpdates);
  }

  /**
   * A placeholder of shape {@code [batch, perExample...]} that the trainer fills with U[0, 1)
   * samples from its seeded RNG before every execution. Random ops inside SameDiff graphs with a
   * dynamic shape return the same values on every call in 1.0.0-M2.1, so randomness is fed from
   * Java instead. Asking twice for the same name returns the same placeholder.
   */
  public SDVariable uniformInput(String name, long... perExample) {
    String full = "rand/" + prefix + name;
    SDVariable existing = shared.sd.hasVariable(full) ? shared.sd.getVariable(full) : null;
    if (existing != null) {
      return existing;
    }
    long[] shape = new long[perExample.length + 1];
    shape[0] = -1;
    System.arraycopy(perExample, 0, shape, 1, perExample.length);
    shared.randomInputs.put(full, perExample.clone());
    return shared.sd.placeHolder(full, shared.dtype, shape);
  }

  /** Random-input placeholders registered with {@link #uniformInput}, name → per-example shape. */
  public Map<String, long[]> randomInputs() {
    return Collections.unmodifiableMap(shared.randomInputs);
  }

  /**
   * A scalar placeholder that the trainer fills before every update of the network this graph
   * trains, with {@code valueForUpdate.applyAsDouble(k)} where {@code k} is the 0-based index of
   * that update (the network's optimizer iteration, which checkpoints save). This is how a loss
   * varies a term from step to step without rebuilding the graph, e.g. lazy R1 regularisation
   * (weight {@code k·γ/2} on every k-th update, 0 otherwise). Asking twice for the same name
   * returns the same placeholder (the first function stays).
   *
   * @param name a name unique within this graph's scope
   * @param valueForUpdate the value for each update index
   */
  public SDVariable scalarInput(String name, LongToDoubleFunction valueForUpdate) {
    Objects.requireNonNull(valueForUpdate, "valueForUpdate");
    String full = "scalar/" + prefix + name;
    if (shared.sd.hasVariable(full)) {
      return shared.sd.getVariable(full);
    }
    shared.scalarInputs.put(full, valueForUpdate);
    return shared.sd.placeHolder(full, shared.dtype);
  }

  /** Scalar placeholders registered with {@link #scalarInput}, name → value per update index. */
  public Map<String, LongToDoubleFunction> scalarInputs() {
    return Collections.unmodifiableMap(shared.scalarInputs);
  }

  /**
   * Registers a scalar to be computed with every update and reported by the trainer (in {@link
   * io.github.samegan.core.train.StepStats#metrics()}) under {@code name}, e.g. the mean gradient
   * norm of a gradient penalty.
   *
   * @param name the reported name, unique within the graph (e.g. {@code "gp_grad_norm"})
   * @param scalar a scalar (or any array; its mean is reported)
   * @throws IllegalArgumentException if the name is empty or already registered
   */
  public void monitor(String name, SDVariable scalar) {
    if (name == null || name.isBlank() || shared.monitors.containsKey(name)) {
      throw new IllegalArgumentException(
          "Monitor name must be non-blank and unique in the graph, found '" + name + "'");
    }
    Objects.requireNonNull(scalar, "scalar");
    shared.monitors.put(name, shared.sd.identity("monitor/" + name, scalar.mean()));
  }

  /** Monitored scalars registered with {@link #monitor}, reported name → graph variable. */
  public Map<String, SDVariable> monitors() {
    return Collections.unmodifiableMap(shared.monitors);
  }
}

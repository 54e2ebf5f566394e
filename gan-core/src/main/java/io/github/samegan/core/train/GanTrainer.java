package io.github.samegan.core.train;

import io.github.samegan.core.TrainingDivergedException;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Gan} by alternating updates over disjoint parameter sets: {@code nCritic}
 * discriminator steps (D's parameters only, from D's loss), then one generator step (G's
 * parameters only, from G's loss with gradients flowing through D).
 *
 * <p>Each network has its own {@link Optimizer}. Gradients come from SameDiff's {@code
 * calculateGradientsAndOutputs} for the owning network's variables; the updaters are applied to
 * the shared parameter arrays in place. All randomness (latent noise, loss inputs such as
 * interpolation weights) comes from one seeded {@link Rng} whose state is checkpointed, so a
 * resumed run continues exactly where an uninterrupted one would be.
 *
 * <p>Native memory held by ND4J arrays is released only when the JVM collects their Java
 * wrappers, and the heap stays tiny. Left alone, SameDiff's fresh arrays per update would grow the
 * resident size by gigabytes within tens of steps. The trainer hands each update's arrays back to
 * SameDiff's cache instead ({@link Builder#recycleArrays}), which keeps the resident size flat
 * without collections. Without recycling it requests a collection every step. {@link
 * Builder#gcEvery} overrides both.
 */
public final class GanTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);

  private final Gan gan;
  private final BatchSource data;
  private final NetworkOptimizer dOpt;
  private final NetworkOptimizer gOpt;
  private final int nCritic;
  private int gcEvery;
  private final boolean gcAuto;
  private boolean recycleArrays;
  private final Rng rng;
  private final List<TrainingCallback> callbacks;
  private final Map<String, String> metadata;
  private long step;
  private volatile boolean stopRequested;
  private INDArray lastReal;
  private INDArray lastRealLabels;

  private GanTrainer(Builder b) {
    this.gan = b.gan;
    this.data = b.data;
    this.nCritic = b.nCritic;
    this.recycleArrays = b.recycleArrays;
    this.gcAuto = b.gcEvery == null;
    this.gcEvery = gcAuto ? (recycleArrays ? 0 : 1) : b.gcEvery;
    this.rng = new Rng(b.seed);
    this.callbacks = List.copyOf(b.callbacks);
    this.metadata = Map.copyOf(b.metadata);
    ParameterStore store = gan.parameters();
    this.dOpt = new NetworkOptimizer(b.dOptimizer, store, gan.discriminatorStep().trainable());
    this.gOpt = new NetworkOptimizer(b.gOptimizer, store, gan.generatorStep().trainable());
  }

  /**
   * Starts a builder.
   *
   * @param gan the assembled GAN
   * @param data the real-image source
   */
  public static Builder builder(Gan gan, BatchSource data) {
    return new Builder(gan, data);
  }

  /**
   * Runs one full step: {@code nCritic} discriminator updates, then one generator update.
   *
   * @return losses and scores of this step
   * @throws TrainingDivergedException if a loss becomes NaN or infinite (parameters are left as
   *     they were before the offending update)
   */
  public StepStats step() {
    long t0 = System.nanoTime();
    long next = step + 1;
    double[] d = null;
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int k = 0; k < nCritic; k++) {
      d = discriminatorUpdate(next, metrics);
    }
    double gLoss = generatorUpdate(next, metrics);
    step = next;
    if (gcEvery > 0 && step % gcEvery == 0) {
      lastReal = null;
      lastRealLabels = null;
      System.gc();
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    return new StepStats(step, d[0], gLoss, d[1], d[2], ms, metrics);
  }

  /** One discriminator update; returns {loss, D(real), D(fake)}. Package-private for tests. */
  double[] discriminatorUpdate(long forStep) {
    return discriminatorUpdate(forStep, new LinkedHashMap<>());
  }

  /** One generator update; returns its loss. Package-private for tests. */
  double generatorUpdate(long forStep) {
    return generatorUpdate(forStep, new LinkedHashMap<>());
  }

  private double[] discriminatorUpdate(long forStep, Map<String, Double> metrics) {
    Gan.StepGraph sg = gan.discriminatorStep();
    INDArray real = data.next();
    checkBatch(real);
    lastReal = real;
    long batch = real.size(0);
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(Gan.Z, rng.gaussian(gan.dataType(), batch, gan.generator().latentDim()));
    ph.put(GraphLossContext.REAL, real.castTo(gan.dataType()));
    lastRealLabels = null; // a new batch: its labels are read when a graph needs them
    if (gan.numClasses() > 0) {
      feedLabels(sg, ph, batch);
    }
    feedRandom(sg, ph, batch);
    feedScalars(sg, ph, dOpt.iteration());
    OutAndGrad r = sg.sd().calculateGradientsAndOutputs(ph, sg.outputs(), sg.trainable());
    Map<String, INDArray> out = r.getOutputs();
    double loss = out.get(sg.loss()).getDouble(0);
    requireFinite(forStep, "discriminator", loss, r.getGradients());
    collectMetrics(sg, out, metrics);
    dOpt.apply(gan.parameters(), r.getGradients());
    applyStateUpdates(sg, out);
    gan.loss().afterDiscriminatorUpdate(gan.parameters(), dOpt.names());
    double[] result = {loss, out.get(Gan.D_REAL).getDouble(0), out.get(Gan.D_FAKE).getDouble(0)};
    recycle(sg, ph);
    return result;
  }

  /** One generator update (after at least one D update); returns its loss. */
  private double generatorUpdate(long forStep, Map<String, Double> metrics) {
    Gan.StepGraph sg = gan.generatorStep();
    long batch = lastReal.size(0);
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(Gan.Z, rng.gaussian(gan.dataType(), batch, gan.generator().latentDim()));
    if (sg.needsReal()) {
      ph.put(GraphLossContext.REAL, lastReal.castTo(gan.dataType()));
    }
    if (gan.numClasses() > 0) {
      feedLabels(sg, ph, batch);
    }
    feedRandom(sg, ph, batch);
    feedScalars(sg, ph, gOpt.iteration());
    OutAndGrad r = sg.sd().calculateGradientsAndOutputs(ph, sg.outputs(), sg.trainable());
    Map<String, INDArray> out = r.getOutputs();
    double loss = out.get(sg.loss()).getDouble(0);
    requireFinite(forStep, "generator", loss, r.getGradients());
    collectMetrics(sg, out, metrics);
    gOpt.apply(gan.parameters(), r.getGradients());
    applyStateUpdates(sg, out);
    updateEma();
    recycle(sg, ph);
    return loss;
  }

  /**
   * Returns the finished update's arrays to SameDiff's cache ({@link SessionArrays}); a failure
   * turns recycling off for this trainer with one warning instead of failing training.
   */
  private void recycle(Gan.StepGraph sg, Map<String, INDArray> placeholders) {
    if (!recycleArrays) {
      return;
    }
    try {
      SessionArrays.recycle(sg.sd(), placeholders.values());
    } catch (RuntimeException e) {
      recycleArrays = false;
      if (gcAuto) {
        gcEvery = 1; // without recycling, only collections keep native memory bounded
      }
      LOG.warn("Recycling SameDiff's arrays failed ({}); continuing without it", e.toString());
    }
  }

  /** {@code ema ← decay·ema + (1 − decay)·θ} for every generator parameter. */
  private void updateEma() {
    double decay = gan.emaDecay();
    if (decay <= 0) {
      return;
    }
    ParameterStore store = gan.parameters();
    for (String name : gOpt.names()) {
      INDArray ema = store.array(Gan.EMA_PREFIX + name);
      ema.muli(decay).addi(store.array(name).mul(1.0 - decay));
    }
  }

  /** The real batch's labels as one-hot rows, from {@link BatchSource#labels()}. */
  private INDArray realLabels(long batch) {
    INDArray labels = data.labels();
    if (labels == null || labels.length() != batch) {
      throw new IllegalStateException(
          "A conditional GAN (" + gan.numClasses() + " classes) needs labelled batches, but the data source "
              + (labels == null ? "gives no labels" : "gave " + labels.length() + " labels for " + batch + " images")
              + "; use BatchSource.of(it::next, it::position, it::seek, it::lastLabels)");
    }
    int[] c = labels.toIntVector();
    return Gan.oneHot(c, gan.numClasses(), gan.dataType());
  }

  /**
   * Random classes for the generated batch (from the trainer's RNG) and, when the graph reads them,
   * the real batch's labels (so a generator conditioned on latent codes, e.g. InfoGAN, trains on
   * unlabelled data).
   */
  private void feedLabels(Gan.StepGraph sg, Map<String, INDArray> ph, long batch) {
    int[] c = new int[(int) batch];
    for (int i = 0; i < c.length; i++) {
      c[i] = rng.nextInt(gan.numClasses());
    }
    ph.put(Gan.G_LABELS, Gan.oneHot(c, gan.numClasses(), gan.dataType()));
    if (sg.needsRealLabels()) {
      if (lastRealLabels == null) {
        lastRealLabels = realLabels(batch);
      }
      ph.put(GraphLossContext.REAL_LABELS, lastRealLabels);
    }
  }

  private void feedRandom(Gan.StepGraph sg, Map<String, INDArray> ph, long batch) {
    for (Map.Entry<String, long[]> e : sg.randomInputs().entrySet()) {
      long[] per = e.getValue();
      long[] shape = new long[per.length + 1];
      shape[0] = batch;
      System.arraycopy(per, 0, shape, 1, per.length);
      ph.put(e.getKey(), rng.uniform(gan.dataType(), 0, 1, shape));
    }
  }

  private void feedScalars(Gan.StepGraph sg, Map<String, INDArray> ph, long updateIndex) {
    for (Map.Entry<String, LongToDoubleFunction> e : sg.scalarInputs().entrySet()) {
      ph.put(e.getKey(), Nd4j.scalar(gan.dataType(), e.getValue().applyAsDouble(updateIndex)));
    }
  }

  private static void collectMetrics(Gan.StepGraph sg, Map<String, INDArray> out, Map<String, Double> metrics) {
    sg.monitors().forEach((name, var) -> metrics.put(name, out.get(var).getDouble(0)));
  }

  private void applyStateUpdates(Gan.StepGraph sg, Map<String, INDArray> out) {
    ParameterStore store = gan.parameters();
    for (NetGraph.StateUpdate u : sg.stateUpdates()) {
      INDArray state = store.array(u.stateName());
      INDArray value = out.get(u.value().name()).reshape(state.shape());
      state.muli(1.0 - u.momentum()).addi(value.mul(u.momentum()));
    }
  }

  private void checkBatch(INDArray real) {
    long[] expected = gan.discriminator().inputShape().toArray();
    long[] actual = real.shape();
    if (actual.length != 4 || !Arrays.equals(Arrays.copyOfRange(actual, 1, 4), expected) || actual[0] < 1) {
      throw new IllegalArgumentException(
          "Real batches must have shape [B, " + expected[0] + ", " + expected[1] + ", " + expected[2]
              + "] to match the model, but the data source produced " + Arrays.toString(actual)
              + "; build the model for the data's image shape (or resize/pad the data)");
    }
  }

  private void requireFinite(long forStep, String which, double loss, Map<String, INDArray> grads) {
    boolean ok = Double.isFinite(loss);
    String bad = ok ? null : "loss = " + loss;
    if (ok) {
      for (Map.Entry<String, INDArray> e : grads.entrySet()) {
        double s = e.getValue().sumNumber().doubleValue();
        if (!Double.isFinite(s)) {
          ok = false;
          bad = "gradient of " + e.getKey() + " is not finite";
          break;
        }
      }
    }
    if (!ok) {
      throw new TrainingDivergedException(
          forStep,
          "Training diverged at step " + forStep + ": " + which + " " + bad
              + ". Parameters were not updated. Try a lower learning rate, a different loss"
              + " (e.g. hinge or wgan-gp), or resume from the last checkpoint.");
    }
  }

  /**
   * Runs steps until {@code targetStep} (inclusive) or until {@link #requestStop()}, calling the
   * callbacks.
   *
   * @param targetStep the step number to stop at (not a count: a resumed trainer at step 100 with
   *     target 300 runs 200 steps)
   */
  public void fit(long targetStep) {
    stopRequested = false;
    for (TrainingCallback c : callbacks) {
      c.onStart(this, targetStep);
    }
    try {
      while (step < targetStep && !stopRequested) {
        StepStats s = step();
        for (TrainingCallback c : callbacks) {
          c.onStep(this, s);
        }
      }
    } finally {
      for (TrainingCallback c : callbacks) {
        try {
          c.onEnd(this);
        } catch (RuntimeException e) {
          LOG.warn("Callback {} failed in onEnd: {}", c, e.toString());
        }
      }
    }
  }

  /** Asks {@link #fit} to stop after the current step (callable from a callback or another thread). */
  public void requestStop() {
    stopRequested = true;
  }

  /** Steps completed so far. */
  public long currentStep() {
    return step;
  }

  /** The GAN being trained. */
  public Gan gan() {
    return gan;
  }

  /** Number of discriminator updates per step. */
  public int nCritic() {
    return nCritic;
  }

  /** Free-form metadata saved in every checkpoint (e.g. the CLI's model/loss names). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Saves parameters, batch-norm statistics, optimizer state, step, RNG state, data position and
   * metadata to {@code file}, atomically (written to a temporary file, then renamed).
   */
  public void saveCheckpoint(Path file) throws IOException {
    Map<String, INDArray> optim = new LinkedHashMap<>();
    dOpt.states().forEach((k, v) -> optim.put("D:" + k, v));
    gOpt.states().forEach((k, v) -> optim.put("G:" + k, v));
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    Checkpoint cp =
        new Checkpoint(
            step, rng.state(), dOpt.iteration(), gOpt.iteration(), data.position(),
            gan.seed(), meta, gan.parameters(), optim);
    Checkpoints.write(file, cp);
  }

  /**
   * Restores a checkpoint written by {@link #saveCheckpoint} into this trainer, whose GAN must have
   * been built with the same architecture.
   *
   * @throws io.github.samegan.core.CheckpointException if names or shapes do not match
   */
  public void restore(Path file) throws IOException {
    Checkpoints.Loaded cp = Checkpoints.read(file);
    Checkpoints.assignInto(file, cp.arrays(), gan.parameters());
    Map<String, INDArray> optim = new LinkedHashMap<>();
    dOpt.states().forEach((k, v) -> optim.put("D:" + k, v));
    gOpt.states().forEach((k, v) -> optim.put("G:" + k, v));
    Checkpoints.assignOptimizer(file, cp.optimizer(), optim);
    this.step = cp.step();
    this.rng.setState(cp.rngState());
    this.dOpt.setIteration(cp.dIteration());
    this.gOpt.setIteration(cp.gIteration());
    data.seek(cp.dataPosition());
  }

  /** The trainer's RNG state (for tests and diagnostics). */
  public long rngState() {
    return rng.state();
  }

  /** Builder: required parts in {@link GanTrainer#builder}, options here. */
  public static final class Builder {
    private final Gan gan;
    private final BatchSource data;
    private Optimizer gOptimizer = Optimizer.adam(2e-4, 0.5, 0.999);
    private Optimizer dOptimizer = Optimizer.adam(2e-4, 0.5, 0.999);
    private int nCritic = 1;
    private Integer gcEvery;
    private boolean recycleArrays = true;
    private long seed = 1234;
    private final List<TrainingCallback> callbacks = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(Gan gan, BatchSource data) {
      this.gan = Objects.requireNonNull(gan, "gan");
      this.data = Objects.requireNonNull(data, "data");
    }

    /** Generator optimizer (default Adam(2e-4, 0.5, 0.999), the DCGAN setting). */
    public Builder generatorOptimizer(Optimizer o) {
      this.gOptimizer = Objects.requireNonNull(o, "generatorOptimizer");
      return this;
    }

    /** Discriminator optimizer (default Adam(2e-4, 0.5, 0.999)). */
    public Builder discriminatorOptimizer(Optimizer o) {
      this.dOptimizer = Objects.requireNonNull(o, "discriminatorOptimizer");
      return this;
    }

    /**
     * Whether each update hands its finished arrays back to SameDiff's array cache for the next
     * one (default on; see {@code SessionArrays}). It changes only where arrays are allocated, never
     * a value: turn it off to rule it out when investigating a SameDiff problem.
     */
    public Builder recycleArrays(boolean on) {
      this.recycleArrays = on;
      return this;
    }

    /** Discriminator updates per generator update (default 1; 5 for WGAN). */
    public Builder nCritic(int n) {
      if (n < 1 || n > 100) {
        throw new IllegalArgumentException("nCritic must be in [1, 100], found " + n);
      }
      this.nCritic = n;
      return this;
    }

    /** Seed of the trainer's RNG (latent noise, loss inputs). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Request a JVM collection every n steps to release native memory (0 = never). The default is
     * 0 while arrays are recycled and 1 when they are not (see {@link #recycleArrays}).
     */
    public Builder gcEvery(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("gcEvery must be >= 0, found " + n);
      }
      this.gcEvery = n;
      return this;
    }

    /** Adds a callback. */
    public Builder callback(TrainingCallback c) {
      this.callbacks.add(Objects.requireNonNull(c, "callback"));
      return this;
    }

    /** Adds a metadata entry stored in checkpoints. */
    public Builder metadata(String key, String value) {
      if (key == null || key.isEmpty() || key.contains("=") || key.contains("\n")) {
        throw new IllegalArgumentException("Metadata key must be non-empty without '=' or newlines, found '" + key + "'");
      }
      this.metadata.put(key, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds all metadata entries. */
    public Builder metadata(Map<String, String> entries) {
      entries.forEach(this::metadata);
      return this;
    }

    /** Builds the trainer (optimizer state is allocated here). */
    public GanTrainer build() {
      return new GanTrainer(this);
    }
  }
}

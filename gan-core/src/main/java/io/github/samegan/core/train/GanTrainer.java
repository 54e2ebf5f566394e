package io.github.samegan.core.train;

import io.github.samegan.core.TrainingDivergedException;
import io.github.samegan.core.engine.Checkpoint;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.engine.NativeMemory;
import io.github.samegan.core.engine.NetworkUpdate;
import io.github.samegan.core.engine.Optimizer;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Gan} by alternating updates over disjoint parameter sets: {@code nCritic}
 * discriminator steps (D's parameters only, from D's loss), then one generator step (G's parameters
 * only, from G's loss with gradients flowing through D).
 *
 * <p>Each network's updates run on SameGAN's update engine ({@link NetworkUpdate}) with its own
 * {@link Optimizer}: gradients of the owning network's variables only, updaters applied to the
 * shared parameter arrays in place. All randomness (latent noise, loss inputs such as interpolation
 * weights) comes from one seeded {@link Rng} whose state is checkpointed, so a resumed run
 * continues exactly where an uninterrupted one would be; a {@link LatentSource} ({@link
 * Builder#latents}) may supply the noise instead.
 *
 * <p>A step is {@link #discriminatorPhase()} then {@link #generatorPhase()}; callers that combine
 * several trainers between the two (data-parallel training) call them separately, and {@link
 * #snapshot()} / {@link #restore(Checkpoints.Loaded)} move a trainer's whole state in memory.
 *
 * <p>Native memory held by ND4J arrays is released only when the JVM collects their Java wrappers,
 * and the heap stays tiny. Left alone, SameDiff's fresh arrays per update would grow the resident
 * size by gigabytes within tens of steps. The trainer hands each update's arrays back to SameDiff's
 * cache instead ({@link Builder#recycleArrays}, {@link NativeMemory}), which keeps the resident
 * size flat without collections. Without recycling it requests a collection every step. {@link
 * Builder#gcEvery} overrides both.
 */
public final class GanTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);
  private static final String ADVICE =
      "Try a lower learning rate, a different loss (e.g. hinge or wgan-gp),"
          + " or resume from the last checkpoint.";

  private final Gan gan;
  private final BatchSource data;
  private final NetworkUpdate dUpdate;
  private final NetworkUpdate gUpdate;
  private final int nCritic;
  private final NativeMemory memory;
  private final Rng rng;
  private final LatentSource latents;
  private final List<TrainingCallback> callbacks;
  private final Map<String, String> metadata;
  private long step;
  private volatile boolean stopRequested;
  private Batch lastReal;
  private INDArray lastRealLabels;
  private PendingStep pending;

  /** A step whose discriminator phase ran and whose generator update has not yet. */
  private record PendingStep(long startNanos, double[] d, Map<String, Double> metrics) {}

  private GanTrainer(Builder b) {
    this.gan = b.gan;
    this.data = b.data;
    this.nCritic = b.nCritic;
    this.memory = new NativeMemory(b.recycleArrays, b.gcEvery);
    this.rng = new Rng(b.seed);
    this.latents = b.latents;
    this.callbacks = List.copyOf(b.callbacks);
    this.metadata = Map.copyOf(b.metadata);
    ParameterStore store = gan.parameters();
    this.dUpdate =
        new NetworkUpdate(
            gan.discriminatorStep().update(), store, b.dOptimizer, gan.dataType(), memory, ADVICE);
    this.gUpdate =
        new NetworkUpdate(
            gan.generatorStep().update(), store, b.gOptimizer, gan.dataType(), memory, ADVICE);
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
    discriminatorPhase();
    return generatorPhase();
  }

  /**
   * The first half of the next step: its {@code nCritic} discriminator updates, each on a new real
   * batch. {@link #generatorPhase()} completes the step; {@link #step()} is the two together. The
   * split lets a caller act between the halves, e.g. data-parallel training, which averages the
   * workers' discriminators before any worker takes its generator update (gan-spark's {@code
   * DataParallelTrainer}).
   *
   * @return the discriminator's figures for step {@code currentStep() + 1} (the generator loss is
   *     NaN; {@link #generatorPhase()} returns the whole step's)
   * @throws IllegalStateException if this step's discriminator phase already ran
   * @throws TrainingDivergedException as {@link #step()}
   */
  public StepStats discriminatorPhase() {
    if (pending != null) {
      throw new IllegalStateException(
          "The discriminator phase of step "
              + (step + 1)
              + " already ran; call generatorPhase() to complete the step");
    }
    long t0 = System.nanoTime();
    long next = step + 1;
    double[] d = null;
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int k = 0; k < nCritic; k++) {
      d = discriminatorUpdate(next, k, metrics);
    }
    pending = new PendingStep(t0, d, metrics);
    double ms = (System.nanoTime() - t0) / 1e6;
    return new StepStats(next, d[0], Double.NaN, d[1], d[2], ms, metrics);
  }

  /**
   * The second half of the step that {@link #discriminatorPhase()} began: the generator update
   * (against the last real batch the discriminator saw, for losses that read it).
   *
   * @return the whole step's losses and scores
   * @throws IllegalStateException if no discriminator phase is pending
   */
  public StepStats generatorPhase() {
    if (pending == null) {
      throw new IllegalStateException(
          "No discriminator phase is pending: call discriminatorPhase() first (or step(), or"
              + " generatorPhase(realBatch) for a generator update on its own)");
    }
    PendingStep p = pending;
    pending = null;
    return completeStep(p);
  }

  /**
   * The generator update of step {@code currentStep() + 1} on its own, for a trainer that did not
   * run this step's discriminator phase itself: it was run elsewhere and its result loaded into
   * this trainer (e.g. a data-parallel worker that received the averaged discriminator with {@link
   * #restore(Checkpoints.Loaded)}). Completes the step; the returned discriminator figures are NaN.
   *
   * @param real the real batch of the step's last discriminator update (read only by losses and
   *     conditional GANs that need it)
   * @throws IllegalStateException if a discriminator phase is pending on this trainer (use {@link
   *     #generatorPhase()})
   */
  public StepStats generatorPhase(Batch real) {
    if (pending != null) {
      throw new IllegalStateException(
          "The discriminator phase of step "
              + (step + 1)
              + " ran on this trainer; complete it with generatorPhase()");
    }
    Objects.requireNonNull(real, "real");
    checkBatch(real.images());
    lastReal = real;
    lastRealLabels = null;
    double nan = Double.NaN;
    return completeStep(
        new PendingStep(System.nanoTime(), new double[] {nan, nan, nan}, new LinkedHashMap<>()));
  }

  private StepStats completeStep(PendingStep p) {
    long next = step + 1;
    Map<String, Double> metrics = new LinkedHashMap<>(p.metrics());
    double gLoss = generatorUpdate(next, metrics);
    step = next;
    if (gan.adaptiveAugment() != null) {
      metrics.putAll(gan.adaptiveAugment().afterStep(gan.parameters(), step));
    }
    memory.afterStep(
        step,
        () -> {
          lastReal = null;
          lastRealLabels = null;
        });
    double ms = (System.nanoTime() - p.startNanos()) / 1e6;
    double[] d = p.d();
    return new StepStats(step, d[0], gLoss, d[1], d[2], ms, metrics);
  }

  /** One discriminator update; returns {loss, D(real), D(fake)}. Package-private for tests. */
  double[] discriminatorUpdate(long forStep) {
    return discriminatorUpdate(forStep, 0, new LinkedHashMap<>());
  }

  /** One generator update; returns its loss. Package-private for tests. */
  double generatorUpdate(long forStep) {
    return generatorUpdate(forStep, new LinkedHashMap<>());
  }

  private double[] discriminatorUpdate(long forStep, int update, Map<String, Double> metrics) {
    Gan.StepGraph sg = gan.discriminatorStep();
    Batch real = Objects.requireNonNull(data.next(), "the data source returned no batch");
    checkBatch(real.images());
    lastReal = real;
    lastRealLabels = null; // a new batch: its labels are made one-hot when a graph needs them
    long batch = real.size();
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(Gan.Z, latents(forStep, update, batch));
    ph.put(GraphLossContext.REAL, real.images().castTo(gan.dataType()));
    if (gan.numClasses() > 0) {
      feedLabels(sg, ph, batch);
    }
    double[] scores = new double[3];
    boolean ada = gan.adaptiveAugment() != null;
    NetworkUpdate.Result r =
        dUpdate.run(
            ph,
            rng,
            batch,
            forStep,
            out -> {
              scores[0] = out.get(Gan.D_REAL).getDouble(0);
              scores[1] = out.get(Gan.D_FAKE).getDouble(0);
              if (ada) {
                scores[2] = out.get(Gan.ADA_REAL_SIGN).getDouble(0);
              }
            });
    if (ada) {
      AdaptiveAugment.recordRealSigns(gan.parameters(), scores[2], batch);
    }
    metrics.putAll(r.monitors());
    gan.loss().afterDiscriminatorUpdate(gan.parameters(), dUpdate.parameterNames());
    return new double[] {r.loss(), scores[0], scores[1]};
  }

  /** One generator update (after at least one D update); returns its loss. */
  private double generatorUpdate(long forStep, Map<String, Double> metrics) {
    Gan.StepGraph sg = gan.generatorStep();
    long batch = lastReal.size();
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(Gan.Z, latents(forStep, nCritic, batch));
    if (sg.needsReal()) {
      ph.put(GraphLossContext.REAL, lastReal.images().castTo(gan.dataType()));
    }
    if (gan.numClasses() > 0) {
      feedLabels(sg, ph, batch);
    }
    NetworkUpdate.Result r = gUpdate.run(ph, rng, batch, forStep, out -> {});
    metrics.putAll(r.monitors());
    updateEma();
    return r.loss();
  }

  private INDArray latents(long forStep, int update, long batch) {
    long dim = gan.generator().latentDim();
    INDArray z = latents.latents(forStep, update, batch, dim, gan.dataType(), rng);
    if (z == null || z.rank() != 2 || z.size(0) != batch || z.size(1) != dim) {
      throw new IllegalStateException(
          "The latent source returned "
              + (z == null ? "null" : Arrays.toString(z.shape()))
              + " but the update needs ["
              + batch
              + ", "
              + dim
              + "]");
    }
    return z;
  }

  /** {@code ema ← decay·ema + (1 − decay)·θ} for every generator parameter. */
  private void updateEma() {
    double decay = gan.emaDecay();
    if (decay <= 0) {
      return;
    }
    ParameterStore store = gan.parameters();
    for (String name : gUpdate.parameterNames()) {
      INDArray ema = store.array(Gan.EMA_PREFIX + name);
      ema.muli(decay).addi(store.array(name).mul(1.0 - decay));
    }
    store.markChanged(); // the EMA's batch-norm statistics are re-estimated before it samples
  }

  /**
   * Random classes for the generated batch (from the trainer's RNG) and, when the graph reads them,
   * the real batch's labels as one-hot rows (so a generator conditioned on latent codes, e.g.
   * InfoGAN, trains on unlabelled data).
   */
  private void feedLabels(Gan.StepGraph sg, Map<String, INDArray> ph, long batch) {
    int[] c = new int[(int) batch];
    for (int i = 0; i < c.length; i++) {
      c[i] = rng.nextInt(gan.numClasses());
    }
    ph.put(Gan.G_LABELS, Gan.oneHot(c, gan.numClasses(), gan.dataType()));
    if (sg.needsRealLabels()) {
      if (lastRealLabels == null) {
        if (lastReal.labels() == null) {
          throw new IllegalStateException(
              "A conditional GAN ("
                  + gan.numClasses()
                  + " classes) needs labelled batches, but the data source"
                  + " gives no labels; give BatchSource batches with labels (Batch.labelled)");
        }
        lastRealLabels = Gan.oneHot(lastReal.labels(), gan.numClasses(), gan.dataType());
      }
      ph.put(GraphLossContext.REAL_LABELS, lastRealLabels);
    }
  }

  private void checkBatch(INDArray real) {
    long[] expected = gan.discriminator().inputShape().toArray();
    long[] actual = real.shape();
    if (actual.length != 4
        || !Arrays.equals(Arrays.copyOfRange(actual, 1, 4), expected)
        || actual[0] < 1) {
      throw new IllegalArgumentException(
          "Real batches must have shape [B, "
              + expected[0]
              + ", "
              + expected[1]
              + ", "
              + expected[2]
              + "] to match the model, but the data source produced "
              + Arrays.toString(actual)
              + "; build the model for the data's image shape (or resize/pad the data)");
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

  /**
   * Asks {@link #fit} to stop after the current step (callable from a callback or another thread).
   */
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
    requireNoPendingPhase("saveCheckpoint");
    Checkpoints.write(
        file,
        new Checkpoint(step, rng.state(), data.position(), gan.seed(), metadata, gan.parameters()),
        updates());
  }

  /**
   * Restores a checkpoint written by {@link #saveCheckpoint} into this trainer, whose GAN must have
   * been built with the same architecture.
   *
   * @param file a {@code .ckpt} file, or a run or checkpoint folder (its latest checkpoint, as
   *     {@link io.github.samegan.core.engine.Checkpoints#resolve} finds it)
   * @throws io.github.samegan.core.CheckpointException if names or shapes do not match
   */
  public void restore(Path file) throws IOException {
    afterRestore(Checkpoints.restore(file, gan.parameters(), updates()));
  }

  /**
   * The trainer's whole state in memory, exactly what {@link #saveCheckpoint} writes (the arrays
   * are copies), for callers that move state between trainers without files, e.g. data-parallel
   * workers. {@link #restore(Checkpoints.Loaded)} loads it back.
   *
   * <p>Taken between {@link #discriminatorPhase()} and {@link #generatorPhase()}, it holds the
   * discriminator after this step's updates with {@link #currentStep()} not yet advanced: restored
   * into another trainer, {@link #generatorPhase(Batch)} there completes the step exactly as {@link
   * #generatorPhase()} would here (given the same real batch).
   */
  public Checkpoints.Loaded snapshot() {
    return Checkpoints.capture(
        new Checkpoint(step, rng.state(), data.position(), gan.seed(), metadata, gan.parameters()),
        updates());
  }

  /**
   * Restores an in-memory state from {@link #snapshot()} (or {@link Checkpoints#read}) into this
   * trainer: parameters, state, optimizer state and update counts (copied in place, names and
   * shapes checked), step, RNG state and data position.
   *
   * @throws io.github.samegan.core.CheckpointException if names or shapes do not match
   */
  public void restore(Checkpoints.Loaded state) {
    afterRestore(Checkpoints.restore(state, "The restored state", gan.parameters(), updates()));
  }

  private void afterRestore(Checkpoints.Loaded cp) {
    this.step = cp.step();
    this.rng.setState(cp.rngState());
    data.seek(cp.dataPosition());
    this.pending = null;
    this.lastReal = null;
    this.lastRealLabels = null;
  }

  private void requireNoPendingPhase(String what) {
    if (pending != null) {
      throw new IllegalStateException(
          what
              + " is not possible between discriminatorPhase() and generatorPhase(); complete"
              + " step "
              + (step + 1)
              + " first");
    }
  }

  /** The two updates by the network names the checkpoint format uses. */
  private Map<String, NetworkUpdate> updates() {
    Map<String, NetworkUpdate> m = new LinkedHashMap<>();
    m.put(Gan.D, dUpdate);
    m.put(Gan.G, gUpdate);
    return m;
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
    private LatentSource latents = LatentSource.FROM_TRAINER_RNG;
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
     * Whether each update hands its finished arrays back to SameDiff's array cache for the next one
     * (default on; see {@code SessionArrays}). It changes only where arrays are allocated, never a
     * value: turn it off to rule it out when investigating a SameDiff problem.
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

    /**
     * Where latent noise comes from (default {@link LatentSource#FROM_TRAINER_RNG}, the trainer's
     * sequential RNG); {@link LatentSource#perIndex} makes a batch split across data-parallel
     * workers draw the same rows as one trainer with the whole batch.
     */
    public Builder latents(LatentSource source) {
      this.latents = Objects.requireNonNull(source, "latents");
      return this;
    }

    /** Seed of the trainer's RNG (latent noise, loss inputs). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Request a JVM collection every n steps to release native memory (0 = never). The default is 0
     * while arrays are recycled and 1 when they are not (see {@link #recycleArrays}).
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
        throw new IllegalArgumentException(
            "Metadata key must be non-empty without '=' or newlines, found '" + key + "'");
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

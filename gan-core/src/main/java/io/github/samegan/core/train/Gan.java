package io.github.samegan.core.train;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.UpdateGraph;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.GeneratorTerm;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.loss.ScheduledTerm;
import io.github.samegan.core.loss.WeightSchedule;
import io.github.samegan.core.model.ClassifyingDiscriminator;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator, a discriminator and a loss assembled into SameDiff graphs over one shared {@link
 * ParameterStore}:
 *
 * <ul>
 *   <li>the <b>discriminator-step graph</b>: {@code z → G (constants) → D (variables)} and {@code
 *       real → D}, minimising the loss's D term over D's parameters only;
 *   <li>the <b>generator-step graph</b>: {@code z → G (variables) → D (constants)}, minimising the
 *       loss's G term (plus any {@link GeneratorTerm}s, each times its scheduled weight) over G's
 *       parameters, with gradients flowing through D;
 *   <li>the <b>sampling graph</b>: {@code z → G} in inference mode (running batch-norm statistics);
 *       with {@link Builder#generatorEma} a second one over the EMA weights, whose batch-norm
 *       statistics are re-estimated for those weights ({@link Builder#emaBatchNorm}).
 * </ul>
 *
 * <p>Two training graphs are needed because SameDiff 1.0.0-M2.1 differentiates the <em>sum</em> of
 * all loss variables of a graph. All graphs hold the same {@link INDArray} objects, updated in
 * place, so each sees the others' updates. Parameters are named {@code G/…} and {@code D/…}.
 */
public final class Gan {
  static final String G = "G";
  static final String D = "D";
  static final String Z = "z";
  static final String D_LOSS = "d_loss";
  static final String G_LOSS = "g_loss";
  static final String D_REAL = "d_real_score";
  static final String D_FAKE = "d_fake_score";
  static final String ADA_REAL_SIGN = "ada_real_sign";
  static final String SAMPLE = "sample";
  static final String G_LABELS = "g_labels";

  /** Prefix of the generator's exponential-moving-average copies in the store ({@code EMA/G/…}). */
  public static final String EMA_PREFIX = "EMA/";

  /**
   * Default number of latent batches for the EMA's batch-norm statistics ({@link
   * Builder#emaBatchNorm}).
   */
  public static final int DEFAULT_EMA_BN_BATCHES = 16;

  /** Default batch size for the EMA's batch-norm statistics. */
  public static final int DEFAULT_EMA_BN_BATCH_SIZE = 64;

  /**
   * One built training graph and what the trainer feeds it besides noise: the real batch and its
   * labels, when the loss reads them.
   */
  record StepGraph(UpdateGraph update, boolean needsReal, boolean needsRealLabels) {}

  private final Generator generator;
  private final Discriminator discriminator;
  private final GanLoss loss;
  private final DataType dtype;
  private final long seed;
  private final ParameterStore store = new ParameterStore();
  private final StepGraph dStep;
  private final StepGraph gStep;
  private final SameDiff sampler;
  private final int numClasses;
  private final double emaDecay;
  private final int emaBnBatches;
  private final int emaBnBatchSize;

  /** The generator's batch-norm statistics, name → the EMA sampler's own array (empty if none). */
  private final Map<String, INDArray> emaBnStats = new LinkedHashMap<>();

  /**
   * What the EMA graphs read: EMA weights, the EMA's own batch-norm statistics, live other state.
   */
  private final ParameterStore emaView;

  private final SameDiff emaSampler;
  private EmaStatistics emaStatistics; // built on first use
  private long emaStatsVersion = -1;
  private final DiffAugment diffAugment;
  private final AdaptiveAugment ada;
  private final List<ScheduledTerm> terms;

  private Gan(Builder b) {
    this.generator = b.generator;
    this.discriminator = b.discriminator;
    this.loss = b.loss;
    this.dtype = b.dtype;
    this.seed = b.seed;
    ImageShape gOut = generator.outputShape();
    ImageShape dIn = discriminator.inputShape();
    if (!gOut.equals(dIn)) {
      throw new IllegalArgumentException(
          "Generator produces "
              + gOut
              + " images but the discriminator expects "
              + dIn
              + "; build both for the same image shape");
    }
    int gk = generator.numClasses();
    int dk = Discriminator.numClasses(discriminator);
    if (gk < 0 || dk < 0 || (gk > 0 && dk > 0 && gk != dk)) {
      throw new IllegalArgumentException(
          "Generator and discriminator must be conditioned on the same number of classes, found "
              + gk
              + " and "
              + dk);
    }
    this.numClasses = Math.max(gk, dk);
    int ak = Discriminator.auxiliaryClasses(discriminator);
    if (ak < 0 || (ak > 0 && ak != gk)) {
      throw new IllegalArgumentException(
          "The discriminator's auxiliary classifier predicts "
              + ak
              + " classes, so the generator must be"
              + " conditioned on the same "
              + ak
              + " classes (AC-GAN), found "
              + gk);
    }
    this.emaDecay = b.emaDecay;
    this.emaBnBatches = b.emaBnBatches;
    this.emaBnBatchSize = b.emaBnBatchSize;
    this.diffAugment = b.diffAugment;
    this.ada = b.ada;
    if (ada != null) {
      checkAda(gOut);
    }
    this.terms = List.copyOf(b.terms);
    for (ScheduledTerm t : terms) {
      t.term().check(gOut); // before anything is allocated
    }
    if (ada != null) {
      ada.addState(store, dtype);
    }
    Rng initRng = new Rng(seed);
    this.dStep = buildStep(LossContext.Phase.DISCRIMINATOR, initRng);
    this.gStep = buildStep(LossContext.Phase.GENERATOR, initRng);
    this.sampler = buildSampler(initRng, store);
    this.emaView = emaDecay > 0 ? emaStore() : null;
    this.emaSampler = emaDecay > 0 ? buildSampler(initRng, emaView) : null;
  }

  private void checkAda(ImageShape shape) {
    if (diffAugment != null) {
      throw new IllegalArgumentException(
          "DiffAugment and ADA both augment what D sees; choose one (ADA adapts its probability,"
              + " DiffAugment always applies)");
    }
    if (discriminator instanceof io.github.samegan.core.model.AutoEncoderDiscriminator) {
      throw new IllegalArgumentException(
          "ADA's over-fitting heuristic reads the sign of D's score on real images, but "
              + discriminator.describe()
              + " scores by reconstruction energy (never negative); use ADA with a"
              + " discriminator that outputs logits or critic values");
    }
    ada.check(shape.toArray());
  }

  /**
   * Adds the EMA copies {@code EMA/G/…} (state entries, so checkpoints keep them) and returns a
   * store in which the generator's parameter names point at them, its batch-norm statistics at
   * arrays of the EMA's own (when {@link Builder#emaBatchNorm} re-estimates them; not saved in
   * checkpoints, they are recomputed from the EMA weights) and its other state (spectral-norm
   * vectors) at the live arrays.
   */
  private ParameterStore emaStore() {
    Set<String> bnStats = new HashSet<>();
    if (emaBnBatches > 0) {
      for (NetGraph.StateUpdate u : gStep.update().stateUpdates()) {
        if (u.batchStatistic()) {
          bnStats.add(u.stateName());
        }
      }
    }
    ParameterStore view = new ParameterStore();
    for (ParameterStore.Entry e : store.entries(n -> n.startsWith(G + "/"))) {
      if (e.kind() == ParameterStore.Kind.PARAMETER) {
        INDArray copy = e.array().dup('c');
        store.add(EMA_PREFIX + e.name(), copy, ParameterStore.Kind.STATE);
        view.add(e.name(), copy, ParameterStore.Kind.PARAMETER);
      } else if (bnStats.contains(e.name())) {
        INDArray own = e.array().dup('c');
        emaBnStats.put(e.name(), own);
        view.add(e.name(), own, e.kind());
      } else {
        view.add(e.name(), e.array(), e.kind());
      }
    }
    return view;
  }

  /**
   * The generator in training mode over the EMA view, whose batch statistics average into the EMA
   * sampler's running statistics (BigGAN's "standing statistics").
   */
  private record EmaStatistics(
      SameDiff sd, List<NetGraph.StateUpdate> stats, Map<String, long[]> randomInputs) {}

  private EmaStatistics buildEmaStatistics() {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, emaView, new Rng(seed), dtype, NetGraph.Mode.TRAIN, n -> false);
    SDVariable z = sd.placeHolder(Z, dtype, -1, generator.latentDim());
    SDVariable labels = numClasses > 0 ? sd.placeHolder(G_LABELS, dtype, -1, numClasses) : null;
    if (labels == null) {
      generator.generate(g.scope(G), z);
    } else {
      generator.generate(g.scope(G), z, labels);
    }
    List<NetGraph.StateUpdate> stats = new ArrayList<>();
    for (NetGraph.StateUpdate u : g.stateUpdates()) {
      if (u.batchStatistic() && emaBnStats.containsKey(u.stateName())) {
        stats.add(u);
      }
    }
    return new EmaStatistics(sd, List.copyOf(stats), Map.copyOf(g.randomInputs()));
  }

  /**
   * The seeded generator of the latent batches (and classes) over which the EMA's batch-norm
   * statistics are re-estimated: each of the K batches draws {@code z} ({@code gaussian(dtype, B,
   * latentDim)}), then, for a conditional GAN, B classes ({@code nextInt(K)}), then the generator's
   * random inputs, if any, in registration order.
   */
  Rng emaStatisticsRng() {
    return new Rng(seed ^ 0x5354414E44494E47L); // "STANDING"
  }

  /** Re-estimates the EMA's batch-norm statistics if the stored weights changed since the last. */
  private void refreshEmaStatistics() {
    if (emaBnStats.isEmpty() || emaStatsVersion == store.version()) {
      return;
    }
    if (emaStatistics == null) {
      emaStatistics = buildEmaStatistics();
    }
    Rng rng = emaStatisticsRng();
    Map<String, INDArray> sums = new LinkedHashMap<>();
    String[] outputs =
        emaStatistics.stats().stream().map(u -> u.value().name()).toArray(String[]::new);
    for (int k = 0; k < emaBnBatches; k++) {
      Map<String, INDArray> ph = new HashMap<>();
      ph.put(Z, rng.gaussian(dtype, emaBnBatchSize, generator.latentDim()));
      if (numClasses > 0) {
        int[] c = new int[emaBnBatchSize];
        for (int i = 0; i < c.length; i++) {
          c[i] = rng.nextInt(numClasses);
        }
        ph.put(G_LABELS, oneHot(c, numClasses, dtype));
      }
      emaStatistics
          .randomInputs()
          .forEach((name, shape) -> ph.put(name, rng.uniform(dtype, 0, 1, batchShape(shape))));
      Map<String, INDArray> out = emaStatistics.sd().output(ph, outputs);
      for (NetGraph.StateUpdate u : emaStatistics.stats()) {
        INDArray target = emaBnStats.get(u.stateName());
        INDArray v = out.get(u.value().name()).reshape(target.shape());
        sums.merge(u.stateName(), v.dup(), INDArray::addi);
      }
    }
    sums.forEach((name, sum) -> emaBnStats.get(name).assign(sum.divi(emaBnBatches)));
    emaStatsVersion = store.version();
  }

  private long[] batchShape(long[] perExample) {
    long[] shape = new long[perExample.length + 1];
    shape[0] = emaBnBatchSize;
    System.arraycopy(perExample, 0, shape, 1, perExample.length);
    return shape;
  }

  /**
   * The batch-norm running statistics the EMA sampler uses, re-estimated for the current EMA
   * weights ({@link Builder#emaBatchNorm}): state name (e.g. {@code G/…/running_mean}) → a copy.
   * Empty when the GAN keeps no EMA, the generator has no batch norm or re-estimation is off.
   */
  public synchronized Map<String, INDArray> emaBatchNormStatistics() {
    refreshEmaStatistics();
    Map<String, INDArray> out = new LinkedHashMap<>();
    emaBnStats.forEach((name, a) -> out.put(name, a.dup()));
    return out;
  }

  /** Starts a builder with the three required parts. */
  public static Builder builder(Generator generator, Discriminator discriminator, GanLoss loss) {
    return new Builder(generator, discriminator, loss);
  }

  private StepGraph buildStep(LossContext.Phase phase, Rng initRng) {
    boolean dPhase = phase == LossContext.Phase.DISCRIMINATOR;
    String owner = (dPhase ? D : G) + "/";
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, initRng, dtype, NetGraph.Mode.TRAIN, n -> n.startsWith(owner));
    SDVariable z = sd.placeHolder(Z, dtype, -1, generator.latentDim());
    SDVariable labels = numClasses > 0 ? sd.placeHolder(G_LABELS, dtype, -1, numClasses) : null;
    SDVariable fake =
        labels == null
            ? generator.generate(g.scope(G), z)
            : generator.generate(g.scope(G), z, labels);
    GraphLossContext ctx =
        new GraphLossContext(
                phase,
                g,
                discriminator,
                fake,
                generator.outputShape().toArray(),
                labels,
                numClasses,
                diffAugment != null ? diffAugment : ada)
            .withLatent(z);
    SDVariable lossVar = dPhase ? loss.discriminatorLoss(ctx) : loss.generatorLoss(ctx);
    if (lossVar == null) {
      throw new IllegalStateException("Loss '" + loss.name() + "' returned no " + phase + " loss");
    }
    if (discriminator instanceof ClassifyingDiscriminator && !ctx.usesClassLogits()) {
      throw new IllegalStateException(
          "Discriminator "
              + discriminator.describe()
              + " has an auxiliary classifier but the "
              + (dPhase ? "discriminator" : "generator")
              + " loss of '"
              + loss.name()
              + "' never reads its"
              + " class logits, so the classifier would not be trained; wrap the loss with gan-losses'"
              + " AuxiliaryClassifierLoss (new AuxiliaryClassifierLoss(1.0).on(loss))");
    }
    if (!dPhase) {
      lossVar = addGeneratorTerms(g, fake, lossVar);
    }
    lossVar = sd.identity(dPhase ? D_LOSS : G_LOSS, lossVar);
    List<String> reported = new ArrayList<>();
    if (dPhase) {
      sd.identity(D_REAL, loss.reportedScore(sd, ctx.realLogits()).mean());
      sd.identity(D_FAKE, loss.reportedScore(sd, ctx.fakeLogits()).mean());
      reported.add(D_REAL);
      reported.add(D_FAKE);
      if (ada != null) {
        sd.identity(ADA_REAL_SIGN, sd.math().sign(ctx.realLogits()).mean());
        reported.add(ADA_REAL_SIGN);
      }
    }
    UpdateGraph update =
        UpdateGraph.build(
            g, dPhase ? "discriminator" : "generator", lossVar, reported, n -> n.startsWith(owner));
    return new StepGraph(update, ctx.usesReal(), ctx.usesRealLabels());
  }

  /**
   * {@code loss + Σ wᵢ·tᵢ}: each term built on the generated batch as G made it (before
   * DiffAugment), its weight a scalar input fed from the schedule at the update's step, both
   * monitored.
   */
  private SDVariable addGeneratorTerms(NetGraph g, SDVariable fake, SDVariable loss) {
    SDVariable total = loss;
    for (ScheduledTerm t : terms) {
      SDVariable value = t.term().build(g, fake, generator.outputShape());
      if (value == null) {
        throw new IllegalStateException("Generator term '" + t.name() + "' returned no value");
      }
      value = value.mean(); // a scalar stays itself; anything else is averaged
      WeightSchedule schedule = t.weight();
      // the generator's k-th update (0-based, checkpointed) belongs to training step k + 1
      SDVariable w = g.scalarInput("term_weight/" + t.name(), k -> schedule.at(k + 1));
      g.monitor(t.name(), value);
      g.monitor(t.name() + "_weight", w);
      total = total.add(value.mul(w));
    }
    return total;
  }

  private SameDiff buildSampler(Rng initRng, ParameterStore over) {
    SameDiff sd = SameDiff.create();
    NetGraph g = NetGraph.create(sd, over, initRng, dtype, NetGraph.Mode.INFERENCE, n -> false);
    SDVariable z = sd.placeHolder(Z, dtype, -1, generator.latentDim());
    SDVariable labels = numClasses > 0 ? sd.placeHolder(G_LABELS, dtype, -1, numClasses) : null;
    sd.identity(
        SAMPLE,
        labels == null
            ? generator.generate(g.scope(G), z)
            : generator.generate(g.scope(G), z, labels));
    return sd;
  }

  /**
   * Generates images from latent vectors with the generator in inference mode (its EMA weights when
   * {@link Builder#generatorEma} is on). A conditional generator gets classes {@code i mod K} for
   * example {@code i}, so a grid with K columns shows one class per column.
   *
   * @param z latent batch {@code [B, latentDim]}
   * @return images {@code [B, C, H, W]} in [−1, 1] (a fresh array)
   */
  public INDArray sample(INDArray z) {
    return sample(z, null, emaDecay > 0);
  }

  /**
   * Generates images of the given classes (EMA weights when enabled).
   *
   * @param z latent batch {@code [B, latentDim]}
   * @param classes one class in [0, numClasses) per example, or {@code null} for {@code i mod K}
   *     (ignored by an unconditional GAN)
   */
  public INDArray sample(INDArray z, int[] classes) {
    return sample(z, classes, emaDecay > 0);
  }

  /**
   * Generates images with the EMA weights ({@code useEma}, needs {@link Builder#generatorEma}) or
   * the trained weights.
   *
   * @throws IllegalArgumentException for a bad latent shape, a class out of range or EMA requested
   *     without EMA
   */
  public synchronized INDArray sample(INDArray z, int[] classes, boolean useEma) {
    if (z.rank() != 2 || z.size(1) != generator.latentDim()) {
      throw new IllegalArgumentException(
          "Latent batch must have shape [B, "
              + generator.latentDim()
              + "], found "
              + java.util.Arrays.toString(z.shape()));
    }
    if (useEma && emaSampler == null) {
      throw new IllegalArgumentException(
          "EMA sampling requested but this GAN was built without generatorEma");
    }
    Map<String, INDArray> ph = new java.util.HashMap<>();
    ph.put(Z, z.castTo(dtype));
    if (numClasses > 0) {
      int n = (int) z.size(0);
      if (classes != null && classes.length != n) {
        throw new IllegalArgumentException(
            "Need one class per latent vector: " + n + " vectors, " + classes.length + " classes");
      }
      int[] c = new int[n];
      for (int i = 0; i < n; i++) {
        c[i] = classes == null ? i % numClasses : classes[i];
      }
      ph.put(G_LABELS, oneHot(c, numClasses, dtype));
    }
    if (useEma) {
      refreshEmaStatistics();
    }
    SameDiff sd = useEma ? emaSampler : sampler;
    return sd.output(ph, SAMPLE).get(SAMPLE).dup();
  }

  /** Generates {@code n} images from latent noise drawn from the given generator. */
  public INDArray sample(int n, Rng rng) {
    return sample(rng.gaussian(dtype, n, generator.latentDim()));
  }

  /** Generates {@code n} images of class {@code k} from noise drawn from {@code rng}. */
  public INDArray sampleClass(int n, int k, Rng rng) {
    if (numClasses == 0) {
      throw new IllegalArgumentException(
          "This GAN is unconditional: it cannot generate a given class");
    }
    int[] c = new int[n];
    java.util.Arrays.fill(c, k);
    return sample(rng.gaussian(dtype, n, generator.latentDim()), c);
  }

  /**
   * One-hot rows {@code [B, K]} of the given type.
   *
   * @throws IllegalArgumentException for a class outside [0, K)
   */
  public static INDArray oneHot(int[] classes, int k, DataType type) {
    float[] data = new float[classes.length * k];
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] < 0 || classes[i] >= k) {
        throw new IllegalArgumentException("Class must be in [0, " + k + "), found " + classes[i]);
      }
      data[i * k + classes[i]] = 1f;
    }
    return org.nd4j.linalg.factory.Nd4j.create(data, new long[] {classes.length, k}, 'c')
        .castTo(type);
  }

  /** Number of classes of a conditional GAN, 0 for an unconditional one. */
  public int numClasses() {
    return numClasses;
  }

  /** The generator EMA decay, or 0 when the GAN keeps no EMA. */
  public double emaDecay() {
    return emaDecay;
  }

  /**
   * Latent batches over which the EMA's batch-norm statistics are re-estimated (0 when off, when
   * the GAN keeps no EMA, or when the generator has no batch norm).
   */
  public int emaBatchNormBatches() {
    return emaBnStats.isEmpty() ? 0 : emaBnBatches;
  }

  /** The shared parameters and state. */
  public ParameterStore parameters() {
    return store;
  }

  /** The generator. */
  public Generator generator() {
    return generator;
  }

  /** The discriminator. */
  public Discriminator discriminator() {
    return discriminator;
  }

  /** The loss. */
  public GanLoss loss() {
    return loss;
  }

  /** Floating-point type of all graphs. */
  public DataType dataType() {
    return dtype;
  }

  /** The initialisation seed. */
  public long seed() {
    return seed;
  }

  /** Number of trainable generator parameters. */
  public long generatorParameterCount() {
    return store.parameterCount(G + "/");
  }

  /** Number of trainable discriminator parameters. */
  public long discriminatorParameterCount() {
    return store.parameterCount(D + "/");
  }

  /**
   * Attaches SameDiff listeners (e.g. a per-op profiler) to both training graphs, replacing any
   * attached before. For diagnostics: listeners slow every step down.
   *
   * @param listeners the listeners (none to detach)
   */
  public void setTrainingListeners(org.nd4j.autodiff.listeners.Listener... listeners) {
    dStep.update().sd().setListeners(listeners);
    gStep.update().sd().setListeners(listeners);
  }

  StepGraph discriminatorStep() {
    return dStep;
  }

  /**
   * The discriminator update's graph, for diagnostics and profiling (e.g. attaching an allocation
   * counter to its sessions); training needs no access to it.
   */
  public UpdateGraph discriminatorGraph() {
    return dStep.update();
  }

  /**
   * The generator update's graph, for diagnostics and profiling (see {@link #discriminatorGraph}).
   */
  public UpdateGraph generatorGraph() {
    return gStep.update();
  }

  /** The differentiable augmentation of D's inputs, or {@code null} when off. */
  public DiffAugment diffAugment() {
    return diffAugment;
  }

  /** The adaptive discriminator augmentation, or {@code null} when off. */
  public AdaptiveAugment adaptiveAugment() {
    return ada;
  }

  /** The extra generator terms with their weight schedules, in the order they were added. */
  public List<ScheduledTerm> generatorTerms() {
    return terms;
  }

  StepGraph generatorStep() {
    return gStep;
  }

  /** Builder: required parts in {@link Gan#builder}, options here. */
  public static final class Builder {
    private final Generator generator;
    private final Discriminator discriminator;
    private final GanLoss loss;
    private DataType dtype = DataType.FLOAT;
    private long seed = 42;
    private double emaDecay = 0;
    private int emaBnBatches = DEFAULT_EMA_BN_BATCHES;
    private int emaBnBatchSize = DEFAULT_EMA_BN_BATCH_SIZE;
    private DiffAugment diffAugment;
    private AdaptiveAugment ada;
    private final List<ScheduledTerm> terms = new ArrayList<>();
    private final Set<String> termNames = new HashSet<>();

    private Builder(Generator generator, Discriminator discriminator, GanLoss loss) {
      this.generator = Objects.requireNonNull(generator, "generator");
      this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
      this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** FLOAT (default) or DOUBLE (for gradient checks). */
    public Builder dataType(DataType dtype) {
      if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
        throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, found " + dtype);
      }
      this.dtype = dtype;
      return this;
    }

    /** Seed of the weight initialisation (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Keeps an exponential moving average of the generator's weights, {@code ema ← decay·ema + (1 −
     * decay)·θ} after each generator update (Yazıcı et al. 2019, arXiv:1806.04498), stored as
     * {@code EMA/G/…} state (so checkpoints keep it) and used by {@link #sample}. 0 turns it off
     * (the default); 0.999 or 0.9999 are usual.
     */
    public Builder generatorEma(double decay) {
      if (!(decay >= 0 && decay < 1)) {
        throw new IllegalArgumentException("generatorEma decay must be in [0, 1), found " + decay);
      }
      this.emaDecay = decay;
      return this;
    }

    /**
     * How the generator EMA's batch-norm statistics are obtained: with {@code batches > 0} (default
     * {@value #DEFAULT_EMA_BN_BATCHES} batches of {@value #DEFAULT_EMA_BN_BATCH_SIZE}) they are
     * re-estimated before EMA sampling whenever the EMA weights have changed, by running the
     * generator with the EMA weights in training mode over {@code batches} seeded latent batches of
     * {@code batchSize} and averaging each batch-norm layer's batch mean and (biased) variance over
     * them, a cumulative average rather than a momentum one ("standing statistics", Brock et al.
     * 2019, arXiv:1809.11096; PyTorch-StudioGAN's {@code apply_standing_statistics}). The training
     * generator's own running statistics are untouched, and the result depends only on the weights
     * and the GAN's seed. With {@code 0} the EMA sampler uses the training generator's running
     * statistics, which belong to other weights. No effect without {@link #generatorEma} or without
     * batch norm in the generator. The statistics are not saved in checkpoints (they are recomputed
     * from the EMA weights), so checkpoints are the same with or without it.
     *
     * @throws IllegalArgumentException for negative batches or a batch size below 2
     */
    public Builder emaBatchNorm(int batches, int batchSize) {
      if (batches < 0 || batches > 10_000) {
        throw new IllegalArgumentException(
            "emaBatchNorm batches must be in [0, 10000] (0 = off), found " + batches);
      }
      if (batchSize < 2 || batchSize > 100_000) {
        throw new IllegalArgumentException(
            "emaBatchNorm batchSize must be in [2, 100000] (batch statistics need two examples),"
                + " found "
                + batchSize);
      }
      this.emaBnBatches = batches;
      this.emaBnBatchSize = batchSize;
      return this;
    }

    /**
     * {@link #emaBatchNorm(int, int)} with the default batch size ({@value
     * #DEFAULT_EMA_BN_BATCH_SIZE}).
     */
    public Builder emaBatchNorm(int batches) {
      return emaBatchNorm(batches, DEFAULT_EMA_BN_BATCH_SIZE);
    }

    /**
     * Augments every batch D sees, real and generated, inside both training graphs with {@link
     * DiffAugment} (Zhao et al. 2020); {@code null} (the default) turns it off. Sampling is
     * unaffected.
     */
    public Builder diffAugment(DiffAugment policy) {
      this.diffAugment = policy;
      return this;
    }

    /**
     * Augments every batch D sees, real and generated, inside both training graphs with {@link
     * AdaptiveAugment} (ADA, Karras et al. 2020), each transform applied per example with a
     * probability p that the trainer adapts to D's over-fitting; {@code null} (the default) turns
     * it off. Exclusive with {@link #diffAugment}.
     */
    public Builder adaptiveAugment(AdaptiveAugment ada) {
      this.ada = ada;
      return this;
    }

    /**
     * Adds an extra term to the generator's objective, {@code L_G + w(step)·term(G(z))} (see {@link
     * GeneratorTerm}); D's update is untouched. Several terms add up, each with its own weight.
     *
     * @throws IllegalArgumentException if a term of that name was added already, or the name is not
     *     a short identifier
     */
    public Builder generatorTerm(GeneratorTerm term, WeightSchedule weight) {
      ScheduledTerm t = new ScheduledTerm(term, weight);
      if (!termNames.add(t.name())) {
        throw new IllegalArgumentException(
            "Two generator terms are named '" + t.name() + "'; give each a distinct name");
      }
      terms.add(t);
      return this;
    }

    /** Builds all graphs and initialises the weights. */
    public Gan build() {
      return new Gan(this);
    }
  }
}

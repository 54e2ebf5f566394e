package io.github.samegan.spark;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.detect.Detector;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FrechetDistance;
import io.github.samegan.eval.metrics.KernelInceptionDistance;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training of a sweep where it is called (on an executor, from {@link SparkSweep}): skips
 * it if the run folder holds a result, resumes it from the folder's checkpoint if it holds one,
 * otherwise trains from scratch in a local temporary folder and copies the run folder (settings,
 * {@code metrics.csv}, {@code checkpoints/last.ckpt}, then {@code result.properties} last) to the
 * store. Any exception becomes a failed row; nothing is thrown.
 */
public final class SweepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

  /** The file whose presence marks a finished run. */
  public static final String RESULT = "result.properties";

  /** The run's settings, written when it starts. */
  public static final String SETTING = "setting.properties";

  /** Images per batch of the end-of-run evaluation and detection. */
  private static final int BATCH = 64;

  private SweepRunner() {}

  /**
   * Runs (or skips) one setting.
   *
   * @param s the setting
   * @param options how to run it
   * @param store the sweep's output
   * @return its row; {@code failed} with the error if anything threw
   */
  public static SweepResult run(SweepSetting s, SweepOptions options, RunStore store) {
    String folder = SparkSweep.runFolder(s.id());
    String runDir = store.uri(folder);
    Path local = null;
    try {
      if (store.exists(folder + "/" + RESULT)) {
        return SweepResult.skipped(s, store.readProperties(folder + "/" + RESULT), runDir);
      }
      ExecutorThreads.use(options.threadsPerTask());
      local = Files.createTempDirectory("samegan-sweep-");
      return train(s, options, store, folder, local);
    } catch (Exception | LinkageError | AssertionError e) {
      LOG.warn("sweep run {} failed: {}", s.id(), e.toString());
      return SweepResult.failed(s, e, runDir);
    } finally {
      if (local != null) {
        deleteQuietly(local);
      }
    }
  }

  private static SweepResult train(
      SweepSetting s, SweepOptions options, RunStore store, String folder, Path local)
      throws IOException {
    // Settings checked before anything is loaded: a bad spec fails this run with its message.
    AugmentPipeline augment =
        s.augmented() ? AugmentPipeline.parse(s.augment()).withSeed(s.seed()) : null;
    Detector detector = options.detector() == null ? null : options.detector().load();
    ImageDataset data =
        DatasetRegistry.standard()
            .load(s.dataset(), Path.of(options.dataDir()), options.imageSize());
    ImageShape shape =
        new ImageShape(data.info().channels(), data.info().height(), data.info().width());
    if (data.size() < s.batchSize()) {
      throw new IllegalArgumentException(
          "batchSize "
              + s.batchSize()
              + " is larger than the data set ("
              + data.size()
              + " images)");
    }
    if (detector != null && !detector.inputShape().equals(shape)) {
      throw new IllegalArgumentException(
          "the detector takes "
              + detector.inputShape()
              + " images but '"
              + s.dataset()
              + "' gives "
              + shape
              + " (detectors do not resize); use a detector trained at this size");
    }
    ModelRegistry models = ModelRegistry.standard();
    int classes = models.entry(s.model()).isConditional() ? data.numClasses() : 0;
    Architecture a = models.architecture(s.model(), shape, classes);
    LossRegistry losses = LossRegistry.standard();
    Gan gan =
        Gan.builder(a.generator(), a.discriminator(), losses.loss(s.loss(), LossOptions.defaults()))
            .seed(s.seed())
            .build();
    LossRegistry.Recommended rec = losses.entry(s.loss()).recommended();
    BatchIterator it =
        BatchIterator.builder(data, s.batchSize()).seed(s.seed()).augment(augment).build();
    Path ckpt = local.resolve(Checkpoints.RUN_CHECKPOINT);
    Path csv = local.resolve("metrics.csv");
    LastStats last = new LastStats();
    GanTrainer.Builder b =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(
                Optimizer.parse(rec.optimizer(), s.generatorLr(), rec.beta1(), rec.beta2()))
            .discriminatorOptimizer(
                Optimizer.parse(rec.optimizer(), s.discriminatorLr(), rec.beta1(), rec.beta2()))
            .nCritic(s.nCritic())
            .seed(s.seed() + 1)
            .metadata(s.toProperties())
            .callback(Callbacks.csvLog(csv))
            .callback(last);
    if (options.checkpointEvery() > 0) {
      b.callback(new Sync(options.checkpointEvery(), store, folder, local));
    }
    GanTrainer trainer = b.build();
    store.writeProperties(folder + "/" + SETTING, s.toProperties());
    if (store.download(folder + "/" + Checkpoints.RUN_CHECKPOINT, ckpt)) {
      store.download(folder + "/metrics.csv", csv);
      trainer.restore(ckpt);
      LOG.info("sweep run {} resumes at step {}", s.id(), trainer.currentStep());
    }
    if (trainer.currentStep() < s.steps()) {
      trainer.fit(s.steps());
    }
    Double fd = null;
    Double kid = null;
    if (options.evalSamples() > 0) {
      double[] d = distances(gan, data, options, s.seed());
      fd = d[0];
      kid = d[1];
    }
    Double detectionRate = null;
    if (detector != null) {
      detectionRate =
          DetectorScoring.scoreSamples(gan, s.seed(), 0, options.detectSamples(), detector, BATCH)
              .rate();
    }
    Files.createDirectories(ckpt.getParent());
    trainer.saveCheckpoint(ckpt);
    store.upload(local, folder);
    SweepResult r =
        new SweepResult(
            s,
            SweepResult.TRAINED,
            null,
            trainer.currentStep(),
            last.dLoss,
            last.gLoss,
            last.steps == 0 ? Double.NaN : last.millis / last.steps,
            fd,
            kid,
            detectionRate,
            store.uri(folder));
    store.writeProperties(folder + "/" + RESULT, r.toProperties());
    return r;
  }

  /**
   * FD and KID between the first n data set images and n generated ones (latents as in evaluation),
   * on the same features: the FD from merged float64 moments, the KID with gan-eval's {@link
   * KernelInceptionDistance} ({@value KernelInceptionDistance#DEFAULT_SUBSETS} subsets of min(n,
   * {@value KernelInceptionDistance#DEFAULT_SUBSET_SIZE}) rows, seeded by the run's seed) on the
   * feature rows.
   *
   * @return {FD, KID mean}
   */
  static double[] distances(Gan gan, ImageDataset data, SweepOptions options, long seed) {
    FeatureExtractor fx = options.features().create();
    int n = Math.min(options.evalSamples(), data.size());
    Features real = new Features(fx);
    DistributedEvaluation.forEachInDataset(data, fx, 0, n, BATCH, real);
    Features generated = new Features(fx);
    DistributedEvaluation.forEachGenerated(gan, fx, seed, 0, n, BATCH, generated);
    double fd =
        FrechetDistance.compute(
            real.sums.toStatistics(data.name(), "first"),
            generated.sums.toStatistics("generated", "seed=" + seed));
    double kid = kid(n, seed).compute(real.rows(), generated.rows()).mean();
    return new double[] {fd, kid};
  }

  /** Feature batches kept both as float64 moment sums (for the FD) and as rows (for the KID). */
  private static final class Features implements Consumer<INDArray> {
    final MomentSums sums;
    final List<double[]> rows = new ArrayList<>();

    Features(FeatureExtractor fx) {
      sums = MomentSums.empty(fx.dimension()).describedBy(fx);
    }

    @Override
    public void accept(INDArray batch) {
      sums.add(batch);
      DistributedEvaluation.addRows(rows, batch);
    }

    double[][] rows() {
      return rows.toArray(double[][]::new);
    }
  }

  /** The KID estimator of a run's end-of-training figure on n images of each kind. */
  static KernelInceptionDistance kid(int n, long seed) {
    return new KernelInceptionDistance(
        KernelInceptionDistance.DEFAULT_SUBSETS,
        Math.min(n, KernelInceptionDistance.DEFAULT_SUBSET_SIZE),
        seed);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
  }

  /** Keeps the last step's losses and the total step time of this session. */
  private static final class LastStats implements TrainingCallback {
    double dLoss = Double.NaN;
    double gLoss = Double.NaN;
    double millis;
    long steps;

    @Override
    public void onStep(GanTrainer trainer, StepStats stats) {
      dLoss = stats.dLoss();
      gLoss = stats.gLoss();
      millis += stats.millis();
      steps++;
    }
  }

  /** Copies a checkpoint and the loss log to the store every {@code every} steps. */
  private static final class Sync implements TrainingCallback {
    private final long every;
    private final RunStore store;
    private final String folder;
    private final Path local;

    Sync(long every, RunStore store, String folder, Path local) {
      this.every = every;
      this.store = store;
      this.folder = folder;
      this.local = local;
    }

    @Override
    public void onStep(GanTrainer t, StepStats s) {
      if (s.step() % every != 0) {
        return;
      }
      try {
        Path ckpt = local.resolve(Checkpoints.RUN_CHECKPOINT);
        Files.createDirectories(ckpt.getParent());
        t.saveCheckpoint(ckpt);
        store.upload(local, folder);
      } catch (IOException e) {
        throw new UncheckedIOException("could not copy the checkpoint to " + store.uri(folder), e);
      }
    }
  }
}

package io.github.samegan.spark;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.train.Gan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Data-parallel GAN training on Spark by parameter averaging in rounds. Each round the driver
 * broadcasts the replica state (parameters, batch-norm and other state, optimizer state, update
 * counts), each of P tasks loads it into its replica (built once per executor JVM and reused),
 * trains on its block of the global batches and returns its new state, and {@code treeAggregate}
 * sums the states (float64) so the driver can average them. See {@link DataParallelSettings.Mode}:
 * {@code LOCAL_STEPS} averages after K whole steps per worker; {@code SYNC} averages the
 * discriminator update before any worker's generator update (two rounds per step), which with plain
 * SGD equals one worker with batch P·b.
 *
 * <p>Every task is a function of (state, round, partition): its data block, its latent noise (drawn
 * per global row index, {@link io.github.samegan.core.train.LatentSource#perIndex}) and its RNG
 * follow from them. So when Spark retries a failed task (an executor lost, {@code
 * spark.task.maxFailures}), the retry returns the same result and the run is as if nothing had
 * failed; a lost executor costs one round of one worker.
 *
 * <p>Checkpoints are gan-core's ordinary format ({@link #saveCheckpoint}), written from the
 * driver's copy of the averaged state: {@code samegan sample} and {@code evaluate} read them, and
 * {@link #restore} resumes a run exactly.
 */
public final class DataParallelTrainer {

  /** What a task runs. */
  public enum Phase {
    /** K whole steps ({@code LOCAL_STEPS}). */
    STEPS,
    /** The discriminator updates of one step ({@code SYNC}, first round). */
    DISCRIMINATOR,
    /** The generator update of one step against the averaged discriminator ({@code SYNC}). */
    GENERATOR
  }

  /**
   * What one round did.
   *
   * @param step the step reached
   * @param dLoss the workers' mean discriminator loss (over their local steps)
   * @param gLoss the workers' mean generator loss
   * @param images real images the discriminators read this round (all workers)
   * @param millis wall time of the round on the driver
   * @param stateScalars floats in the broadcast state (parameters, state, optimizer state)
   */
  public record RoundStats(
      long step, double dLoss, double gLoss, long images, double millis, long stateScalars) {}

  private final JavaSparkContext jsc;
  private final DataParallelSettings settings;
  private final WorkerHook hook;
  private final Replica driver;
  private ReplicaState state;
  private boolean driverCurrent = true;

  private DataParallelTrainer(
      JavaSparkContext jsc, DataParallelSettings settings, WorkerHook hook) {
    this.jsc = Objects.requireNonNull(jsc, "jsc");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.hook = Objects.requireNonNull(hook, "hook");
    this.driver = Replica.build(settings);
    this.state = driver.state();
  }

  /** A trainer at step 0 with the seeded initial weights. */
  public static DataParallelTrainer create(JavaSparkContext jsc, DataParallelSettings settings) {
    return new DataParallelTrainer(jsc, settings, WorkerHook.NONE);
  }

  /** A trainer whose tasks call {@code hook} first (logging, fault injection in tests). */
  public static DataParallelTrainer create(
      JavaSparkContext jsc, DataParallelSettings settings, WorkerHook hook) {
    return new DataParallelTrainer(jsc, settings, hook);
  }

  /**
   * One round: K steps per worker then averaging ({@code LOCAL_STEPS}), or one step with its two
   * averagings ({@code SYNC}).
   */
  public RoundStats round() {
    long t0 = System.nanoTime();
    long images =
        (long) settings.workers()
            * settings.batchPerWorker()
            * settings.nCritic()
            * settings.localSteps();
    double d;
    double g;
    if (settings.mode() == DataParallelSettings.Mode.SYNC) {
      ReplicaSum dSum = run(Phase.DISCRIMINATOR);
      state = dSum.average();
      ReplicaSum gSum = run(Phase.GENERATOR);
      state = gSum.average();
      d = dSum.meanDLoss();
      g = gSum.meanGLoss();
    } else {
      ReplicaSum sum = run(Phase.STEPS);
      state = sum.average();
      d = sum.meanDLoss();
      g = sum.meanGLoss();
    }
    driverCurrent = false;
    return new RoundStats(state.step, d, g, images, (System.nanoTime() - t0) / 1e6, state.size());
  }

  /**
   * Runs rounds until {@code targetStep} is reached, passing each round's figures to {@code each}.
   */
  public void fit(long targetStep, Consumer<RoundStats> each) {
    while (state.step < targetStep) {
      each.accept(round());
    }
  }

  private ReplicaSum run(Phase phase) {
    Broadcast<ReplicaState> b = jsc.broadcast(state);
    try {
      DataParallelSettings s = settings;
      WorkerHook h = hook;
      List<Integer> parts = IntStream.range(0, s.workers()).boxed().toList();
      ReplicaSum sum =
          jsc.parallelize(parts, s.workers())
              .map(p -> Replica.work(s, b.value(), p, phase, h))
              .treeAggregate(ReplicaSum.empty(), ReplicaSum::merge, ReplicaSum::merge, 2);
      if (sum.count() != s.workers()) {
        throw new IllegalStateException(
            "Expected " + s.workers() + " worker results, got " + sum.count());
      }
      return sum;
    } finally {
      b.destroy();
    }
  }

  /** Steps completed. */
  public long currentStep() {
    return state.step;
  }

  /** Real images the discriminators have read so far, over all workers. */
  public long imagesSeen() {
    return state.batchIndex * settings.globalBatch();
  }

  /** The settings. */
  public DataParallelSettings settings() {
    return settings;
  }

  /**
   * The driver's GAN holding the averaged state (for sampling and evaluation on the driver); valid
   * until the next round.
   */
  public Gan gan() {
    syncDriver();
    return driver.gan;
  }

  /**
   * Writes the averaged state as an ordinary SameGAN checkpoint (parameters, state, optimizer
   * state, update counts, step, the next global batch as the data position, and the settings as
   * metadata), atomically.
   */
  public void saveCheckpoint(Path file) throws IOException {
    syncDriver();
    driver.trainer.saveCheckpoint(file);
  }

  /**
   * Resumes from a checkpoint written by {@link #saveCheckpoint} with the same model, loss, data
   * set, global batch and seed; the next round continues exactly as the uninterrupted run.
   *
   * @throws CheckpointException if it is not such a checkpoint
   */
  public void restore(Path file) throws IOException {
    Checkpoints.Loaded cp = Checkpoints.read(Checkpoints.resolve(file));
    Map<String, String> want = metadata(settings);
    for (String k : List.of("model", "loss", "dataset", "seed", "dp.globalBatch")) {
      if (!want.get(k).equals(cp.metadata().get(k))) {
        throw new CheckpointException(
            "Checkpoint "
                + file
                + " was written with "
                + k
                + " = "
                + cp.metadata().get(k)
                + " but this run has "
                + want.get(k)
                + "; resume with the same settings (the global batch is workers × batch)");
      }
    }
    driver.trainer.restore(cp);
    state = driver.state();
    driverCurrent = true;
  }

  private void syncDriver() {
    if (!driverCurrent) {
      driver.load(state, 0, Phase.STEPS);
      driverCurrent = true;
    }
  }

  /** The checkpoint metadata of a run with these settings. */
  static Map<String, String> metadata(DataParallelSettings s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", s.model());
    m.put("loss", s.loss());
    m.put("dataset", s.dataset());
    m.put("seed", Long.toString(s.seed()));
    m.put("optimizer", s.optimizer());
    m.put("g_lr", Double.toString(s.generatorLr()));
    m.put("d_lr", Double.toString(s.discriminatorLr()));
    m.put("n_critic", Integer.toString(s.nCritic()));
    m.put("dp.workers", Integer.toString(s.workers()));
    m.put("dp.batchPerWorker", Integer.toString(s.batchPerWorker()));
    m.put("dp.globalBatch", Integer.toString(s.globalBatch()));
    m.put("dp.localSteps", Integer.toString(s.localSteps()));
    m.put("dp.mode", s.mode().name());
    m.put("dp.sharding", s.sharding().name());
    return m;
  }
}

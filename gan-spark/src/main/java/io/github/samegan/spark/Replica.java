package io.github.samegan.spark;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.LatentSource;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * One data-parallel replica: a GAN, its trainer and its share of the data, built once per executor
 * JVM and reused by later tasks (a pool per settings). A task loads the broadcast state into it,
 * places it at its partition's block, trains and returns the new state; nothing a task computes
 * depends on which replica object ran it or on what ran on it before, so a retried task returns the
 * same result.
 */
final class Replica {
  private static final Map<DataParallelSettings, ArrayDeque<Replica>> POOL =
      new java.util.HashMap<>();
  private static DataParallelSettings poolKey;
  private static ImageDataset cachedData;
  private static String cachedDataKey;

  final DataParallelSettings settings;
  final Gan gan;
  final GanTrainer trainer;
  final BlockBatches data;
  private final Checkpoints.Loaded template;
  private LatentSource latents;

  private Replica(DataParallelSettings s, ImageDataset images) {
    this.settings = s;
    Architecture a =
        ModelRegistry.standard()
            .architecture(
                s.model(),
                new io.github.samegan.core.ImageShape(
                    images.info().channels(), images.info().height(), images.info().width()),
                0);
    this.gan =
        Gan.builder(
                a.generator(),
                a.discriminator(),
                LossRegistry.standard().loss(s.loss(), LossOptions.defaults()))
            .seed(s.seed())
            .build();
    this.data = new BlockBatches(images, s.globalBatch(), s.batchPerWorker(), s.seed());
    this.latents = LatentSource.perIndex(noiseSeed(s), 0);
    this.trainer =
        GanTrainer.builder(gan, data)
            .generatorOptimizer(s.generatorOptimizer())
            .discriminatorOptimizer(s.discriminatorOptimizer())
            .nCritic(s.nCritic())
            .latents(
                (step, update, batch, dim, type, rng) ->
                    latents.latents(step, update, batch, dim, type, rng))
            .metadata(DataParallelTrainer.metadata(s))
            .build();
    this.template = trainer.snapshot();
  }

  /** A replica for the driver (the run's averaged state, checkpoints and sampling). */
  static Replica build(DataParallelSettings s) {
    return new Replica(s, dataset(s));
  }

  /** The seed of the per-row latent noise. */
  static long noiseSeed(DataParallelSettings s) {
    return new Rng(s.seed() ^ 0x6E6F697365L).nextLong();
  }

  /** The trainer's state now. */
  ReplicaState state() {
    return ReplicaState.of(trainer.snapshot());
  }

  /**
   * Loads a state and places this replica as worker {@code partition}: its block of each global
   * batch and of the noise, and an RNG seeded by (seed, step, worker, phase) for the losses' random
   * inputs.
   */
  void load(ReplicaState s, int partition, DataParallelTrainer.Phase phase) {
    int block = settings.sharding() == DataParallelSettings.Sharding.REPLICATED ? 0 : partition;
    Rng h = new Rng(settings.seed());
    h.setState(h.nextLong() ^ s.step);
    h.setState(h.nextLong() ^ block);
    h.setState(h.nextLong() ^ phase.ordinal());
    trainer.restore(s.toLoaded(template, h.nextLong()));
    data.setBlock(block);
    latents = LatentSource.perIndex(noiseSeed(settings), (long) block * settings.batchPerWorker());
  }

  /**
   * One worker's task: loads {@code state} as worker {@code partition}, runs the phase and returns
   * its new state with its mean losses.
   */
  static ReplicaSum work(
      DataParallelSettings s,
      ReplicaState state,
      int partition,
      DataParallelTrainer.Phase phase,
      WorkerHook hook) {
    hook.beforeTask(phase, state.step, partition);
    ExecutorThreads.use(s.threadsPerTask());
    Replica r = borrow(s);
    r.load(state, partition, phase);
    double d = 0;
    double g = 0;
    switch (phase) {
      case STEPS -> {
        for (int k = 0; k < s.localSteps(); k++) {
          StepStats st = r.trainer.step();
          d += st.dLoss() / s.localSteps();
          g += st.gLoss() / s.localSteps();
        }
      }
      case DISCRIMINATOR -> {
        d = r.trainer.discriminatorPhase().dLoss();
        g = Double.NaN;
      }
      case GENERATOR -> {
        d = Double.NaN;
        g = r.trainer.generatorPhase(r.data.batch(state.batchIndex - 1)).gLoss();
      }
    }
    ReplicaSum out = ReplicaSum.of(r.state(), d, g);
    giveBack(r); // only after success: a task that threw may leave a replica half updated
    return out;
  }

  private static Replica borrow(DataParallelSettings s) {
    Replica r;
    synchronized (Replica.class) {
      if (!s.equals(poolKey)) {
        POOL.clear(); // one run's replicas at a time per JVM
        poolKey = s;
      }
      r = POOL.computeIfAbsent(s, k -> new ArrayDeque<>()).poll();
    }
    return r != null ? r : new Replica(s, dataset(s)); // built outside the lock
  }

  private static synchronized void giveBack(Replica r) {
    if (r.settings.equals(poolKey)) {
      POOL.computeIfAbsent(r.settings, k -> new ArrayDeque<>()).push(r);
    }
  }

  private static synchronized ImageDataset dataset(DataParallelSettings s) {
    String key = s.dataset() + "|" + s.dataDir() + "|" + s.imageSize();
    if (!key.equals(cachedDataKey)) {
      cachedData =
          DatasetRegistry.standard().load(s.dataset(), Path.of(s.dataDir()), s.imageSize());
      cachedDataKey = key;
    }
    return cachedData;
  }
}

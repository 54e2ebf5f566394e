package io.github.samegan.spark;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.ModelRegistry;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a {@link DataParallelTrainer} trains and how: the GAN by registry names, the data set, the
 * number of workers and their batch, the averaging mode, optimizers and seeds. Immutable,
 * serializable (it travels to every task), validated when built.
 *
 * @param model a model of gan-models' {@code ModelRegistry} (unconditional)
 * @param loss a loss of gan-losses' {@code LossRegistry}
 * @param dataset a data set of gan-data's {@code DatasetRegistry}, loaded by every executor
 * @param dataDir the data folder, the same path on every executor
 * @param imageSize height and width for data sets that resize
 * @param workers P, the number of replicas (one Spark task each per round)
 * @param batchPerWorker b, each worker's batch; a step consumes a global batch of P·b images
 * @param localSteps K, the steps each worker takes between averagings ({@link Mode#LOCAL_STEPS})
 * @param mode how replicas are combined
 * @param sharding how a global batch is split between workers
 * @param optimizer {@code adam}, {@code sgd} or {@code rmsprop}, for both networks
 * @param generatorLr the generator's learning rate
 * @param discriminatorLr the discriminator's learning rate
 * @param beta1 Adam's β₁
 * @param beta2 Adam's β₂
 * @param nCritic discriminator updates per step
 * @param seed the weight-initialisation seed; data order and noise derive from it too
 * @param threadsPerTask ND4J threads per task
 */
public record DataParallelSettings(
    String model,
    String loss,
    String dataset,
    String dataDir,
    int imageSize,
    int workers,
    int batchPerWorker,
    int localSteps,
    Mode mode,
    Sharding sharding,
    String optimizer,
    double generatorLr,
    double discriminatorLr,
    double beta1,
    double beta2,
    int nCritic,
    long seed,
    int threadsPerTask)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How the replicas' results are combined. */
  public enum Mode {
    /**
     * Each worker takes K whole steps (D then G updates) on its own, then parameters and optimizer
     * state are averaged: one broadcast and one aggregation per K steps.
     */
    LOCAL_STEPS,
    /**
     * Every step is two rounds: each worker's discriminator update is averaged before any worker
     * takes its generator update, which is then averaged too. With plain SGD this is exactly one
     * worker with batch P·b (to float rounding); K must be 1.
     */
    SYNC
  }

  /** Which images of a global batch a worker trains on. */
  public enum Sharding {
    /** Worker p takes rows p·b … (p+1)·b − 1 of each global batch of P·b images (and noise). */
    BLOCKS,
    /**
     * Every worker takes the same b images and noise (rows 0 … b − 1 of a global batch of b): the
     * replicas stay equal to one worker's run. For checking the averaging, not for training.
     */
    REPLICATED
  }

  /** Validates every field. */
  public DataParallelSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(sharding, "sharding");
    ModelRegistry.Entry m = ModelRegistry.standard().entry(model);
    if (m.isConditional()) {
      throw new IllegalArgumentException(
          "Data-parallel training supports unconditional models; '" + model + "' is conditional");
    }
    LossRegistry.standard().entry(loss);
    requireRange("imageSize", imageSize, 1, 4096);
    requireRange("workers", workers, 1, 100_000);
    requireRange("batchPerWorker", batchPerWorker, 1, 1_000_000);
    requireRange("localSteps", localSteps, 1, 1_000_000);
    requireRange("nCritic", nCritic, 1, 100);
    requireRange("threadsPerTask", threadsPerTask, 1, 1024);
    if (mode == Mode.SYNC && localSteps != 1) {
      throw new IllegalArgumentException(
          "mode SYNC averages after every update, so localSteps must be 1, found " + localSteps);
    }
    Optimizer.parse(optimizer, generatorLr, beta1, beta2);
    Optimizer.parse(optimizer, discriminatorLr, beta1, beta2);
  }

  private static void requireRange(String name, long v, long lo, long hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  /**
   * Starts a builder with the loss's recommended optimizer and learning rates, 2 workers of batch
   * 64, K = 1 in {@link Mode#LOCAL_STEPS}, {@link Sharding#BLOCKS}, seed 1, one thread per task.
   */
  public static Builder builder(String model, String loss, String dataset) {
    return new Builder(model, loss, dataset);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder(model, loss, dataset);
    b.dataDir = dataDir;
    b.imageSize = imageSize;
    b.workers = workers;
    b.batchPerWorker = batchPerWorker;
    b.localSteps = localSteps;
    b.mode = mode;
    b.sharding = sharding;
    b.optimizer = optimizer;
    b.generatorLr = generatorLr;
    b.discriminatorLr = discriminatorLr;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.nCritic = nCritic;
    b.seed = seed;
    b.threadsPerTask = threadsPerTask;
    return b;
  }

  /** The generator's optimizer. */
  public Optimizer generatorOptimizer() {
    return Optimizer.parse(optimizer, generatorLr, beta1, beta2);
  }

  /** The discriminator's optimizer. */
  public Optimizer discriminatorOptimizer() {
    return Optimizer.parse(optimizer, discriminatorLr, beta1, beta2);
  }

  /** Images in one global batch: P·b, or b when every worker takes the same images. */
  public int globalBatch() {
    return sharding == Sharding.REPLICATED ? batchPerWorker : workers * batchPerWorker;
  }

  /** Builder; see {@link DataParallelSettings#builder}. */
  public static final class Builder {
    private final String model;
    private final String loss;
    private final String dataset;
    private String dataDir = "data";
    private int imageSize = 32;
    private int workers = 2;
    private int batchPerWorker = 64;
    private int localSteps = 1;
    private Mode mode = Mode.LOCAL_STEPS;
    private Sharding sharding = Sharding.BLOCKS;
    private String optimizer;
    private double generatorLr;
    private double discriminatorLr;
    private double beta1;
    private double beta2;
    private int nCritic;
    private long seed = 1;
    private int threadsPerTask = 1;

    private Builder(String model, String loss, String dataset) {
      this.model = Objects.requireNonNull(model, "model");
      this.loss = Objects.requireNonNull(loss, "loss");
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      LossRegistry.Recommended rec = LossRegistry.standard().entry(loss).recommended();
      this.optimizer = rec.optimizer();
      this.generatorLr = rec.generatorLr();
      this.discriminatorLr = rec.discriminatorLr();
      this.beta1 = rec.beta1();
      this.beta2 = rec.beta2();
      this.nCritic = rec.nCritic();
    }

    /** The data folder (the same path on every executor). */
    public Builder dataDir(String dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Image size for data sets that resize. */
    public Builder imageSize(int size) {
      this.imageSize = size;
      return this;
    }

    /** P, the number of workers. */
    public Builder workers(int p) {
      this.workers = p;
      return this;
    }

    /** b, each worker's batch. */
    public Builder batchPerWorker(int b) {
      this.batchPerWorker = b;
      return this;
    }

    /** K, steps between averagings. */
    public Builder localSteps(int k) {
      this.localSteps = k;
      return this;
    }

    /** The averaging mode. */
    public Builder mode(Mode m) {
      this.mode = m;
      return this;
    }

    /** How a global batch is split. */
    public Builder sharding(Sharding s) {
      this.sharding = s;
      return this;
    }

    /** One optimizer for both networks, with its learning rates and Adam betas. */
    public Builder optimizer(String name, double gLr, double dLr, double b1, double b2) {
      this.optimizer = name;
      this.generatorLr = gLr;
      this.discriminatorLr = dLr;
      this.beta1 = b1;
      this.beta2 = b2;
      return this;
    }

    /** Discriminator updates per step. */
    public Builder nCritic(int n) {
      this.nCritic = n;
      return this;
    }

    /** The seed. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** ND4J threads per task. */
    public Builder threadsPerTask(int t) {
      this.threadsPerTask = t;
      return this;
    }

    /** Validates and builds. */
    public DataParallelSettings build() {
      return new DataParallelSettings(
          model,
          loss,
          dataset,
          dataDir,
          imageSize,
          workers,
          batchPerWorker,
          localSteps,
          mode,
          sharding,
          optimizer,
          generatorLr,
          discriminatorLr,
          beta1,
          beta2,
          nCritic,
          seed,
          threadsPerTask);
    }
  }
}

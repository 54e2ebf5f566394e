package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tiny training runs for the tests of the packages below the command line (serve, report), written
 * the way {@code samegan train --dataset shapes} writes them: the same run folder ({@code
 * metrics.csv}, {@code samples/}, {@code checkpoints/last.ckpt}), the same checkpoint metadata, the
 * loss's recommended optimizer and the same seeds, but without going through {@code cli}.
 *
 * <pre>{@code
 * TestRuns.in(dir).model("mlp").steps(2).batch(8).train();
 * }</pre>
 */
public final class TestRuns {
  private static final long SEED = 42;

  private final Path out;
  private String model = "dcgan";
  private String loss = "minimax";
  private long steps = 1;
  private int batch = 64;
  private int sampleEvery = 100;
  private int checkpointEvery = 200;
  private int progressEvery = 10;
  private PrintStream log = new PrintStream(OutputStream.nullOutputStream());
  private final List<TrainingCallback> callbacks = new ArrayList<>();

  private TestRuns(Path out) {
    this.out = out;
  }

  /** A run written to {@code out}, with {@code samegan train}'s defaults. */
  public static TestRuns in(Path out) {
    return new TestRuns(out);
  }

  /** {@code --model}. */
  public TestRuns model(String name) {
    this.model = name;
    return this;
  }

  /** {@code --loss}. */
  public TestRuns loss(String name) {
    this.loss = name;
    return this;
  }

  /** {@code --steps}. */
  public TestRuns steps(long n) {
    this.steps = n;
    return this;
  }

  /** {@code --batch}. */
  public TestRuns batch(int n) {
    this.batch = n;
    return this;
  }

  /** {@code --sample-every}. */
  public TestRuns sampleEvery(int n) {
    this.sampleEvery = n;
    return this;
  }

  /** {@code --checkpoint-every}. */
  public TestRuns checkpointEvery(int n) {
    this.checkpointEvery = n;
    return this;
  }

  /** {@code --progress-every}. */
  public TestRuns progressEvery(int n) {
    this.progressEvery = n;
    return this;
  }

  /** Where progress lines and the callbacks' messages go (default: nowhere). */
  public TestRuns log(PrintStream stream) {
    this.log = stream;
    return this;
  }

  /** A callback beside the standard ones, e.g. the report's. */
  public TestRuns callback(TrainingCallback c) {
    callbacks.add(c);
    return this;
  }

  /** Trains on the embedded shapes set and returns the run folder. */
  public Path train() throws IOException {
    ImageDataset data = DataSets.load("shapes", null, 32);
    ImageShape shape = DataSets.shapeOf(data);
    RunConfig config =
        new RunConfig(
            "shapes",
            model,
            loss,
            shape,
            SEED,
            LossOptions.defaults(),
            ModelOptions.forTraining(model, "shapes", data.numClasses(), 0));
    LossRegistry.Recommended rec = LossRegistry.standard().entry(loss).recommended();
    Gan gan = config.buildGan();
    BatchIterator it = BatchIterator.builder(data, batch).seed(SEED).build();
    Files.createDirectories(out);
    GanTrainer.Builder b =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(
                Optimizer.parse(rec.optimizer(), rec.generatorLr(), rec.beta1(), rec.beta2()))
            .discriminatorOptimizer(
                Optimizer.parse(rec.optimizer(), rec.discriminatorLr(), rec.beta1(), rec.beta2()))
            .nCritic(rec.nCritic())
            .seed(SEED + 1)
            .metadata(config.toMetadata())
            .metadata(
                Map.of(
                    "batch",
                    Integer.toString(batch),
                    "optimizer",
                    rec.optimizer(),
                    "g_lr",
                    Double.toString(rec.generatorLr()),
                    "d_lr",
                    Double.toString(rec.discriminatorLr()),
                    "n_critic",
                    Integer.toString(rec.nCritic())))
            .callback(Callbacks.progress(log, progressEvery))
            .callback(Callbacks.csvLog(out.resolve("metrics.csv")))
            .callback(Callbacks.sampleGrid(out.resolve("samples"), sampleEvery, 64, SEED + 2))
            .callback(Callbacks.checkpoints(out.resolve("checkpoints"), checkpointEvery, 0));
    callbacks.forEach(b::callback);
    b.build().fit(steps);
    log.flush();
    return out;
  }
}

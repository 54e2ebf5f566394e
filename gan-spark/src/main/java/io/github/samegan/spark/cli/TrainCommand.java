package io.github.samegan.spark.cli;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.spark.DataParallelSettings;
import io.github.samegan.spark.DataParallelTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code samegan spark train}: data-parallel training of one GAN ({@link DataParallelTrainer}).
 *
 * <p>Writes {@code OUT/checkpoints/last.ckpt} (gan-core's checkpoint format, so {@code samegan
 * sample} and {@code evaluate} read it) and {@code OUT/metrics.csv} (one row per round) on the
 * driver's file system; {@code --resume} continues from the checkpoint exactly.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train one GAN data-parallel on Spark: P workers of batch b train K steps on their block of"
          + " each global batch, then parameters and optimizer state are averaged (treeAggregate).",
      "--mode sync averages the discriminator before every generator update (two rounds per step;"
          + " with --optimizer sgd exactly one worker with batch P*b)."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand SparkCli cli;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "dcgan",
      description = "Model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--loss",
      defaultValue = "minimax",
      description = "Loss (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--dataset", required = true, description = "Data set name, e.g. fashion-mnist.")
  String dataset;

  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "P, workers (Spark tasks per round) (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "b, batch per worker; a step reads P*b images (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--local-steps",
      defaultValue = "1",
      description = "K, steps per worker between averagings (default: ${DEFAULT-VALUE}).")
  int localSteps;

  @Option(
      names = "--mode",
      defaultValue = "local-steps",
      description = "local-steps or sync (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--optimizer",
      description = "adam, sgd or rmsprop (default: the loss's recommendation).")
  String optimizer;

  @Option(names = "--g-lr", description = "Generator learning rate (default: the loss's).")
  Double gLr;

  @Option(names = "--d-lr", description = "Discriminator learning rate (default: the loss's).")
  Double dLr;

  @Option(names = "--n-critic", description = "D updates per step (default: the loss's).")
  Integer nCritic;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads-per-task",
      defaultValue = "1",
      description = "ND4J threads per task (default: ${DEFAULT-VALUE}).")
  int threadsPerTask;

  @Option(names = "--steps", required = true, description = "Step to train to.")
  long steps;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "0",
      description = "Also write the checkpoint every N steps (0: only at the end).")
  long checkpointEvery;

  @Option(names = "--out", required = true, description = "Run folder on the driver.")
  Path out;

  @Option(names = "--resume", description = "Continue from OUT/checkpoints/last.ckpt.")
  boolean resume;

  @Override
  public Integer call() throws IOException {
    DataParallelSettings settings = settings();
    Path ckpt = out.resolve(Checkpoints.RUN_CHECKPOINT);
    if (resume && !Files.isRegularFile(ckpt)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--resume: no checkpoint at " + ckpt + "; drop --resume to start");
    }
    if (!resume && Files.exists(ckpt)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          ckpt + " exists; add --resume to continue that run or choose another --out");
    }
    DataParallelTrainer t =
        DataParallelTrainer.create(
            JavaSparkContext.fromSparkContext(cli.session().sparkContext()), settings);
    Files.createDirectories(ckpt.getParent());
    if (resume) {
      t.restore(ckpt);
    }
    PrintWriter console = cli.out();
    console.printf(
        Locale.ROOT,
        "%s + %s on %s: %d workers x batch %d, K = %d, %s; step %d of %d%n",
        settings.model(),
        settings.loss(),
        settings.dataset(),
        settings.workers(),
        settings.batchPerWorker(),
        settings.localSteps(),
        settings.mode(),
        t.currentStep(),
        steps);
    Path csv = out.resolve("metrics.csv");
    if (!Files.exists(csv)) {
      Files.writeString(csv, "step,d_loss,g_loss,images_seen,round_ms\n", StandardCharsets.UTF_8);
    }
    long[] nextSave = {nextMultiple(t.currentStep())};
    t.fit(
        steps,
        r -> {
          String row =
              String.format(
                  Locale.ROOT,
                  "%d,%.6f,%.6f,%d,%.1f%n",
                  r.step(),
                  r.dLoss(),
                  r.gLoss(),
                  t.imagesSeen(),
                  r.millis());
          console.printf(
              Locale.ROOT,
              "step %d  d_loss %.4f  g_loss %.4f  %.0f images/s%n",
              r.step(),
              r.dLoss(),
              r.gLoss(),
              r.images() / (r.millis() / 1e3));
          try {
            Files.writeString(csv, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            if (checkpointEvery > 0 && r.step() >= nextSave[0]) {
              t.saveCheckpoint(ckpt);
              nextSave[0] = nextMultiple(r.step());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    t.saveCheckpoint(ckpt);
    console.printf(Locale.ROOT, "step %d: checkpoint %s%n", t.currentStep(), ckpt);
    return 0;
  }

  private long nextMultiple(long step) {
    return checkpointEvery <= 0 ? Long.MAX_VALUE : (step / checkpointEvery + 1) * checkpointEvery;
  }

  private DataParallelSettings settings() {
    DataParallelSettings.Mode m =
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "local-steps" -> DataParallelSettings.Mode.LOCAL_STEPS;
          case "sync" -> DataParallelSettings.Mode.SYNC;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--mode must be local-steps or sync, found '" + mode + "'");
        };
    if (steps < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--steps must be at least 1, found " + steps);
    }
    try {
      DataParallelSettings.Builder b =
          DataParallelSettings.builder(model, loss, dataset)
              .dataDir(data.dataDir)
              .imageSize(data.imageSize)
              .workers(workers)
              .batchPerWorker(batch)
              .localSteps(localSteps)
              .mode(m)
              .seed(seed)
              .threadsPerTask(threadsPerTask);
      DataParallelSettings rec = b.build();
      b.optimizer(
          optimizer == null ? rec.optimizer() : optimizer,
          gLr == null ? rec.generatorLr() : gLr,
          dLr == null ? rec.discriminatorLr() : dLr,
          rec.beta1(),
          rec.beta2());
      if (nCritic != null) {
        b.nCritic(nCritic);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}

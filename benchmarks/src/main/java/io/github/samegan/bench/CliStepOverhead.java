package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the {@code samegan train} loop adds to the benchmark's step (issue 21: "the CLI step within
 * 5 % of the JMH step"), measured in one JVM with the two trainers' steps interleaved, so that both
 * see the same machine even when its speed drifts.
 *
 * <p>Trainer A is fed as {@code samegan train} feeds it: a {@link BatchIterator} over a registered
 * data set (shuffled, a new batch every step, cast to the graph's type), and after every step the
 * callbacks the CLI attaches by default: progress lines (to a null stream), the {@code metrics.csv}
 * log, sample grids and checkpoints (into a temporary folder). Trainer B is {@link
 * ModelStepBenchmark}'s: one fixed batch, no callbacks. Both are the same model and loss.
 *
 * <p>It prints the median wall time per step of each, the median of A's own {@link
 * StepStats#millis()} (what {@code metrics.csv} and the progress lines show), and the callbacks'
 * time per step, amortised: sample grids and checkpoints are written every {@code every} steps here
 * and the figure is scaled to the CLI's defaults (every 100 and 200 steps), since a short run would
 * otherwise never write one.
 *
 * <p>{@code benchmarks/run-main.sh io.github.samegan.bench.CliStepOverhead [steps=30] [batch=64]
 * [model=resnet-sngan-small] [dataset=shapes] [every=10]}.
 */
public final class CliStepOverhead {
  private static final int CLI_SAMPLE_EVERY = 100;
  private static final int CLI_CHECKPOINT_EVERY = 200;
  private static final int CLI_PROGRESS_EVERY = 10;

  private CliStepOverhead() {}

  private static GanTrainer.Builder trainer(String model, ImageShape shape, BatchSource source) {
    Architecture a = ModelRegistry.create(model, shape);
    Gan gan = Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).build();
    return GanTrainer.builder(gan, source).seed(2);
  }

  /** Entry point: {@code [steps=30] [batch=64] [model] [dataset=shapes] [every=10]}. */
  public static void main(String[] args) throws IOException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    String model = args.length > 2 ? args[2] : "resnet-sngan-small";
    String dataset = args.length > 3 ? args[3] : "shapes";
    int every = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    ImageDataset data = DatasetRegistry.standard().load(dataset, Path.of("data"), 32);
    ImageShape shape =
        new ImageShape(data.info().channels(), data.info().height(), data.info().width());
    BatchIterator it = BatchIterator.builder(data, batch).seed(1).build();
    Path out = Files.createTempDirectory("samegan-cli-overhead");
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    List<TrainingCallback> callbacks =
        List.of(
            Callbacks.progress(nowhere, CLI_PROGRESS_EVERY),
            Callbacks.csvLog(out.resolve("metrics.csv")),
            Callbacks.sampleGrid(out.resolve("samples"), every, 64, 3),
            Callbacks.checkpoints(out.resolve("checkpoints"), 2 * every, 0));
    GanTrainer a =
        trainer(model, shape, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .build();
    GanTrainer b = trainer(model, shape, new FixedBatch(shape, batch, 7)).build();
    for (int i = 0; i < 3; i++) {
      a.step();
      b.step();
    }
    for (TrainingCallback c : callbacks) {
      c.onStart(a, a.currentStep() + steps);
    }
    double[] wallA = new double[steps];
    double[] ownA = new double[steps];
    double[] wallB = new double[steps];
    long callbackNanos = 0;
    for (int i = 0; i < steps; i++) {
      boolean aFirst = i % 2 == 0;
      if (!aFirst) {
        wallB[i] = timed(b);
      }
      long t0 = System.nanoTime();
      StepStats s = a.step();
      long t1 = System.nanoTime();
      for (TrainingCallback c : callbacks) {
        c.onStep(a, s);
      }
      long t2 = System.nanoTime();
      wallA[i] = (t2 - t0) / 1e6;
      ownA[i] = s.millis();
      callbackNanos += t2 - t1;
      if (aFirst) {
        wallB[i] = timed(b);
      }
    }
    for (TrainingCallback c : callbacks) {
      c.onEnd(a);
    }
    double callbacksPerStep = callbackNanos / 1e6 / steps;
    // grids and checkpoints were written CLI_SAMPLE_EVERY / every and CLI_CHECKPOINT_EVERY /
    // (2 every) times as often as the CLI writes them: scale their share down (an upper bound,
    // since the csv and progress share is scaled too)
    double scaled = callbacksPerStep * (double) every / CLI_SAMPLE_EVERY;
    double mA = median(wallA);
    double mB = median(wallB);
    double mOwn = median(ownA);
    System.out.printf(
        Locale.ROOT,
        "%s, batch %d, %s, %d interleaved steps each%n"
            + "B (benchmark: fixed batch, no callbacks): median %.1f ms/step%n"
            + "A (as samegan train): median %.1f ms/step wall, median %.1f ms/step as logged in"
            + " metrics.csv%n"
            + "A's callbacks: %.2f ms/step with grids every %d and checkpoints every %d steps;"
            + " at the CLI's defaults (%d, %d) at most %.2f ms/step%n"
            + "A/B: %.3f as logged, %.3f with the callbacks at the CLI's defaults, %.3f wall here%n",
        model,
        batch,
        dataset,
        steps,
        mB,
        mA,
        mOwn,
        callbacksPerStep,
        every,
        2 * every,
        CLI_SAMPLE_EVERY,
        CLI_CHECKPOINT_EVERY,
        scaled,
        mOwn / mB,
        (mOwn + scaled) / mB,
        mA / mB);
    deleteTree(out);
  }

  private static double timed(GanTrainer t) {
    long t0 = System.nanoTime();
    t.step();
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}

package io.github.samegan.spark;

import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.FrechetDistance;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The data-parallel figures of docs/scale.md (not a test: it trains for minutes and times things).
 * An MLP GAN (minimax, Adam 2e-4) on Fashion-MNIST: one trainer with batch 64 against 2 workers of
 * batch 32 averaging every K steps on {@code local[2]}, FD (4×4-pooled pixel features, {@link
 * PooledPixels}) at equal images seen; then images/s of 1 and 2 workers of batch 32. Run with the
 * test class path and Spark's Java 17 flags:
 *
 * <pre>
 * java $FLAGS -cp ... io.github.samegan.spark.DataParallelMeasurement 1000 8 2000 data 1 20
 * </pre>
 *
 * Arguments: steps, K, images per FD set, data folder (Debian's copy is found without one), seed,
 * rounds per images/s figure (0: skip that part).
 */
public final class DataParallelMeasurement {
  private DataParallelMeasurement() {}

  public static void main(String[] args) {
    long steps = args.length > 0 ? Long.parseLong(args[0]) : 1200;
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    String dataDir = args.length > 3 ? args[3] : "data";
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("dp-measurement")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DataParallelSettings.Builder base =
        DataParallelSettings.builder("mlp", "minimax", "fashion-mnist").dataDir(dataDir).seed(seed);
    ImageDataset data = DatasetRegistry.standard().load("fashion-mnist", Path.of(dataDir), 32);
    PooledPixels fx = new PooledPixels(data.info().channels(), data.info().height());
    FeatureStatistics real =
        DistributedEvaluation.datasetSums(data, fx, 0, n, 100).toStatistics("fmnist", "first");
    long[] at = {0, steps / 4 / k * k, steps / 2 / k * k, steps / k * k};

    System.out.printf(
        Locale.ROOT,
        "seed %d: FD (%s, %d vs %d training images) at equal images seen%n",
        seed,
        fx.description(),
        n,
        n);
    Replica one = Replica.build(base.workers(1).batchPerWorker(64).build());
    long t0 = System.nanoTime();
    double trainMs = 0;
    for (long target : at) {
      long s0 = System.nanoTime();
      while (one.trainer.currentStep() < target) {
        one.trainer.step();
      }
      trainMs += (System.nanoTime() - s0) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "one worker, batch 64       step %5d  images %7d  FD %.4f%n",
          target,
          target * 64,
          fd(one.gan, fx, real, n));
    }
    System.out.printf(Locale.ROOT, "  (training %.1f s)%n", trainMs / 1e3);

    DataParallelTrainer dp =
        DataParallelTrainer.create(jsc, base.workers(2).batchPerWorker(32).localSteps(k).build());
    trainMs = 0;
    for (long target : at) {
      long s0 = System.nanoTime();
      dp.fit(target, r -> {});
      trainMs += (System.nanoTime() - s0) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "2 workers x 32, K=%-3d      step %5d  images %7d  FD %.4f%n",
          k,
          target,
          dp.imagesSeen(),
          fd(dp.gan(), fx, real, n));
    }
    System.out.printf(
        Locale.ROOT,
        "  (training %.1f s; state %d floats per broadcast and per worker result)%n",
        trainMs / 1e3,
        dp.round().stateScalars());

    System.out.println("images/s (batch 32 per worker, K=" + k + ", after the runs above)");
    for (int p : rounds > 0 ? new int[] {1, 2, 1, 2} : new int[0]) {
      DataParallelTrainer t =
          DataParallelTrainer.create(jsc, base.workers(p).batchPerWorker(32).localSteps(k).build());
      t.round(); // builds the replicas on the executor
      long images = 0;
      double ms = 0;
      for (int r = 0; r < rounds; r++) {
        DataParallelTrainer.RoundStats s = t.round();
        images += s.images();
        ms += s.millis();
      }
      System.out.printf(
          Locale.ROOT,
          "%d worker(s): %.0f images/s (%.0f ms per round of %d steps)%n",
          p,
          images / (ms / 1e3),
          ms / rounds,
          k);
    }
    System.out.printf(Locale.ROOT, "total %.0f s%n", (System.nanoTime() - t0) / 1e9);
    spark.stop();
  }

  private static double fd(Gan gan, PooledPixels fx, FeatureStatistics real, int n) {
    FeatureStatistics fake =
        DistributedEvaluation.generatedSums(gan, fx, 99, 0, n, 100)
            .toStatistics("generated", "seed=99");
    return FrechetDistance.compute(real, fake);
  }
}

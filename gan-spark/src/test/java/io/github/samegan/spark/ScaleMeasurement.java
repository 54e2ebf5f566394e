package io.github.samegan.spark;

import io.github.samegan.core.ImageShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The figures of docs/scale.md, "Measured on this machine" (not a test: it times things). Run with
 * the test classpath and Spark's Java 17 flags:
 *
 * <pre>
 * java $FLAGS -cp ... io.github.samegan.spark.ScaleMeasurement local[1] 4 40 2000
 * </pre>
 *
 * Arguments: master, sweep settings (0: no sweep), steps per setting, evaluation images. Prints one
 * line each for the sweep and the evaluation (a warm-up of each runs first and is not counted).
 */
public final class ScaleMeasurement {
  private ScaleMeasurement() {}

  public static void main(String[] args) throws Exception {
    String master = args[0];
    int settings = Integer.parseInt(args[1]);
    long steps = Long.parseLong(args[2]);
    long images = Long.parseLong(args[3]);
    int cores = Integer.parseInt(master.replaceAll("[^0-9]", ""));
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("scale")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    Path tmp = Files.createTempDirectory("samegan-scale-");
    SweepOptions opts = SweepOptions.defaults().withDataDir(tmp.toString());
    // Warm-up: one short run per core (native libraries, JIT, the shapes set).
    // (also before an evaluation-only measurement: it loads the same native code)
    long[] warmSeeds = new long[cores];
    for (int i = 0; i < cores; i++) {
      warmSeeds[i] = 1000 + i;
    }
    SparkSweep.results(
        spark,
        SweepSpec.grid()
            .models("mlp")
            .losses("minimax")
            .datasets("shapes")
            .seeds(warmSeeds)
            .steps(2)
            .batchSize(64)
            .build(),
        new RunStore(tmp.resolve("warm").toString(), spark.sparkContext().hadoopConfiguration()),
        opts);
    if (settings > 0) {
      sweep(spark, opts, tmp, master, settings, steps);
    }
    evaluation(spark, master, cores, images);
    spark.stop();
  }

  private static void sweep(
      SparkSession spark, SweepOptions opts, Path tmp, String master, int settings, long steps) {
    long[] seeds = new long[settings];
    for (int i = 0; i < settings; i++) {
      seeds[i] = i + 1;
    }
    SweepSpec spec =
        SweepSpec.grid()
            .models("mlp")
            .losses("minimax")
            .datasets("shapes")
            .seeds(seeds)
            .steps(steps)
            .batchSize(64)
            .build();
    long t0 = System.nanoTime();
    var rows =
        SparkSweep.results(
            spark,
            spec,
            new RunStore(
                tmp.resolve("sweep").toString(), spark.sparkContext().hadoopConfiguration()),
            opts);
    double sweepS = (System.nanoTime() - t0) / 1e9;
    double msPerStep =
        rows.stream().mapToDouble(SweepResult::msPerStep).average().orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "%s sweep: %d runs x %d steps in %.1f s = %.2f runs/min (mean %.1f ms/step inside a run)%n",
        master,
        settings,
        steps,
        sweepS,
        settings * 60 / sweepS,
        msPerStep);
  }

  private static void evaluation(SparkSession spark, String master, int cores, long images) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    GanSpec gan = GanSpec.seeded("dcgan", "minimax", ImageShape.rgb(32), 1);
    var settingsEval = new DistributedEvaluation.Settings(cores * 2, 100, 1);
    DistributedEvaluation.generatedStatistics(
        jsc, gan, ProjectionFeatures.factory(), cores * 200L, 99, settingsEval); // warm-up
    long t1 = System.nanoTime();
    var stats =
        DistributedEvaluation.generatedStatistics(
            jsc, gan, ProjectionFeatures.factory(), images, 1, settingsEval);
    double evalS = (System.nanoTime() - t1) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s evaluation: %d dcgan images in %.1f s = %.1f images/s (%d partitions)%n",
        master,
        stats.count(),
        evalS,
        images / evalS,
        settingsEval.partitions());
  }
}

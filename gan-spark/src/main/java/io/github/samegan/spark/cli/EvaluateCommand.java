package io.github.samegan.spark.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.eval.metrics.FrechetDistance;
import io.github.samegan.eval.metrics.KernelInceptionDistance;
import io.github.samegan.eval.metrics.PrecisionRecall;
import io.github.samegan.spark.DistributedEvaluation;
import io.github.samegan.spark.DistributedMetrics;
import io.github.samegan.spark.GanSpec;
import io.github.samegan.spark.SharedFileFeatures;
import io.github.samegan.spark.TableFiles;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code samegan spark evaluate}: FD, KID and precision/recall of one GAN against a data set, the
 * features computed across the tasks.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "FD, KID and precision/recall of a GAN's images against a data set, the images and"
            + " features made across Spark tasks; one row to OUTPUT/metrics.parquet and .csv.")
final class EvaluateCommand implements Callable<Integer> {
  /** Columns of the metrics table. */
  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("real", DataTypes.StringType, false),
            DataTypes.createStructField("generated", DataTypes.StringType, false),
            DataTypes.createStructField("features", DataTypes.StringType, false),
            DataTypes.createStructField("n_real", DataTypes.IntegerType, false),
            DataTypes.createStructField("n_generated", DataTypes.IntegerType, false),
            DataTypes.createStructField("fd", DataTypes.DoubleType, false),
            DataTypes.createStructField("kid_mean", DataTypes.DoubleType, false),
            DataTypes.createStructField("kid_std", DataTypes.DoubleType, false),
            DataTypes.createStructField("precision", DataTypes.DoubleType, false),
            DataTypes.createStructField("recall", DataTypes.DoubleType, false)
          });

  private static final Set<String> METRICS = Set.of("fd", "kid", "pr");

  @ParentCommand SparkCli cli;

  @Mixin GanOptions gan = new GanOptions();

  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--output", required = true, paramLabel = "URI", description = "Output folder.")
  String output;

  @Option(
      names = "--real",
      required = true,
      paramLabel = "DATASET",
      description = "The real data set's registry name, loadable on every executor.")
  String real;

  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--channels",
      defaultValue = "3",
      description = "Image channels of the data set and GAN (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(
      names = "--features",
      required = true,
      paramLabel = "URI",
      description = "Feature network: a classifier .zip (samegan classifier) or Inception's .pb.")
  String features;

  @Option(
      names = {"-n", "--count"},
      defaultValue = "10000",
      description = "Images per set (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", defaultValue = "1", description = "Latent seed (default: 1).")
  long seed;

  @Option(
      names = "--metrics",
      split = ",",
      defaultValue = "fd,kid,pr",
      description = "Which of fd, kid, pr (default: ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Option(names = "--kid-subsets", defaultValue = "100", description = "Default: 100.")
  int kidSubsets;

  @Option(
      names = "--kid-subset-size",
      defaultValue = "1000",
      description = "Rows per KID subset, at most --count (default: 1000).")
  int kidSubsetSize;

  @Option(names = "--nearest-k", defaultValue = "3", description = "k of the k-NN radii (3).")
  int nearestK;

  @Override
  public Integer call() {
    Set<String> which = new TreeSet<>(metrics);
    if (!METRICS.containsAll(which)) {
      throw new IllegalArgumentException("--metrics takes fd, kid, pr; found " + metrics);
    }
    if (count < 2) {
      throw new IllegalArgumentException("--count must be at least 2, found " + count);
    }
    SparkSession spark = cli.session();
    Map<String, GanSpec> gans =
        gan.gans(spark, new ImageShape(channels, data.imageSize, data.imageSize));
    if (gans.size() != 1) {
      throw new IllegalArgumentException(
          "evaluate takes exactly one GAN (--run ID or --seeded MODEL:LOSS:SEED), found "
              + gans.size());
    }
    Map.Entry<String, GanSpec> g = gans.entrySet().iterator().next();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DistributedEvaluation.Settings settings = job.settings(spark);
    SharedFileFeatures fx = SharedFileFeatures.at(features, jsc.hadoopConfiguration());
    double[][] realFeatures =
        DistributedEvaluation.datasetFeatures(
            jsc, real, data.dataDir, data.imageSize, fx, count, settings);
    double[][] fakeFeatures =
        DistributedEvaluation.generatedFeatures(jsc, g.getValue(), fx, count, seed, settings);
    double fd = Double.NaN;
    KernelInceptionDistance.Result kid = null;
    PrecisionRecall pr = null;
    if (which.contains("fd")) {
      fd = FrechetDistance.compute(realFeatures, fakeFeatures);
    }
    if (which.contains("kid")) {
      int m = Math.min(kidSubsetSize, Math.min(realFeatures.length, fakeFeatures.length));
      kid =
          DistributedMetrics.kernelInceptionDistance(
              jsc,
              realFeatures,
              fakeFeatures,
              new KernelInceptionDistance(kidSubsets, m, seed),
              settings.partitions());
    }
    if (which.contains("pr")) {
      pr =
          DistributedMetrics.precisionRecall(
              jsc, realFeatures, fakeFeatures, nearestK, settings.partitions());
    }
    Row row =
        RowFactory.create(
            real,
            g.getKey(),
            features,
            realFeatures.length,
            fakeFeatures.length,
            fd,
            kid == null ? Double.NaN : kid.mean(),
            kid == null ? Double.NaN : kid.std(),
            pr == null ? Double.NaN : pr.precision(),
            pr == null ? Double.NaN : pr.recall());
    TableFiles.write(spark.createDataFrame(List.of(row), SCHEMA), spark, output, "metrics");
    cli.out()
        .printf(
            Locale.ROOT,
            "%s vs %s (%d real, %d generated): FD %.4f  KID %.5f ± %.5f  precision %.4f"
                + "  recall %.4f%n",
            g.getKey(),
            real,
            realFeatures.length,
            fakeFeatures.length,
            fd,
            row.getDouble(6),
            row.getDouble(7),
            row.getDouble(8),
            row.getDouble(9));
    return 0;
  }
}

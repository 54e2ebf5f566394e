package io.github.samegan.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a {@link SweepSpec} on Spark: one training per task ({@link SweepRunner} on the executor),
 * each writing its run folder under {@code output/runs/<id>/}, and the rows as a DataFrame written
 * to {@code output/results.parquet} and {@code output/results.csv} (one CSV file with a header, in
 * that folder).
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[2]").appName("sweep").getOrCreate();
 * Dataset<Row> rows = SparkSweep.run(spark, spec, "hdfs:///user/me/sweep1", SweepOptions.defaults());
 * rows.orderBy("fd").show();
 * }</pre>
 *
 * <p>Rerunning the same spec into the same output skips finished runs (their rows come back with
 * status {@code skipped} and their recorded figures), resumes runs that left a checkpoint, and
 * retries failed ones.
 */
public final class SparkSweep {

  /** The columns of the result rows, in order. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("model", DataTypes.StringType, false),
            DataTypes.createStructField("loss", DataTypes.StringType, false),
            DataTypes.createStructField("dataset", DataTypes.StringType, false),
            DataTypes.createStructField("g_lr", DataTypes.DoubleType, false),
            DataTypes.createStructField("d_lr", DataTypes.DoubleType, false),
            DataTypes.createStructField("n_critic", DataTypes.IntegerType, false),
            DataTypes.createStructField("seed", DataTypes.LongType, false),
            DataTypes.createStructField("steps", DataTypes.LongType, false),
            DataTypes.createStructField("batch", DataTypes.IntegerType, false),
            DataTypes.createStructField("augment", DataTypes.StringType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("error", DataTypes.StringType, true),
            DataTypes.createStructField("steps_done", DataTypes.LongType, false),
            DataTypes.createStructField("d_loss", DataTypes.DoubleType, false),
            DataTypes.createStructField("g_loss", DataTypes.DoubleType, false),
            DataTypes.createStructField("ms_per_step", DataTypes.DoubleType, false),
            DataTypes.createStructField("fd", DataTypes.DoubleType, true),
            DataTypes.createStructField("kid", DataTypes.DoubleType, true),
            DataTypes.createStructField("detection_rate", DataTypes.DoubleType, true),
            DataTypes.createStructField("run_dir", DataTypes.StringType, false)
          });

  private SparkSweep() {}

  /** The folder of a run under the output, {@code runs/<id>}. */
  public static String runFolder(String runId) {
    return "runs/" + runId;
  }

  /**
   * Runs the sweep and writes its rows.
   *
   * @param spark the session (its master decides where the tasks run)
   * @param spec the trainings
   * @param output the shared output folder (URI, or a local path taken as {@code file://})
   * @param options how each training runs
   * @return the rows (one per setting, in the spec's order), as written to Parquet and CSV
   */
  public static Dataset<Row> run(
      SparkSession spark, SweepSpec spec, String output, SweepOptions options) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    RunStore store = new RunStore(output, spark.sparkContext().hadoopConfiguration());
    List<SweepResult> results = results(spark, spec, store, options);
    List<Row> rows = new ArrayList<>();
    for (SweepResult r : results) {
      rows.add(row(r));
    }
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    TableFiles.write(df, store, "results");
    return df;
  }

  /** Runs the trainings (one per task) and collects their rows, without writing tables. */
  public static List<SweepResult> results(
      SparkSession spark, SweepSpec spec, RunStore store, SweepOptions options) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<SweepSetting> settings = jsc.parallelize(spec.settings(), spec.size());
    return settings.map(s -> SweepRunner.run(s, options, store)).collect();
  }

  private static Row row(SweepResult r) {
    SweepSetting s = r.setting();
    return RowFactory.create(
        s.id(),
        s.model(),
        s.loss(),
        s.dataset(),
        s.generatorLr(),
        s.discriminatorLr(),
        s.nCritic(),
        s.seed(),
        s.steps(),
        s.batchSize(),
        s.augment(),
        r.status(),
        r.error(),
        r.stepsDone(),
        r.dLoss(),
        r.gLoss(),
        r.msPerStep(),
        r.fd(),
        r.kid(),
        r.detectionRate(),
        r.runDir());
  }
}

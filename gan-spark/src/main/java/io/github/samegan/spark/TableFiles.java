package io.github.samegan.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes the small result tables of gan-spark's jobs as Parquet and CSV. */
public final class TableFiles {
  private TableFiles() {}

  /**
   * Writes a small table as {@code NAME.parquet} and {@code NAME.csv} under the store (each a
   * folder with one part file; the CSV with a header), replacing earlier ones.
   */
  public static void write(Dataset<Row> df, RunStore store, String name) {
    df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(store.uri(name + ".parquet"));
    df.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .csv(store.uri(name + ".csv"));
  }

  /** As {@link #write(Dataset, RunStore, String)} under an output URI or path. */
  public static void write(Dataset<Row> df, SparkSession spark, String output, String name) {
    write(df, new RunStore(output, spark.sparkContext().hadoopConfiguration()), name);
  }
}

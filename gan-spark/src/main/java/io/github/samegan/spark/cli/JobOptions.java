package io.github.samegan.spark.cli;

import io.github.samegan.spark.DistributedEvaluation;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** How a job splits its work: partitions, batch size, threads per task. */
final class JobOptions {
  @Option(
      names = "--partitions",
      description = "Tasks to split the work into (default: Spark's default parallelism).")
  int partitions;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description = "Images per batch inside a task (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--threads-per-task",
      defaultValue = "1",
      description = "ND4J threads per task; match spark.task.cpus (default: ${DEFAULT-VALUE}).")
  int threads;

  DistributedEvaluation.Settings settings(SparkSession spark) {
    int p = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
    return new DistributedEvaluation.Settings(p, batch, threads);
  }
}

package io.github.samegan.spark;

import org.apache.spark.sql.SparkSession;

/** One small local[2] session for a test class (no UI, few shuffle partitions). */
final class SparkTestSession {
  private SparkTestSession() {}

  static SparkSession start(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}

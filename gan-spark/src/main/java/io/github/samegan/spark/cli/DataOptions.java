package io.github.samegan.spark.cli;

import picocli.CommandLine.Option;

/** Where executors find a registry data set, and the image size for sets that resize. */
final class DataOptions {
  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Data folder, the same path on every executor (default: ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(
      names = "--image-size",
      defaultValue = "32",
      description = "Image size for data sets that resize (default: ${DEFAULT-VALUE}).")
  int imageSize;
}

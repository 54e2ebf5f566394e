package io.github.samegan.spark.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.spark.GanSpec;
import io.github.samegan.spark.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Which GANs generate images: sweep runs (trained) or seeded, untrained models. */
final class GanOptions {
  @Option(
      names = "--run",
      paramLabel = "ID",
      description = "A sweep run (its checkpoints/last.ckpt) under --sweep-output; repeatable.")
  List<String> runs = new ArrayList<>();

  @Option(
      names = "--sweep-output",
      paramLabel = "URI",
      description = "The sweep's output folder that holds the --run folders.")
  String sweepOutput;

  @Option(
      names = "--seeded",
      paramLabel = "MODEL:LOSS:SEED",
      description = "An untrained GAN with seeded weights (a baseline); repeatable.")
  List<String> seeded = new ArrayList<>();

  /**
   * The GANs by name (a run's id, or the {@code --seeded} spec), in the order given.
   *
   * @throws IllegalArgumentException for a {@code --run} without {@code --sweep-output} or a
   *     malformed {@code --seeded}
   */
  Map<String, GanSpec> gans(SparkSession spark, ImageShape shape) {
    Map<String, GanSpec> out = new LinkedHashMap<>();
    if (!runs.isEmpty()) {
      if (sweepOutput == null) {
        throw new IllegalArgumentException(
            "--run needs --sweep-output, the sweep's output folder that holds runs/" + runs.get(0));
      }
      RunStore store = new RunStore(sweepOutput, spark.sparkContext().hadoopConfiguration());
      for (String id : runs) {
        try {
          out.put(id, GanSpec.ofSweepRun(store, id, shape));
        } catch (IOException e) {
          throw new UncheckedIOException(
              "could not read run " + id + " under " + store.root() + " (check the run id)", e);
        }
      }
    }
    for (String s : seeded) {
      String[] p = s.split(":");
      if (p.length != 3) {
        throw new IllegalArgumentException(
            "--seeded takes MODEL:LOSS:SEED, e.g. dcgan:hinge:1, found '" + s + "'");
      }
      long seed;
      try {
        seed = Long.parseLong(p[2].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--seeded " + s + ": the seed must be a whole number, found '" + p[2] + "'", e);
      }
      out.put(s, GanSpec.seeded(p[0].strip(), p[1].strip(), shape, seed));
    }
    return out;
  }
}

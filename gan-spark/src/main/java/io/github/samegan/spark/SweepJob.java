package io.github.samegan.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A {@code spark-submit} entry point for sweeps: the grid and options as flags, the master and
 * resources from {@code spark-submit}, so a cluster run needs no code ({@code $JARS}: the job's
 * jars, as docs/scale.md collects them).
 *
 * <pre>
 * spark-submit --class io.github.samegan.spark.SweepJob --master local[2] --jars "$JARS" \
 *   gan-spark/target/gan-spark-0.1.0-SNAPSHOT.jar \
 *   --output file:///tmp/sweep --models mlp --losses minimax,hinge --datasets shapes \
 *   --seeds 1,2 --augments 'none;hflip,crop:4' --steps 200 --batch 64
 * </pre>
 *
 * <p>Flags (lists are comma-separated): {@code --output} (required), {@code --models}, {@code
 * --losses}, {@code --datasets} (required), {@code --g-lr}, {@code --d-lr}, {@code --n-critic}
 * (default: each loss's recommendation), {@code --seeds} (1), {@code --augments} (none; gan-data
 * augmentation specs separated by {@code ;}, since a spec's own operations are separated by
 * commas), {@code --steps} (1000), {@code --batch} (64), {@code --data-dir} (data), {@code
 * --image-size} (32), {@code --threads-per-task} (1), {@code --checkpoint-every} (0: only at the
 * end), {@code --detector} (a saved detector's {@code .zip} or folder URI: detection rate at the
 * end) with {@code --detect-samples} (1000).
 */
public final class SweepJob {
  private static final Set<String> FLAGS =
      Set.of(
          "--output",
          "--models",
          "--losses",
          "--datasets",
          "--g-lr",
          "--d-lr",
          "--n-critic",
          "--seeds",
          "--augments",
          "--detector",
          "--detect-samples",
          "--steps",
          "--batch",
          "--data-dir",
          "--image-size",
          "--threads-per-task",
          "--checkpoint-every");

  private SweepJob() {}

  /** Runs the sweep in the active (or a new) session; see the class comment for the flags. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("samegan-sweep").getOrCreate();
    Dataset<Row> rows = run(spark, args);
    rows.select(
            "id",
            "status",
            "steps_done",
            "d_loss",
            "g_loss",
            "ms_per_step",
            "fd",
            "kid",
            "detection_rate",
            "error")
        .show(1000, false);
  }

  /**
   * Parses the flags and runs the sweep.
   *
   * @throws IllegalArgumentException for an unknown flag, a flag without a value, a missing
   *     required flag or a malformed number, naming it
   */
  public static Dataset<Row> run(SparkSession spark, String[] args) {
    Map<String, String> f = parse(args);
    SweepSpec.Grid g =
        SweepSpec.grid()
            .models(list(f, "--models"))
            .losses(list(f, "--losses"))
            .datasets(list(f, "--datasets"))
            .generatorLrs(doubles(f, "--g-lr"))
            .discriminatorLrs(doubles(f, "--d-lr"))
            .nCritics(ints(f, "--n-critic"))
            .seeds(f.containsKey("--seeds") ? longs(f, "--seeds") : new long[] {1})
            .augments(augments(f))
            .steps(whole(f, "--steps", 1000))
            .batchSize(Math.toIntExact(whole(f, "--batch", 64)));
    SweepOptions o =
        SweepOptions.defaults()
            .withDataDir(f.getOrDefault("--data-dir", "data"))
            .withImageSize(Math.toIntExact(whole(f, "--image-size", 32)))
            .withThreadsPerTask(Math.toIntExact(whole(f, "--threads-per-task", 1)))
            .withCheckpointEvery(whole(f, "--checkpoint-every", 0));
    if (f.containsKey("--detector")) {
      o =
          o.withDetector(
              DetectorSpec.at(f.get("--detector"), spark.sparkContext().hadoopConfiguration()),
              Math.toIntExact(whole(f, "--detect-samples", 1000)));
    } else if (f.containsKey("--detect-samples")) {
      throw new IllegalArgumentException("--detect-samples needs --detector URI");
    }
    String output = f.get("--output");
    if (output == null) {
      throw new IllegalArgumentException("--output is required: the shared output folder URI");
    }
    return SparkSweep.run(spark, g.build(), output, o);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException(
            "unknown flag '"
                + flag
                + "'; known: "
                + String.join(", ", new java.util.TreeSet<>(FLAGS)));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      m.put(flag, args[++i]);
    }
    return m;
  }

  private static String[] list(Map<String, String> f, String flag) {
    String v = f.get(flag);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(flag + " is required (comma-separated names)");
    }
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out.toArray(String[]::new);
  }

  /** {@code --augments}: specs separated by ';' (a spec separates its operations by commas). */
  private static String[] augments(Map<String, String> f) {
    String v = f.get("--augments");
    if (v == null) {
      return new String[] {SweepSetting.NO_AUGMENT};
    }
    List<String> out = new ArrayList<>();
    for (String s : v.split(";")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "--augments needs at least one spec (';'-separated, e.g. 'none;hflip,crop:4')");
    }
    return out.toArray(String[]::new);
  }

  private static long whole(Map<String, String> f, String flag, long dflt) {
    String v = f.get(flag);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, found '" + v + "'", e);
    }
  }

  private static String number(Map<String, String> f, String flag, String dflt) {
    String v = f.getOrDefault(flag, dflt).strip();
    try {
      Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, found '" + v + "'", e);
    }
    return v;
  }

  private static double[] doubles(Map<String, String> f, String flag) {
    if (!f.containsKey(flag)) {
      return new double[0];
    }
    String[] parts = list(f, flag);
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(number(Map.of(flag, parts[i]), flag, "0"));
    }
    return out;
  }

  private static int[] ints(Map<String, String> f, String flag) {
    double[] d = doubles(f, flag);
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (int) d[i];
      if (out[i] != d[i]) {
        throw new IllegalArgumentException(flag + " must be whole numbers, found " + d[i]);
      }
    }
    return out;
  }

  private static long[] longs(Map<String, String> f, String flag) {
    double[] d = doubles(f, flag);
    long[] out = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (long) d[i];
      if (out[i] != d[i]) {
        throw new IllegalArgumentException(flag + " must be whole numbers, found " + d[i]);
      }
    }
    return out;
  }
}

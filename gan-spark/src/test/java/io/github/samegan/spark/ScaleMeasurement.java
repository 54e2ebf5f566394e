package io.github.samegan.spark;

import io.github.samegan.core.ImageShape;
import io.github.samegan.detect.DetectorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The scaling figures of docs/scale.md (not a test: it times things). {@code
 * gan-spark/measure-scale.sh} builds the test class path and runs it with Spark's Java 17 flags and
 * {@code OMP_NUM_THREADS=1}; every task uses one ND4J thread, so {@code local[1]} is one executor
 * core and {@code local[2]} two.
 *
 * <p>Flags (defaults in brackets): {@code --masters} [local[1],local[2]], {@code --repeats} [2],
 * {@code --sweep-settings} [4] (0: no sweep), {@code --steps} [100], {@code --images} [12000]
 * (evaluation; 0: none), {@code --score-images} [4000] (detector scoring; 0: none).
 *
 * <p>Each repetition runs every master in turn, each in a fresh Spark session after a warm-up
 * (native libraries, JIT, one short run per core) that is not counted: sweep throughput (runs/min
 * of 64-image-batch MLP trainings on shapes), evaluation throughput (DCGAN images generated and
 * featurised per second, moments merged) and scoring throughput (DCGAN images generated and scored
 * by a tiny detector per second). It prints one line per measurement, then the medians per master
 * and the ratio of the last master's to the first's.
 */
public final class ScaleMeasurement {
  private ScaleMeasurement() {}

  /** One timed figure. */
  private record Figure(String what, String master, double seconds, double perSecond) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("--masters", "local[1],local[2]");
    o.put("--repeats", "2");
    o.put("--sweep-settings", "4");
    o.put("--steps", "100");
    o.put("--images", "12000");
    o.put("--score-images", "4000");
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!o.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown flag " + args[i] + "; known: " + o.keySet());
      }
      o.put(args[i], args[i + 1]);
    }
    String[] masters = o.get("--masters").split(",");
    int repeats = Integer.parseInt(o.get("--repeats"));
    Path tmp = Files.createTempDirectory("samegan-scale-");
    GanSpec dcgan = GanSpec.seeded("dcgan", "minimax", ImageShape.rgb(32), 1);
    DetectorSpec detector = null;
    if (Long.parseLong(o.get("--score-images")) > 0) {
      Path file = tmp.resolve("detector").resolve(DetectorFiles.FILE_NAME);
      DetectorFiles.save(file, TestNetworks.tinyDetector(dcgan));
      detector = DetectorSpec.at(file.toString(), new org.apache.hadoop.conf.Configuration());
    }
    List<Figure> all = new ArrayList<>();
    for (int r = 1; r <= repeats; r++) {
      for (String master : masters) {
        all.addAll(
            measure(
                master,
                o,
                tmp.resolve("r" + r + "-" + master.replaceAll("\\W", "")),
                dcgan,
                detector));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nmedians over %d repetitions (check the load averages above: a busy machine understates the ratios)%n",
        repeats);
    for (String what : all.stream().map(Figure::what).distinct().toList()) {
      double first = Double.NaN;
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-11s", what));
      for (String master : masters) {
        double[] v =
            all.stream()
                .filter(f -> f.what().equals(what) && f.master().equals(master))
                .mapToDouble(Figure::perSecond)
                .sorted()
                .toArray();
        double median =
            v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        if (Double.isNaN(first)) {
          first = median;
        }
        line.append(String.format(Locale.ROOT, "  %s %.3f/s", master, median));
        if (master.equals(masters[masters.length - 1]) && masters.length > 1) {
          line.append(String.format(Locale.ROOT, "  ratio %.2fx", median / first));
        }
      }
      System.out.println(line);
    }
  }

  private static List<Figure> measure(
      String master, Map<String, String> o, Path tmp, GanSpec dcgan, DetectorSpec detector)
      throws Exception {
    int cores = Integer.parseInt(master.replaceAll("[^0-9]", ""));
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("scale")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    List<Figure> out = new ArrayList<>();
    try {
      Files.createDirectories(tmp);
      SweepOptions opts = SweepOptions.defaults().withDataDir(tmp.toString());
      // Warm-up: one short run per core (native libraries, JIT, the shapes set).
      SparkSweep.results(
          spark,
          grid(cores, 1000, 2),
          new RunStore(tmp.resolve("warm").toString(), spark.sparkContext().hadoopConfiguration()),
          opts);
      int settings = Integer.parseInt(o.get("--sweep-settings"));
      if (settings > 0) {
        out.add(sweep(spark, opts, tmp, master, settings, Long.parseLong(o.get("--steps"))));
      }
      long images = Long.parseLong(o.get("--images"));
      if (images > 0) {
        out.add(evaluation(spark, master, cores, images, dcgan));
      }
      long scored = Long.parseLong(o.get("--score-images"));
      if (scored > 0) {
        out.add(scoring(spark, master, cores, scored, dcgan, detector));
      }
    } finally {
      spark.stop();
    }
    return out;
  }

  private static SweepSpec grid(int settings, long firstSeed, long steps) {
    long[] seeds = new long[settings];
    for (int i = 0; i < settings; i++) {
      seeds[i] = firstSeed + i;
    }
    return SweepSpec.grid()
        .models("mlp")
        .losses("minimax")
        .datasets("shapes")
        .seeds(seeds)
        .steps(steps)
        .batchSize(64)
        .build();
  }

  private static Figure print(Figure f, String detail) {
    System.out.printf(
        Locale.ROOT,
        "%-9s %-10s %7.1f s  %9.3f /s  %s  (1-min load average after: %s)%n",
        f.master(),
        f.what(),
        f.seconds(),
        f.perSecond(),
        detail,
        loadAverage());
    return f;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  private static Figure sweep(
      SparkSession spark, SweepOptions opts, Path tmp, String master, int settings, long steps) {
    long t0 = System.nanoTime();
    var rows =
        SparkSweep.results(
            spark,
            grid(settings, 1, steps),
            new RunStore(
                tmp.resolve("sweep").toString(), spark.sparkContext().hadoopConfiguration()),
            opts);
    double s = (System.nanoTime() - t0) / 1e9;
    double msPerStep =
        rows.stream().mapToDouble(SweepResult::msPerStep).average().orElse(Double.NaN);
    return print(
        new Figure("sweep", master, s, settings / s),
        String.format(
            Locale.ROOT,
            "%d MLP runs x %d steps = %.2f runs/min, %.1f ms/step inside a run",
            settings,
            steps,
            settings * 60 / s,
            msPerStep));
  }

  private static Figure evaluation(
      SparkSession spark, String master, int cores, long images, GanSpec gan) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var settings = new DistributedEvaluation.Settings(cores * 2, 100, 1);
    DistributedEvaluation.generatedStatistics(
        jsc, gan, ProjectionFeatures.factory(), cores * 200L, 99, settings); // warm-up
    long t1 = System.nanoTime();
    var stats =
        DistributedEvaluation.generatedStatistics(
            jsc, gan, ProjectionFeatures.factory(), images, 1, settings);
    double s = (System.nanoTime() - t1) / 1e9;
    return print(
        new Figure("evaluation", master, s, images / s),
        String.format(
            Locale.ROOT,
            "%d DCGAN images, 8-d projection features, %d partitions",
            stats.count(),
            settings.partitions()));
  }

  private static Figure scoring(
      SparkSession spark,
      String master,
      int cores,
      long images,
      GanSpec gan,
      DetectorSpec detector) {
    var settings = new DistributedEvaluation.Settings(cores * 2, 100, 1);
    DetectorScoring.score(
            spark,
            detector,
            null,
            List.of(new GeneratedImages("warm", gan, cores * 200L, 99)),
            settings)
        .collectAsList(); // warm-up
    long t0 = System.nanoTime();
    var rows =
        DetectorScoring.score(
                spark,
                detector,
                null,
                List.of(new GeneratedImages("dcgan", gan, images, 1)),
                settings)
            .collectAsList();
    double s = (System.nanoTime() - t0) / 1e9;
    return print(
        new Figure("scoring", master, s, images / s),
        String.format(
            Locale.ROOT,
            "%d DCGAN images scored by a %s detector (rate %.3f), %d partitions",
            rows.get(0).getLong(1),
            TestNetworks.TINY,
            rows.get(0).getDouble(3),
            settings.partitions()));
  }
}

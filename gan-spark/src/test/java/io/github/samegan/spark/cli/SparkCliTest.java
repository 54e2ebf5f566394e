package io.github.samegan.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.spark.GanSpec;
import io.github.samegan.spark.TestNetworks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan spark}: parsing, usage errors, and tiny local[2] runs of each subcommand. */
class SparkCliTest {
  @TempDir static Path dir;
  private static SparkSession spark;

  /** The result of one command line. */
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void start() {
    // The session the commands find active (as under spark-submit); --master is then ignored.
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("SparkCliTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhatIsWrong() {
    Result none = run();
    assertThat(none.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(none.err()).contains("Missing command: choose one of sweep, evaluate, score");
    Result unknown = run("frobnicate");
    assertThat(unknown.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("frobnicate");
    Result noDetector = run("score", "--output", dir.resolve("x").toString());
    assertThat(noDetector.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(noDetector.err()).contains("Missing required option: '--detector=URI'");
    Result badSweepFlag = run("--master", "local[2]", "sweep", "--bogus", "1");
    assertThat(badSweepFlag.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(badSweepFlag.err()).contains("unknown flag '--bogus'");
    Result badSeeded =
        run(
            "evaluate",
            "--output",
            dir.toString(),
            "--real",
            "shapes",
            "--features",
            "f.zip",
            "--seeded",
            "mlp:minimax");
    assertThat(badSeeded.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(badSeeded.err()).contains("--seeded takes MODEL:LOSS:SEED");
    assertThat(run("--help").out()).contains("sweep", "evaluate", "score");
  }

  @Test
  void sweepRunsSweepJobsGridAndExitsNonZeroWhenARunFailed() {
    // A data set missing from --data-dir fails its run at once (no training): the command prints
    // the failed row with its error, writes the table and exits 1.
    String out = dir.resolve("sweep").toString();
    Result r =
        run(
            "--master",
            "local[2]",
            "sweep",
            "--output",
            out,
            "--models",
            "mlp",
            "--losses",
            "minimax",
            "--datasets",
            "cifar10",
            "--data-dir",
            dir.resolve("no-data").toString(),
            "--steps",
            "2",
            "--batch",
            "8");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("failed", "error: ", "1 runs, 1 failed");
    assertThat(Path.of(out, "results.parquet")).isDirectory();
  }

  @Test
  void scoreWritesOneRowPerSource() throws Exception {
    GanSpec gan = GanSpec.seeded("mlp", "minimax", ImageShape.rgb(32), 5);
    Path det = dir.resolve("det");
    DetectorFiles.save(det.resolve(DetectorFiles.FILE_NAME), TestNetworks.tinyDetector(gan));
    String out = dir.resolve("scores").toString();
    Result r =
        run(
            "score",
            "--detector",
            det.toString(),
            "--seeded",
            "mlp:minimax:5",
            "--seeded",
            "mlp:hinge:6",
            "--count",
            "20",
            "--partitions",
            "3",
            "--batch",
            "8",
            "--output",
            out);
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("mlp:minimax:5", "mlp:hinge:6");
    List<Row> rows =
        spark.read().parquet(Path.of(out, "scores.parquet").toString()).collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows).allSatisfy(row -> assertThat(row.getLong(1)).isEqualTo(20));
  }

  @Test
  void evaluateWritesFdKidAndPrecisionRecall() throws Exception {
    Path features = dir.resolve("features.zip");
    TestNetworks.saveSeededClassifier(features);
    String out = dir.resolve("metrics").toString();
    Result r =
        run(
            "evaluate",
            "--real",
            "shapes",
            "--data-dir",
            dir.resolve("data").toString(),
            "--seeded",
            "mlp:minimax:5",
            "--features",
            features.toString(),
            "-n",
            "40",
            "--kid-subsets",
            "4",
            "--kid-subset-size",
            "20",
            "--partitions",
            "2",
            "--batch",
            "16",
            "--output",
            out);
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("mlp:minimax:5 vs shapes (40 real, 40 generated): FD ");
    Row row = spark.read().parquet(Path.of(out, "metrics.parquet").toString()).first();
    assertThat(row.getDouble(5)).isPositive().isFinite(); // fd
    assertThat(row.getDouble(6)).isFinite(); // kid
    assertThat(row.getDouble(8)).isBetween(0.0, 1.0); // precision
    assertThat(row.getDouble(9)).isBetween(0.0, 1.0); // recall
    try (Stream<Path> s = Files.list(Path.of(out, "metrics.csv"))) {
      Path part = s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().get();
      assertThat(Files.readAllLines(part).get(0))
          .isEqualTo(
              "real,generated,features,n_real,n_generated,fd,kid_mean,kid_std,precision,recall");
    }
  }
}

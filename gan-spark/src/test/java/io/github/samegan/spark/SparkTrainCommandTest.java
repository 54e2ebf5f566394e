package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SparkTrainCommandTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start("SparkTrainCommandTest");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new SparkTrainCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void trainsWritesACheckpointAndResumes(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("run");
    String[] common = {
      "--model",
      "mlp",
      "--loss",
      "minimax",
      "--dataset",
      "shapes",
      "--workers",
      "2",
      "--batch",
      "4",
      "--local-steps",
      "2",
      "--out",
      runDir.toString()
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = run(out, err, concat(common, "--steps", "4"));
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 workers x batch 4, K = 2").contains("step 4:");
    assertThat(Checkpoints.read(runDir).step()).isEqualTo(4);
    List<String> rows = Files.readAllLines(runDir.resolve("metrics.csv"));
    assertThat(rows).hasSize(3); // header + 2 rounds
    assertThat(rows.get(2)).startsWith("4,");

    // without --resume an existing run is not overwritten
    rc = run(new StringWriter(), err = new StringWriter(), concat(common, "--steps", "6"));
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("add --resume");

    rc = run(out = new StringWriter(), err, concat(common, "--steps", "6", "--resume"));
    assertThat(rc).as(err.toString()).isZero();
    assertThat(Checkpoints.read(runDir).step()).isEqualTo(6);
    assertThat(Files.readAllLines(runDir.resolve("metrics.csv"))).hasSize(4);
  }

  @Test
  void badSettingsAreUsageErrorsNamingTheField(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int rc =
        run(
            new StringWriter(),
            err,
            "--dataset",
            "shapes",
            "--mode",
            "sync",
            "--local-steps",
            "3",
            "--steps",
            "2",
            "--out",
            dir.toString());
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("localSteps must be 1, found 3");
    rc =
        run(
            new StringWriter(),
            err = new StringWriter(),
            "--dataset",
            "shapes",
            "--mode",
            "x",
            "--steps",
            "2",
            "--out",
            dir.toString());
    assertThat(err.toString()).contains("--mode must be local-steps or sync, found 'x'");
    assertThat(rc).isEqualTo(2);
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}

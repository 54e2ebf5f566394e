package io.github.samegan.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan spark --master local[2] train}: trains, resumes, and refuses bad settings. The
 * first command starts the session from the flags; later ones find it.
 */
class TrainCommandTest {

  @AfterAll
  static void stop() {
    scala.Option<SparkSession> s = SparkSession.getDefaultSession();
    if (s.isDefined()) {
      s.get().stop();
    }
  }

  private static String[] train(Path runDir, String... more) {
    String[] common = {
      "--master",
      "local[2]",
      "--conf",
      "spark.ui.enabled=false",
      "--conf",
      "spark.driver.host=127.0.0.1",
      "--conf",
      "spark.driver.bindAddress=127.0.0.1",
      "train",
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
    String[] r = java.util.Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, r, common.length, more.length);
    return r;
  }

  @Test
  void trainsWritesACheckpointAndResumes(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("run");
    SparkCliTest.Result r = SparkCliTest.run(train(runDir, "--steps", "4"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 workers x batch 4, K = 2").contains("step 4:");
    assertThat(Checkpoints.read(runDir).step()).isEqualTo(4);
    List<String> rows = Files.readAllLines(runDir.resolve("metrics.csv"));
    assertThat(rows).hasSize(3); // header + 2 rounds
    assertThat(rows.get(2)).startsWith("4,");

    // without --resume an existing run is not overwritten
    r = SparkCliTest.run(train(runDir, "--steps", "6"));
    assertThat(r.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(r.err()).contains("add --resume");

    r = SparkCliTest.run(train(runDir, "--steps", "6", "--resume"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Checkpoints.read(runDir).step()).isEqualTo(6);
    assertThat(Files.readAllLines(runDir.resolve("metrics.csv"))).hasSize(4);
  }

  @Test
  void badSettingsAreUsageErrorsNamingTheField(@TempDir Path dir) {
    SparkCliTest.Result r =
        SparkCliTest.run(
            "train",
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
    assertThat(r.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(r.err()).contains("localSteps must be 1, found 3");
    r = SparkCliTest.run(train(dir, "--mode", "x", "--steps", "2"));
    assertThat(r.code()).isEqualTo(SparkCli.EXIT_USAGE);
    assertThat(r.err()).contains("--mode must be local-steps or sync, found 'x'");
  }
}

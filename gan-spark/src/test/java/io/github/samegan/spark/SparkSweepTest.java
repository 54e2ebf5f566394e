package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps on local[2]: rows, run folders, skipping finished runs, recording a failing setting. */
class SparkSweepTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start("SparkSweepTest");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static SweepOptions options(Path dataDir) {
    return SweepOptions.defaults().withDataDir(dataDir.toString());
  }

  @Test
  void fourSettingsGiveFourRowsAndFourRunFoldersAndARerunSkipsThem(@TempDir Path tmp)
      throws Exception {
    SweepSpec spec =
        SweepSpec.grid()
            .models("mlp")
            .losses("minimax", "hinge")
            .datasets("shapes")
            .seeds(1, 2)
            .steps(3)
            .batchSize(8)
            .build();
    assertThat(spec.size()).isEqualTo(4);
    Path out = tmp.resolve("sweep");
    SweepOptions opts = options(tmp.resolve("data")).withDistance(32, ProjectionFeatures.factory());

    List<Row> first = SparkSweep.run(spark, spec, out.toString(), opts).collectAsList();

    assertThat(first).hasSize(4);
    for (Row r : first) {
      assertThat(r.<String>getAs("status")).as(r.toString()).isEqualTo("trained");
      assertThat(r.<Long>getAs("steps_done")).isEqualTo(3L);
      assertThat(r.<Double>getAs("d_loss")).isFinite();
      assertThat(r.<Double>getAs("g_loss")).isFinite();
      assertThat(r.<Double>getAs("ms_per_step")).isPositive();
      assertThat(r.<Double>getAs("fd")).isFinite().isPositive();
    }
    List<Path> runs;
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      runs = s.sorted().collect(Collectors.toList());
    }
    assertThat(runs).hasSize(4);
    for (Path run : runs) {
      assertThat(run.resolve("result.properties")).isRegularFile();
      assertThat(run.resolve("setting.properties")).isRegularFile();
      assertThat(run.resolve("checkpoints/last.ckpt")).isRegularFile();
      assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(4); // header + 3 steps
    }
    Dataset<Row> parquet = spark.read().parquet(out.resolve("results.parquet").toString());
    assertThat(parquet.count()).isEqualTo(4);
    assertThat(parquet.columns()).containsExactly(SparkSweep.SCHEMA.fieldNames());
    Dataset<Row> csv =
        spark.read().option("header", "true").csv(out.resolve("results.csv").toString());
    assertThat(csv.count()).isEqualTo(4);

    List<Row> second = SparkSweep.run(spark, spec, out.toString(), opts).collectAsList();

    assertThat(second).hasSize(4);
    for (int i = 0; i < 4; i++) {
      Row a = first.get(i);
      Row b = second.get(i);
      assertThat(b.<String>getAs("status")).isEqualTo("skipped");
      assertThat(b.<String>getAs("id")).isEqualTo(a.<String>getAs("id"));
      assertThat(b.<Double>getAs("d_loss")).isEqualTo(a.<Double>getAs("d_loss"));
      assertThat(b.<Double>getAs("fd")).isEqualTo(a.<Double>getAs("fd"));
    }
  }

  @Test
  void aThrowingSettingIsRecordedAndTheOthersFinish(@TempDir Path tmp) {
    SweepSetting good = new SweepSetting("mlp", "minimax", "shapes", 2e-4, 2e-4, 1, 3, 2, 8);
    String missing = tmp.resolve("no-such-folder").toString();
    SweepSetting bad =
        new SweepSetting("mlp", "minimax", "folder:" + missing, 2e-4, 2e-4, 1, 3, 2, 8);
    Path out = tmp.resolve("sweep");

    List<Row> rows =
        SparkSweep.run(spark, SweepSpec.of(List.of(good, bad)), out.toString(), options(tmp))
            .collectAsList();

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).<String>getAs("status")).isEqualTo("trained");
    assertThat(rows.get(0).<String>getAs("error")).isNull();
    assertThat(rows.get(1).<String>getAs("status")).isEqualTo("failed");
    assertThat(rows.get(1).<String>getAs("error")).contains("no-such-folder");
    assertThat(out.resolve("runs").resolve(good.id()).resolve("result.properties")).isRegularFile();
    assertThat(out.resolve("runs").resolve(bad.id()).resolve("result.properties")).doesNotExist();
  }

  @Test
  void augmentsAreASweepAxisAndABadSpecFailsOnlyItsRow(@TempDir Path tmp) {
    SweepSpec spec =
        SweepSpec.grid()
            .models("mlp")
            .losses("minimax")
            .datasets("shapes")
            .augments("none", "hflip", "hflip,bogus:3")
            .seeds(2)
            .steps(2)
            .batchSize(8)
            .build();
    Path out = tmp.resolve("sweep");

    List<Row> rows = SparkSweep.run(spark, spec, out.toString(), options(tmp)).collectAsList();

    assertThat(rows).hasSize(3);
    assertThat(rows.stream().map(r -> r.<String>getAs("augment")))
        .containsExactly("none", "hflip", "hflip,bogus:3");
    assertThat(rows.stream().map(r -> r.<String>getAs("id")).distinct()).hasSize(3);
    for (Row r : rows.subList(0, 2)) {
      assertThat(r.<String>getAs("status")).as(r.toString()).isEqualTo("trained");
      assertThat(r.<Long>getAs("steps_done")).isEqualTo(2L);
      assertThat(r.<Double>getAs("kid")).isNull(); // no evaluation asked
      assertThat(r.<Double>getAs("detection_rate")).isNull();
    }
    // Flipping changes the real batches, so the discriminator's loss differs from the plain run's.
    assertThat(rows.get(1).<Double>getAs("d_loss"))
        .isNotEqualTo(rows.get(0).<Double>getAs("d_loss"));
    Row bad = rows.get(2);
    assertThat(bad.<String>getAs("status")).isEqualTo("failed");
    assertThat(bad.<String>getAs("error")).contains("bogus").contains("'hflip,bogus:3'");
    assertThat(spark.read().parquet(out.resolve("results.parquet").toString()).columns())
        .contains("augment", "kid", "detection_rate");
    String hflip = rows.get(1).getAs("id");
    assertThat(out.resolve("runs").resolve(hflip).resolve("result.properties")).isRegularFile();
  }

  @Test
  void theJobRunsAGridGivenAsFlags(@TempDir Path tmp) {
    Path out = tmp.resolve("sweep");
    String[] args = {
      "--output",
      out.toUri().toString(),
      "--models",
      "mlp",
      "--losses",
      "lsgan",
      "--datasets",
      "shapes",
      "--seeds",
      "4",
      "--augments",
      "none;hflip,crop:2",
      "--steps",
      "2",
      "--batch",
      "8",
      "--data-dir",
      tmp.toString()
    };

    List<Row> rows = SweepJob.run(spark, args).collectAsList();

    assertThat(rows).hasSize(2);
    for (Row r : rows) {
      assertThat(r.<String>getAs("status")).as(r.toString()).isEqualTo("trained");
      assertThat(r.<String>getAs("loss")).isEqualTo("lsgan");
      assertThat(r.<Long>getAs("steps_done")).isEqualTo(2L);
    }
    assertThat(rows.stream().map(r -> r.<String>getAs("augment")))
        .containsExactly("none", "hflip,crop:2");
    assertThatThrownBy(() -> SweepJob.run(spark, new String[] {"--model", "mlp"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown flag '--model'")
        .hasMessageContaining("--models");
    assertThatThrownBy(
            () ->
                SweepJob.run(
                    spark,
                    new String[] {"--models", "mlp", "--losses", "hinge", "--datasets", "shapes"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--output is required");
  }
}

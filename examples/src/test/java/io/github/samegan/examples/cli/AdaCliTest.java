package io.github.samegan.examples.cli;

import static io.github.samegan.examples.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.train.AdaptiveAugment;
import io.github.samegan.examples.cli.CliTest.Result;
import io.github.samegan.examples.runs.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan train --ada}: metrics, checkpoint metadata, resume rules and bad combinations. */
class AdaCliTest {

  private static Result train(Path run, int steps, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--batch", "8"));
    args.addAll(List.of(extra));
    return ResumeTest.train(run, steps, args.toArray(String[]::new));
  }

  @Test
  void adaLogsPAndRtKeepsItsSettingsAndAResumeMustKeepThem(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("ada");
    Result r =
        train(
            run,
            4,
            "--ada",
            "--ada-interval",
            "2",
            "--ada-kimg",
            "0.02",
            "--checkpoint-every",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    List<String> header = List.of(csv.get(0).split(","));
    assertThat(header).contains("ada_p", "ada_rt");
    int col = header.indexOf("ada_p");
    for (String row : csv.subList(1, csv.size())) {
      assertThat(Double.parseDouble(row.split(",")[col])).isBetween(0.0, 1.0);
    }
    // 16 images per adjustment over 20 → p moves in steps of 0.8: after step 2 it is 0 or 0.8
    double p2 = Double.parseDouble(csv.get(2).split(",")[col]);
    assertThat(p2).isIn(0.0, 0.8);
    String spec = AdaptiveAugment.DEFAULT_POLICY + " target=0.6 interval=2 kimg=0.02";
    assertThat(Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata())
        .containsEntry("ada", spec);
    assertThat(RunConfig.load(run).gan().adaptiveAugment().spec()).isEqualTo(spec);
    assertThat(Files.readString(run.resolve("config.yaml")))
        .contains("ada: " + AdaptiveAugment.DEFAULT_POLICY)
        .contains("ada-kimg: 0.02");

    Result changed = train(run, 6, "--resume", "--ada", "--ada-kimg", "1");
    assertThat(changed.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(changed.err()).contains("--ada " + spec).contains("cannot change");
    Result resumed = train(run, 6, "--resume");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(7);
    assertThat(Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata())
        .containsEntry("ada", spec);
  }

  @Test
  void adaRefusesDiffAugmentAndScheduleFlagsWithoutIt(@TempDir Path dir) {
    Result both = train(dir.resolve("a"), 1, "--ada", "--diffaugment");
    assertThat(both.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(both.err()).contains("--ada and --diffaugment").doesNotContain("\tat ");
    Result alone = train(dir.resolve("b"), 1, "--ada-kimg", "1");
    assertThat(alone.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(alone.err()).contains("add --ada");
    Result bad = train(dir.resolve("c"), 1, "--ada", "xflip,zoom");
    assertThat(bad.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(bad.err()).contains("Unknown ADA transform 'zoom'");
    Result target = train(dir.resolve("d"), 1, "--ada", "--ada-target", "1.5");
    assertThat(target.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(target.err()).contains("ADA target must be in (0, 1)");
  }
}

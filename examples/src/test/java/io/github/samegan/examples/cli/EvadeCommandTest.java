package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.examples.runs.Evasion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan train --evade DETECTOR[:λ] --evade-start N --evade-ramp M}: flag parsing, the
 * per-step weights and detector scores in metrics.csv, the checkpoint metadata and its round trip
 * through a resume; and a repeated {@code --detector} watching the run in one log each.
 */
class EvadeCommandTest {
  @TempDir static Path dir;
  static Path detector;

  @BeforeAll
  static void aTinyDetector() throws Exception {
    Path noise = DetectCommandTest.noiseFolder(dir.resolve("noise"), 24, 32);
    detector = dir.resolve("det");
    CliTest.Result r = DetectCommandTest.trainTiny(detector, 48, 2, 8, 2, noise.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static CliTest.Result train(Path out, String steps, String... extra) {
    return train("mlp", out, steps, extra);
  }

  private static CliTest.Result train(String model, Path out, String steps, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--dataset",
                "shapes",
                "--model",
                model,
                "--steps",
                steps,
                "--batch",
                "8",
                "--out",
                out.toString(),
                "--sample-every",
                "1000",
                "--checkpoint-every",
                "1000",
                "--progress-every",
                "1000"));
    args.addAll(Arrays.asList(extra));
    return CliTest.run(args.toArray(String[]::new));
  }

  @Test
  void evadeLogsScheduledWeightsAndScoresAndRecordsTheDetectorsInTheCheckpoint() throws Exception {
    Path out = dir.resolve("evading");
    CliTest.Result r =
        train(
            out,
            "3",
            "--evade",
            detector + ":0.5",
            "--evade",
            detector.toString(),
            "--evade-start",
            "1",
            "--evade-ramp",
            "2",
            "--detect-every",
            "2",
            "--detector",
            detector.toString(),
            "--detector",
            detector.toString(),
            "--detect-n",
            "8");
    assertThat(r.code()).as(r.err()).isZero();
    // each --detector watches the run in its own log; the same detector on the same seeded
    // samples gives the same rows
    List<String> first = Files.readAllLines(out.resolve("detection.csv"));
    List<String> second = Files.readAllLines(out.resolve("detection-2.csv"));
    assertThat(first.subList(1, first.size()))
        .extracting(l -> l.split(",")[0])
        .containsExactly("0", "2", "3");
    assertThat(second.subList(1, second.size()))
        .extracting(l -> l.split(",")[1] + "," + l.split(",")[2])
        .isEqualTo(
            first.subList(1, first.size()).stream()
                .map(l -> l.split(",")[1] + "," + l.split(",")[2])
                .toList());
    assertThat(r.out())
        .contains(
            "Evading 2 detector(s): " + detector + ":0.5, " + detector + ":1.0 (off to step 1")
        .contains("evade_0: resnet:widths=4,8,8;blocks=1 on 3x32x32");
    List<String> log = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> header = List.of(log.get(0).split(","));
    assertThat(header).contains("evade_0", "evade_0_weight", "evade_0_p_fake", "evade_1_weight");
    int w0 = header.indexOf("evade_0_weight");
    int w1 = header.indexOf("evade_1_weight");
    int p0 = header.indexOf("evade_0_p_fake");
    double[][] rows = new double[3][];
    for (int i = 0; i < 3; i++) {
      rows[i] = Arrays.stream(log.get(i + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
    }
    // off at step 1, then λ·(s − 1)/2: 0.25 and 0.5 for λ = 0.5; 0.5 and 1 for λ = 1
    assertThat(new double[] {rows[0][w0], rows[1][w0], rows[2][w0]})
        .containsExactly(new double[] {0, 0.25, 0.5}, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(new double[] {rows[0][w1], rows[1][w1], rows[2][w1]})
        .containsExactly(new double[] {0, 0.5, 1.0}, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(rows[2][p0]).isBetween(0.0, 1.0);

    Path last = out.resolve("checkpoints/last.ckpt");
    Map<String, String> meta = Checkpoints.read(last).metadata();
    assertThat(meta)
        .containsEntry("evade.count", "2")
        .containsEntry("evade.0.detector", detector.toString())
        .containsEntry("evade.0.weight", "0.5")
        .containsEntry("evade.1.weight", "1.0")
        .containsEntry("evade.start", "1")
        .containsEntry("evade.ramp", "2");
    assertThat(meta.get("evade.0.describe")).startsWith("resnet:widths=4,8,8;blocks=1 on 3x32x32");
    assertThat(Evasion.fromMetadata(last, meta))
        .isEqualTo(Evasion.parse(List.of(detector + ":0.5", detector.toString()), 1, 2));

    // a resume keeps the saved detectors without repeating --evade, and refuses other ones
    CliTest.Result resumed = train(out, "4", "--resume");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("Evading 2 detector(s)");
    assertThat(Checkpoints.read(last).metadata()).containsEntry("evade.count", "2");
    CliTest.Result changed = train(out, "5", "--resume", "--evade", detector + ":2");
    assertThat(changed.code()).isNotZero();
    assertThat(changed.err()).contains("differs from the run being resumed");
  }

  @Test
  void evadeCombinesWithAConditionalModelAGradientPenaltyAndDiffAugment() throws Exception {
    Path out = dir.resolve("conditional");
    CliTest.Result r =
        train(
            "cdcgan",
            out,
            "2",
            "--loss",
            "wgan-gp",
            "--n-critic",
            "1",
            "--evade",
            detector + ":0.5",
            "--diffaugment");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> log = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> header = List.of(log.get(0).split(","));
    assertThat(header).contains("gp_grad_norm", "evade_0", "evade_0_p_fake");
    String[] last = log.get(2).split(",");
    assertThat(Double.parseDouble(last[header.indexOf("evade_0_weight")])).isEqualTo(0.5);
    assertThat(Double.parseDouble(last[header.indexOf("evade_0")])).isPositive().isFinite();
  }

  @Test
  void flagParsing() {
    Evasion e = Evasion.parse(List.of("runs/a:0.25", "runs/b", "c:/x"), 100, 50);
    assertThat(e.detectors())
        .containsExactly(
            new Evasion.Target(Path.of("runs/a"), 0.25),
            new Evasion.Target(Path.of("runs/b"), 1.0),
            new Evasion.Target(Path.of("c:/x"), 1.0));
    assertThat(e.schedule(0).at(100)).isZero();
    assertThat(e.schedule(0).at(125)).isEqualTo(0.125);
    assertThat(e.schedule(0).at(150)).isEqualTo(0.25);
    assertThat(Evasion.parse(List.of(), 0, 0).isOn()).isFalse();
    assertThat(Evasion.fromMetadata(Path.of("x"), Map.of())).isEqualTo(Evasion.NONE);
    assertThatThrownBy(() -> Evasion.parse(List.of("a:-1"), 0, 0))
        .hasMessageContaining("--evade a:-1")
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Evasion.parse(List.of("a"), -1, 0))
        .hasMessageContaining("--evade-start");
  }

  @Test
  void scheduleFlagsWithoutADetectorAndMissingDetectorsAreRefused() {
    CliTest.Result r = train(dir.resolve("nodet"), "1", "--evade-start", "5");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--evade-start and --evade-ramp need --evade DETECTOR");
    CliTest.Result missing =
        train(dir.resolve("missing"), "1", "--evade", dir.resolve("nope") + ":0.5");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("nope");
  }
}

package io.github.samegan.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionReportTest {

  static DetectionReport report(double threshold) {
    double[] real = {0.1, 0.4};
    DetectionReport.Row a =
        DetectionReport.Row.of("dcgan \"step 5\"", real, new double[] {0.35, 0.8}, threshold);
    DetectionReport.Row b = DetectionReport.Row.of("imgs", real, new double[] {0.9}, threshold);
    DetectionReport.Row all =
        DetectionReport.Row.of(DetectionReport.ALL, real, new double[] {0.35, 0.8, 0.9}, threshold);
    DetectionReport.Row blur =
        DetectionReport.Row.of(DetectionReport.ALL, real, new double[] {0.2, 0.3, 0.45}, threshold);
    return new DetectionReport(
        "tiny",
        threshold,
        "fixed: test",
        "shapes (2 images)",
        List.of(
            new DetectionReport.Condition("none", List.of(a, b, all)),
            new DetectionReport.Condition("blur sigma=2", List.of(blur))),
        List.of("a note"));
  }

  @Test
  void rowsCarryTheMetricsAtTheThresholdAndAtOneHalf() {
    DetectionReport.Row r = report(0.3).clean().rows().get(0);
    assertThat(r.averagePrecision())
        .isEqualTo(
            DetectionMetrics.averagePrecision(new double[] {0.1, 0.4}, new double[] {0.35, 0.8}));
    assertThat(r.accuracyOnReal()).isEqualTo(0.5); // 0.4 ≥ 0.3 is called fake
    assertThat(r.accuracyOnFake()).isEqualTo(1.0);
    assertThat(r.accuracyOnFakeAtHalf()).isEqualTo(0.5);
    assertThat(r.accuracy()).isEqualTo(0.75);
    assertThat(report(0.3).clean().overall().fakes()).isEqualTo("all");
  }

  @Test
  void tableShowsEveryGeneratorCleanAndTheSweepsOverall() {
    String table = report(0.3).toTable();
    assertThat(table).contains("threshold 0.3 (fixed: test)").contains("acc_real@0.5");
    assertThat(table.lines().filter(l -> l.startsWith("none"))).hasSize(3);
    assertThat(table.lines().filter(l -> l.startsWith("blur sigma=2"))).hasSize(1);
    assertThat(table).contains("note: a note");
    assertThat(report(0.5).toTable()).doesNotContain("@0.5");
  }

  @Test
  void jsonHoldsEveryRowWithEscapedNames() {
    String json = report(0.3).toJson();
    assertThat(json)
        .contains("\"threshold\": 0.3,")
        .contains("\"threshold_source\": \"fixed: test\"")
        .contains("\"fakes\": \"dcgan \\\"step 5\\\"\"")
        .contains("\"post_processing\": \"blur sigma=2\"")
        .contains("\"acc_fake_at_0_5\": 0.5")
        .contains("\"notes\": [\"a note\"]");
    assertThat(json.split("\"fakes\"", -1)).hasSize(5);
  }
}

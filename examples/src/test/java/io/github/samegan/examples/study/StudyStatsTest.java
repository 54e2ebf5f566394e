package io.github.samegan.examples.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wilson intervals, exact binomial tests and the report's breakdowns, against hand-computed values.
 */
class StudyStatsTest {

  @Test
  void wilsonIntervalMatchesHandComputedValues() {
    // 7/10: p̂ = .7, z² = 3.841459; centre = (.7 + .192073) / 1.384146 = .644495,
    // half = 1.959964 √(.021 + .009604) / 1.384146 = .247717 → [.396778, .892209]
    Stats.Interval a = Stats.wilson95(7, 10);
    assertThat(a.lower()).isCloseTo(0.396778, within(1e-6));
    assertThat(a.upper()).isCloseTo(0.892209, within(1e-6));
    // 0/5: lower 0, upper z² / (n + z²) = 3.841459 / 8.841459 = .434482
    Stats.Interval b = Stats.wilson95(0, 5);
    assertThat(b.lower()).isEqualTo(0.0);
    assertThat(b.upper()).isCloseTo(0.434482, within(1e-6));
    // 50/100: centre .5, half = 1.959964 √(.0025 + .000096036) / 1.0384146 = .096168
    Stats.Interval c = Stats.wilson95(50, 100);
    assertThat(c.lower()).isCloseTo(0.403832, within(1e-6));
    assertThat(c.upper()).isCloseTo(0.596168, within(1e-6));
    // 10/10 is symmetric to 0/10.
    Stats.Interval d = Stats.wilson95(10, 10);
    assertThat(d.upper()).isCloseTo(1.0, within(1e-12));
    assertThat(d.lower()).isCloseTo(1 - Stats.wilson95(0, 10).upper(), within(1e-12));
  }

  @Test
  void binomialTestMatchesExactSums() {
    // 7/10 against .5: outcomes as unlikely as 7 are 0..3 and 7..10: 2 (1 + 10 + 45 + 120) / 1024
    assertThat(Stats.binomialTwoSided(7, 10, 0.5)).isCloseTo(352.0 / 1024, within(1e-12));
    assertThat(Stats.binomialTwoSided(3, 10, 0.5)).isCloseTo(352.0 / 1024, within(1e-12));
    // 0/5: P(0) + P(5) = 2 / 32
    assertThat(Stats.binomialTwoSided(0, 5, 0.5)).isCloseTo(0.0625, within(1e-12));
    // 50/100: every outcome is at most as likely as the mode → 1
    assertThat(Stats.binomialTwoSided(50, 100, 0.5)).isCloseTo(1.0, within(1e-12));
    // 10/10: 2 / 1024
    assertThat(Stats.binomialTwoSided(10, 10, 0.5)).isCloseTo(2.0 / 1024, within(1e-12));
    // 60/100: scipy.stats.binomtest(60, 100).pvalue = 0.05688793364098...
    assertThat(Stats.binomialTwoSided(60, 100, 0.5)).isCloseTo(0.056887933640981, within(1e-12));
    // Asymmetric null, 3/10 against .2: everything but P(1) = .268435456 and P(2) = .301989888
    assertThat(Stats.binomialTwoSided(3, 10, 0.2))
        .isCloseTo(1 - 0.268435456 - 0.301989888, within(1e-9));
    // Large n stays finite and sane.
    assertThat(Stats.binomialTwoSided(5000, 10000, 0.5)).isCloseTo(1.0, within(1e-9));
    assertThat(Stats.binomialTwoSided(5200, 10000, 0.5)).isLessThan(1e-4).isGreaterThan(0);
  }

  @Test
  void badCountsAreRejectedWithTheirValues() {
    assertThatThrownBy(() -> Stats.wilson95(3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k=3");
    assertThatThrownBy(() -> Stats.wilson95(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.binomialTwoSided(1, 2, 1.0)).hasMessageContaining("p0");
    assertThat(Stats.binomialTwoSided(0, 0, 0.5)).isEqualTo(1.0);
  }

  @Test
  void reportBreaksAccuracyDownByParticipantTruthAndClass() {
    List<StudyStore.AnswerRow> rows = new ArrayList<>();
    // Participant A (single): 7 of 10 right; real images 4/5, generated 3/5.
    for (int i = 0; i < 10; i++) {
      boolean real = i < 5;
      boolean correct = real ? i < 4 : i < 8;
      rows.add(
          new StudyStore.AnswerRow(
              "sessionAAAAAAAAAAAAAAA",
              "A",
              StudyMode.SINGLE,
              i,
              real ? "real" : "generated",
              real ? "red circle" : Study.GENERATED_CLASS,
              "real",
              correct,
              500L,
              "t",
              "mlp",
              "shapes"));
    }
    // Participant B (pair): 0 of 5 right.
    for (int i = 0; i < 5; i++) {
      rows.add(
          new StudyStore.AnswerRow(
              "sessionBBBBBBBBBBBBBBB",
              "B",
              StudyMode.PAIR,
              i,
              "pair",
              "red circle",
              "left",
              false,
              null,
              "t",
              "mlp",
              "shapes"));
    }
    StudyReport r = StudyReport.of(rows);
    assertThat(r.answers()).isEqualTo(15);
    StudyReport.Row pooled = r.sections().get("pooled").get(0);
    assertThat(pooled.correct()).isEqualTo(7);
    assertThat(pooled.total()).isEqualTo(15);
    assertThat(r.sections().get("participant"))
        .extracting(StudyReport.Row::group)
        .containsExactly("A (sessio)", "B (sessio)");
    StudyReport.Row a = r.sections().get("participant").get(0);
    assertThat(a.accuracy()).isEqualTo(0.7);
    assertThat(a.lower()).isCloseTo(0.396778, within(1e-6));
    assertThat(a.pValue()).isCloseTo(0.34375, within(1e-12));
    StudyReport.Row b = r.sections().get("participant").get(1);
    assertThat(b.upper()).isCloseTo(0.434482, within(1e-6));
    assertThat(b.pValue()).isCloseTo(0.0625, within(1e-12));
    assertThat(r.sections().get("truth"))
        .extracting(StudyReport.Row::group, StudyReport.Row::correct, StudyReport.Row::total)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("generated", 3, 5),
            org.assertj.core.groups.Tuple.tuple("pair", 0, 5),
            org.assertj.core.groups.Tuple.tuple("real", 4, 5));
    assertThat(r.sections().get("class"))
        .extracting(StudyReport.Row::group)
        .containsExactly("(generated)", "red circle");
    assertThat(r.toText())
        .contains("By participant")
        .contains("70.0%")
        .contains("[39.7%, 89.2%]")
        .contains("0.3438");
    assertThat(r.toSummaryCsv())
        .startsWith("section,group,correct,total,accuracy,ci_lower,ci_upper,p_value\n")
        .contains("participant,A (sessio),7,10,0.700000,0.396778,0.892209,0.34375");
    String csv = StudyReport.answersCsv(rows);
    assertThat(csv.lines()).hasSize(16);
    assertThat(csv.lines().skip(1).findFirst().orElseThrow())
        .isEqualTo("sessionAAAAAAAAAAAAAAA,A,single,1,real,red circle,real,1,500,t,mlp,shapes");
  }

  @Test
  void csvCellsAreQuotedAndDefusedForSpreadsheets() {
    assertThat(StudyReport.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(StudyReport.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(StudyReport.csv("=SUM(A1)")).isEqualTo("\"'=SUM(A1)\"");
    assertThat(StudyReport.csv("plain")).isEqualTo("plain");
  }
}

package io.github.samegan.examples.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Accuracy of a study, pooled and broken down by participant, presentation mode, image class and
 * truth (real / generated in single mode, pair in pair mode), each with a Wilson 95% interval and
 * an exact two-sided binomial test against 50% (chance: people cannot tell).
 *
 * @param answers how many answers the report covers
 * @param sections the breakdowns, in display order ("pooled", "participant", "mode", "truth",
 *     "class")
 */
public record StudyReport(int answers, Map<String, List<Row>> sections) {

  /**
   * One group's accuracy.
   *
   * @param group the group name
   * @param correct correct answers
   * @param total answers
   * @param accuracy correct / total
   * @param lower Wilson 95% lower bound
   * @param upper Wilson 95% upper bound
   * @param pValue two-sided binomial p-value against 0.5
   */
  public record Row(
      String group,
      int correct,
      int total,
      double accuracy,
      double lower,
      double upper,
      double pValue) {
    static Row of(String group, int correct, int total) {
      Stats.Interval ci = Stats.wilson95(correct, total);
      return new Row(
          group,
          correct,
          total,
          (double) correct / total,
          ci.lower(),
          ci.upper(),
          Stats.binomialTwoSided(correct, total, 0.5));
    }
  }

  /** Section titles for display. */
  public static final Map<String, String> TITLES =
      Map.of(
          "pooled",
          "Pooled",
          "participant",
          "By participant",
          "mode",
          "By presentation mode",
          "truth",
          "By real / generated",
          "class",
          "By image class");

  /** Computes the report from stored answers. */
  public static StudyReport of(List<StudyStore.AnswerRow> answers) {
    Map<String, List<Row>> sections = new LinkedHashMap<>();
    sections.put("pooled", group(answers, a -> "all answers", false));
    sections.put(
        "participant",
        group(answers, a -> a.participant() + " (" + a.sessionId().substring(0, 6) + ")", true));
    sections.put("mode", group(answers, a -> a.mode().id(), false));
    sections.put("truth", group(answers, StudyStore.AnswerRow::truth, false));
    sections.put("class", group(answers, StudyStore.AnswerRow::className, false));
    return new StudyReport(answers.size(), sections);
  }

  private static List<Row> group(
      List<StudyStore.AnswerRow> answers,
      Function<StudyStore.AnswerRow, String> key,
      boolean keepOrder) {
    Map<String, int[]> counts = keepOrder ? new LinkedHashMap<>() : new TreeMap<>();
    for (StudyStore.AnswerRow a : answers) {
      int[] c = counts.computeIfAbsent(key.apply(a), k -> new int[2]);
      c[0] += a.correct() ? 1 : 0;
      c[1]++;
    }
    List<Row> rows = new ArrayList<>();
    counts.forEach((k, c) -> rows.add(Row.of(k, c[0], c[1])));
    return rows;
  }

  /** The report as plain-text tables (for {@code samegan study report}). */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    if (answers == 0) {
      return "No answers yet.\n";
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%d answers. Accuracy = correct real-vs-generated calls; 50%% means"
                + " people cannot tell.%n",
            answers));
    for (Map.Entry<String, List<Row>> e : sections.entrySet()) {
      sb.append(String.format(Locale.ROOT, "%n%s%n", TITLES.get(e.getKey())));
      int width =
          Math.max(12, e.getValue().stream().mapToInt(r -> r.group().length()).max().orElse(0));
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s %8s %9s %18s %9s%n",
              "group",
              "correct",
              "accuracy",
              "95% CI (Wilson)",
              "p vs 50%"));
      for (Row r : e.getValue()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-" + width + "s %8s %8.1f%% %18s %9s%n",
                r.group(),
                r.correct() + "/" + r.total(),
                100 * r.accuracy(),
                String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * r.lower(), 100 * r.upper()),
                formatP(r.pValue())));
      }
    }
    return sb.toString();
  }

  /**
   * The breakdowns as CSV: section, group, correct, total, accuracy, ci_lower, ci_upper, p_value.
   */
  public String toSummaryCsv() {
    StringBuilder sb =
        new StringBuilder("section,group,correct,total,accuracy,ci_lower,ci_upper,p_value\n");
    sections.forEach(
        (section, rows) -> {
          for (Row r : rows) {
            sb.append(section)
                .append(',')
                .append(csv(r.group()))
                .append(',')
                .append(r.correct())
                .append(',')
                .append(r.total())
                .append(',')
                .append(fmt(r.accuracy()))
                .append(',')
                .append(fmt(r.lower()))
                .append(',')
                .append(fmt(r.upper()))
                .append(',')
                .append(String.format(Locale.ROOT, "%.6g", r.pValue()))
                .append('\n');
          }
        });
    return sb.toString();
  }

  /** Every answer as CSV, one row per answered trial. */
  public static String answersCsv(List<StudyStore.AnswerRow> answers) {
    StringBuilder sb =
        new StringBuilder(
            "session,participant,mode,trial,truth,class,answer,correct,response_ms,answered_at,model,dataset\n");
    for (StudyStore.AnswerRow a : answers) {
      sb.append(a.sessionId())
          .append(',')
          .append(csv(a.participant()))
          .append(',')
          .append(a.mode().id())
          .append(',')
          .append(a.trial() + 1)
          .append(',')
          .append(a.truth())
          .append(',')
          .append(csv(a.className()))
          .append(',')
          .append(a.answer())
          .append(',')
          .append(a.correct() ? 1 : 0)
          .append(',')
          .append(a.responseMs() == null ? "" : a.responseMs().toString())
          .append(',')
          .append(a.answeredAt())
          .append(',')
          .append(csv(a.model()))
          .append(',')
          .append(csv(a.dataset()))
          .append('\n');
    }
    return sb.toString();
  }

  /** A p-value for display: 4 significant digits, or {@code "<1e-6"}. */
  public static String formatP(double p) {
    return p < 1e-6 ? "<1e-6" : String.format(Locale.ROOT, "%.4g", p);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  static String csv(String s) {
    if (s == null) {
      return "";
    }
    // A leading =, +, - or @ would be a formula in a spreadsheet: quote it with a leading
    // apostrophe.
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    if (v.contains(",")
        || v.contains("\"")
        || v.contains("\n")
        || v.contains("\r")
        || !v.equals(s)) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}

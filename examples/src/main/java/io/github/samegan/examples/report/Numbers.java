package io.github.samegan.examples.report;

import java.util.Arrays;
import java.util.Locale;

/** The number handling of the report: lenient parsing, display formats, and robust averages. */
final class Numbers {
  private Numbers() {}

  /** The number a text holds, or {@code NaN} (for null too). */
  static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException | NullPointerException e) {
      return Double.NaN;
    }
  }

  /**
   * A value for a card: thousands separated when large, three decimals otherwise; ∞ and NaN spelled
   * out.
   */
  static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
    }
    return Math.abs(v) >= 1000
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A duration such as {@code 1h 05m}, {@code 3m 20s} or {@code 12.5 s}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }

  /** The mean of the finite values among the last {@code n}; {@code NaN} if there are none. */
  static double tailMean(double[] v, int n) {
    double s = 0;
    int c = 0;
    for (int i = Math.max(0, v.length - n); i < v.length; i++) {
      if (Double.isFinite(v[i])) {
        s += v[i];
        c++;
      }
    }
    return c == 0 ? Double.NaN : s / c;
  }

  /** The median of the finite values; {@code NaN} if there are none. */
  static double median(double[] v) {
    double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
    if (f.length == 0) {
      return Double.NaN;
    }
    return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
  }
}

package io.github.samegan.detect;

/** The range checks of this package's builders and records, with one message shape. */
final class Checks {
  private Checks() {}

  /**
   * Returns {@code v} if {@code lo ≤ v ≤ hi}.
   *
   * @throws IllegalArgumentException "WHAT must be in [lo, hi], found v"
   */
  static long inRange(String what, long v, long lo, long hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "], found " + v);
    }
    return v;
  }

  /** {@link #inRange(String, long, long, long)} for ints. */
  static int inRange(String what, int v, int lo, int hi) {
    return (int) inRange(what, (long) v, lo, hi);
  }

  /**
   * Returns {@code v} if {@code lo ≤ v ≤ hi} (NaN is refused).
   *
   * @throws IllegalArgumentException "WHAT must be in [lo, hi], found v"
   */
  static double inRange(String what, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "], found " + v);
    }
    return v;
  }
}

package io.github.samegan.examples.study;

/**
 * The statistics of a human real-vs-fake study: a proportion with its Wilson score interval and an
 * exact two-sided binomial test.
 *
 * <p>The study's target is a correct-guess rate of 50%: people cannot tell generated images from
 * real ones. A small p-value against 0.5 says they can (accuracy above 50%), or that they are
 * systematically fooled (below 50%).
 */
public final class Stats {
  /** The standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975). */
  public static final double Z95 = 1.959964;

  private Stats() {}

  /** A lower and upper bound. */
  public record Interval(double lower, double upper) {}

  /**
   * The Wilson score interval for {@code k} successes in {@code n} trials (E. B. Wilson, 1927,
   * "Probable inference, the law of succession, and statistical inference"):
   *
   * <pre>
   * centre = (p̂ + z²/2n) / (1 + z²/n)
   * half   = z √(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
   * </pre>
   *
   * @param k successes, {@code 0 ≤ k ≤ n}
   * @param n trials, {@code n ≥ 1}
   * @param z the normal quantile, e.g. {@link #Z95}
   * @return the interval, clipped to [0, 1]
   */
  public static Interval wilson(long k, long n, double z) {
    check(k, n);
    if (n == 0) {
      throw new IllegalArgumentException("n must be >= 1 for an interval, found 0");
    }
    double p = (double) k / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** The 95% Wilson interval. */
  public static Interval wilson95(long k, long n) {
    return wilson(k, n, Z95);
  }

  /**
   * The exact two-sided binomial test p-value of {@code k} successes in {@code n} trials against
   * success probability {@code p0}: the total probability of every outcome no more likely than the
   * observed one (the definition {@code scipy.stats.binomtest} uses, with the same relative
   * tolerance of 1e-7 for ties).
   *
   * @param k successes, {@code 0 ≤ k ≤ n}
   * @param n trials, {@code n ≥ 0}
   * @param p0 the null success probability, in (0, 1)
   * @return the p-value in [0, 1] (1 when n = 0)
   */
  public static double binomialTwoSided(long k, long n, double p0) {
    check(k, n);
    if (!(p0 > 0 && p0 < 1)) {
      throw new IllegalArgumentException("p0 must be in (0, 1), found " + p0);
    }
    if (n == 0) {
      return 1.0;
    }
    int nn = Math.toIntExact(n);
    double[] logFact = new double[nn + 1];
    for (int i = 1; i <= nn; i++) {
      logFact[i] = logFact[i - 1] + Math.log(i);
    }
    double lp = Math.log(p0);
    double lq = Math.log1p(-p0);
    double observed = logPmf(logFact, nn, (int) k, lp, lq);
    double threshold = observed + Math.log1p(1e-7);
    double sum = 0;
    for (int i = 0; i <= nn; i++) {
      double lpmf = logPmf(logFact, nn, i, lp, lq);
      if (lpmf <= threshold) {
        sum += Math.exp(lpmf);
      }
    }
    return Math.min(1.0, sum);
  }

  private static double logPmf(double[] logFact, int n, int i, double lp, double lq) {
    return logFact[n] - logFact[i] - logFact[n - i] + i * lp + (n - i) * lq;
  }

  private static void check(long k, long n) {
    if (n < 0 || k < 0 || k > n) {
      throw new IllegalArgumentException("Need 0 <= k <= n, found k=" + k + ", n=" + n);
    }
  }
}

package io.github.samegan.detect;

import java.util.Arrays;
import java.util.Objects;

/**
 * The numbers CNNDetection reports (Wang et al. 2020, "CNN-generated images are surprisingly easy
 * to spot… for now", <a href="https://arxiv.org/abs/1912.11035">arXiv:1912.11035</a>), computed
 * from the detector's probabilities {@code p = P(fake | x)} of a set of real and a set of generated
 * images. "Fake" is the positive class, as in the paper.
 *
 * <ul>
 *   <li><b>Average precision</b> (threshold-free), as scikit-learn's {@code
 *       average_precision_score}: {@code AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ} over the distinct scores {@code
 *       tₙ} in decreasing order, where {@code Pₙ} and {@code Rₙ} are the precision and recall of
 *       the rule "fake iff p ≥ tₙ" and {@code R₀ = 0}. Tied scores enter together (one step). A
 *       detector that ranks at random has AP ≈ the fraction of fakes (0.5 for balanced sets).
 *   <li><b>ROC AUC</b>: the probability that a random fake scores above a random real image, ties
 *       counting one half (Mann–Whitney), equal to the area under the ROC curve drawn through the
 *       tied groups.
 *   <li><b>Accuracy on real / on fake</b> at a threshold: the fraction of real images with {@code p
 *       < t} and of fakes with {@code p ≥ t}.
 * </ul>
 */
public final class DetectionMetrics {
  private DetectionMetrics() {}

  /**
   * Average precision with the fakes as positives.
   *
   * @param real probabilities of the real images (at least one)
   * @param fake probabilities of the generated images (at least one)
   * @throws IllegalArgumentException if a set is empty or a score is NaN
   */
  public static double averagePrecision(double[] real, double[] fake) {
    check(real, fake);
    int n = real.length + fake.length;
    double[] scores = new double[n];
    boolean[] positive = new boolean[n];
    Integer[] order = sortedDescending(real, fake, scores, positive);
    double ap = 0;
    double previousRecall = 0;
    int tp = 0;
    int seen = 0;
    int i = 0;
    while (i < n) {
      double t = scores[order[i]];
      while (i < n && scores[order[i]] == t) { // one step per distinct score
        if (positive[order[i]]) {
          tp++;
        }
        seen++;
        i++;
      }
      double recall = (double) tp / fake.length;
      double precision = (double) tp / seen;
      ap += (recall - previousRecall) * precision;
      previousRecall = recall;
    }
    return ap;
  }

  /**
   * Area under the ROC curve: {@code P(p_fake > p_real) + ½·P(p_fake = p_real)}.
   *
   * @param real probabilities of the real images (at least one)
   * @param fake probabilities of the generated images (at least one)
   * @throws IllegalArgumentException if a set is empty or a score is NaN
   */
  public static double rocAuc(double[] real, double[] fake) {
    check(real, fake);
    double[] r = real.clone();
    Arrays.sort(r);
    double wins = 0;
    for (double f : fake) {
      int below = lowerBound(r, f);
      int notAbove = upperBound(r, f);
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) real.length * fake.length);
  }

  /** Fraction of real images with {@code p < threshold} (called real). */
  public static double accuracyOnReal(double[] real, double threshold) {
    requireNonEmpty(real, "real");
    long correct = Arrays.stream(real).filter(p -> p < threshold).count();
    return (double) correct / real.length;
  }

  /** Fraction of generated images with {@code p ≥ threshold} (called fake): the detection rate. */
  public static double accuracyOnFake(double[] fake, double threshold) {
    requireNonEmpty(fake, "fake");
    long correct = Arrays.stream(fake).filter(p -> p >= threshold).count();
    return (double) correct / fake.length;
  }

  /**
   * The threshold with the best balanced accuracy {@code (acc_real + acc_fake) / 2} on the given
   * (validation) scores. Candidates are 0.5 and the midpoints between consecutive distinct scores;
   * among equally good candidates the one nearest 0.5 wins (then the lower), so a detector that is
   * already calibrated keeps 0.5.
   *
   * @throws IllegalArgumentException if a set is empty or a score is NaN
   */
  public static double bestThreshold(double[] real, double[] fake) {
    check(real, fake);
    double[] all = new double[real.length + fake.length];
    System.arraycopy(real, 0, all, 0, real.length);
    System.arraycopy(fake, 0, all, real.length, fake.length);
    double[] distinct = Arrays.stream(all).sorted().distinct().toArray();
    double[] r = real.clone();
    double[] f = fake.clone();
    Arrays.sort(r);
    Arrays.sort(f);
    double best = 0.5;
    double bestScore = balancedAccuracy(r, f, 0.5);
    for (int i = 0; i + 1 < distinct.length; i++) {
      double t = distinct[i] + (distinct[i + 1] - distinct[i]) / 2;
      double score = balancedAccuracy(r, f, t);
      double d = Math.abs(t - 0.5);
      double bestD = Math.abs(best - 0.5);
      if (score > bestScore || (score == bestScore && (d < bestD || (d == bestD && t < best)))) {
        best = t;
        bestScore = score;
      }
    }
    return best;
  }

  /** {@code (acc_real + acc_fake) / 2} of sorted score arrays at {@code t}. */
  private static double balancedAccuracy(double[] sortedReal, double[] sortedFake, double t) {
    double accReal = (double) lowerBound(sortedReal, t) / sortedReal.length;
    double accFake = (double) (sortedFake.length - lowerBound(sortedFake, t)) / sortedFake.length;
    return (accReal + accFake) / 2;
  }

  /** Number of elements {@code < v} in a sorted array. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of elements {@code ≤ v} in a sorted array. */
  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static Integer[] sortedDescending(
      double[] real, double[] fake, double[] scores, boolean[] positive) {
    System.arraycopy(real, 0, scores, 0, real.length);
    System.arraycopy(fake, 0, scores, real.length, fake.length);
    Arrays.fill(positive, real.length, scores.length, true);
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    return order;
  }

  private static void check(double[] real, double[] fake) {
    requireNonEmpty(real, "real");
    requireNonEmpty(fake, "fake");
  }

  private static void requireNonEmpty(double[] scores, String which) {
    Objects.requireNonNull(scores, which);
    if (scores.length == 0) {
      throw new IllegalArgumentException(
          "Need at least one " + which + " image's score, found none");
    }
    for (double s : scores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("A " + which + " image's score is NaN");
      }
    }
  }
}

package io.github.samegan.core.loss;

import java.util.Locale;

/**
 * The weight of a {@link GeneratorTerm} over training: off (0) up to and including step {@code
 * start}, then ramped linearly to {@code weight} over {@code ramp} steps, then constant:
 *
 * <pre>
 *   w(s) = 0                                 for s ≤ start
 *   w(s) = weight · min(1, (s − start) / ramp) for s > start   (ramp = 0: weight at once)
 * </pre>
 *
 * where {@code s} is the 1-based training step of the generator update. The value is fed to the
 * graph as a scalar placeholder each update, so nothing is rebuilt; it is a function of the
 * generator's update count, which checkpoints keep, so a resumed run continues the schedule.
 *
 * @param weight the final weight λ (≥ 0, finite)
 * @param start steps with the term off (≥ 0)
 * @param ramp steps over which the weight rises linearly to {@code weight} (≥ 0)
 */
public record WeightSchedule(double weight, long start, long ramp) {

  /** Validates the fields. */
  public WeightSchedule {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "A term's weight must be a finite number >= 0, found " + weight);
    }
    if (start < 0) {
      throw new IllegalArgumentException("The schedule's start must be >= 0 steps, found " + start);
    }
    if (ramp < 0) {
      throw new IllegalArgumentException("The schedule's ramp must be >= 0 steps, found " + ramp);
    }
  }

  /** {@code weight} from the first step on. */
  public static WeightSchedule constant(double weight) {
    return new WeightSchedule(weight, 0, 0);
  }

  /** The weight at training step {@code step} (1-based). */
  public double at(long step) {
    if (step <= start) {
      return 0;
    }
    if (ramp == 0) {
      return weight;
    }
    return weight * Math.min(1.0, (double) (step - start) / ramp);
  }

  /** E.g. {@code "0.5 (off to step 200, ramp 300)"} or {@code "0.5"}. */
  public String describe() {
    String w = String.format(Locale.ROOT, "%s", weight);
    return start == 0 && ramp == 0
        ? w
        : w + " (off to step " + start + ", linear ramp over " + ramp + " steps)";
  }
}

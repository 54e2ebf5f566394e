package io.github.samegan.detect;

import io.github.samegan.core.ImageShape;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

/**
 * What a saved detector is and how it was made: its network, the image shape it takes, its decision
 * threshold and where that threshold came from, what it was trained on, and how well it did on its
 * held-out validation split. Stored in the detector file's manifest ({@link DetectorFiles}).
 *
 * @param architecture the network's spec, e.g. {@code resnet:widths=16,32,64;blocks=1}
 * @param imageShape the only image shape the detector takes
 * @param threshold images with {@code P(fake) ≥ threshold} are called generated
 * @param thresholdSource how the threshold was set, e.g. {@code "auto: best balanced accuracy on
 *     the validation split (400 real, 400 fake)"} or {@code "fixed: --threshold 0.5"}
 * @param realSource the real training images (e.g. {@code "fashion-mnist train"})
 * @param fakeSources one description per generator or folder the fakes came from
 * @param augmentation the training augmentation's spec ({@code none} for none)
 * @param trainSteps training steps taken
 * @param seed the seed of weights, data order, split and augmentation
 * @param validation the scores on the validation split, or null if none was held out
 */
public record DetectorInfo(
    String architecture,
    ImageShape imageShape,
    double threshold,
    String thresholdSource,
    String realSource,
    List<String> fakeSources,
    String augmentation,
    long trainSteps,
    long seed,
    Validation validation) {

  /** Validates the fields. */
  public DetectorInfo {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(imageShape, "imageShape");
    Objects.requireNonNull(thresholdSource, "thresholdSource");
    Objects.requireNonNull(realSource, "realSource");
    Objects.requireNonNull(augmentation, "augmentation");
    fakeSources = List.copyOf(fakeSources);
    requireThreshold(threshold);
    Checks.inRange("trainSteps", trainSteps, 0, Long.MAX_VALUE);
  }

  /**
   * Checks a decision threshold.
   *
   * @throws IllegalArgumentException unless {@code 0 ≤ t ≤ 1}
   */
  public static double requireThreshold(double t) {
    return Checks.inRange("The threshold", t, 0, 1);
  }

  /** The same detector with another threshold. */
  public DetectorInfo withThreshold(double t, String source) {
    return new DetectorInfo(
        architecture,
        imageShape,
        t,
        source,
        realSource,
        fakeSources,
        augmentation,
        trainSteps,
        seed,
        validation);
  }

  /** E.g. {@code "threshold 0.4123 (auto: …)"}. */
  public String thresholdSummary() {
    return "threshold " + shortNumber(threshold) + " (" + thresholdSource + ")";
  }

  /**
   * A probability to four significant digits without trailing zeros, e.g. {@code 0.5}, {@code
   * 0.4123}.
   */
  static String shortNumber(double v) {
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /**
   * Scores on the held-out validation split at the stored threshold.
   *
   * @param realCount real validation images
   * @param fakeCount generated validation images
   * @param averagePrecision AP (fake positive)
   * @param rocAuc ROC AUC
   * @param accuracyOnReal fraction of real images called real
   * @param accuracyOnFake fraction of generated images called generated
   */
  public record Validation(
      int realCount,
      int fakeCount,
      double averagePrecision,
      double rocAuc,
      double accuracyOnReal,
      double accuracyOnFake) {

    /** Accuracy over all validation images. */
    public double accuracy() {
      return (accuracyOnReal * realCount + accuracyOnFake * fakeCount) / (realCount + fakeCount);
    }
  }
}

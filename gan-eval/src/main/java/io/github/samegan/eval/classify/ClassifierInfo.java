package io.github.samegan.eval.classify;

import io.github.samegan.core.ImageShape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a saved classifier is: its architecture and classes, and how well it classifies held-out
 * images. Stored in the manifest of a classifier file ({@link ClassifierFiles}); the test accuracy
 * is reported next to every metric computed with the classifier's features, because a feature space
 * is only as meaningful as the classifier behind it.
 *
 * @param architecture the network's {@link ClassifierNetwork#spec()}
 * @param imageShape the image shape it takes
 * @param classNames one name per class (K = size)
 * @param dataset the data set it was trained on (e.g. {@code "fashion-mnist"})
 * @param testSplit the held-out images the accuracy was measured on (e.g. {@code "test"} or {@code
 *     "holdout 10% (seed 0)"})
 * @param testCount number of held-out images (0 if not measured)
 * @param testAccuracy accuracy on them in [0, 1], or NaN if not measured
 * @param trainSteps training steps taken
 * @param seed the weight-initialisation seed
 * @param metadata free-form entries stored with the classifier (e.g. a real-vs-fake detector's
 *     threshold, see gan-detect); empty for a plain classifier
 */
public record ClassifierInfo(
    String architecture,
    ImageShape imageShape,
    List<String> classNames,
    String dataset,
    String testSplit,
    long testCount,
    double testAccuracy,
    long trainSteps,
    long seed,
    Map<String, String> metadata) {

  /** Validates the fields; copies the metadata (keeping its order). */
  public ClassifierInfo {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(imageShape, "imageShape");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(testSplit, "testSplit");
    classNames = List.copyOf(classNames);
    metadata =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
    if (classNames.size() < 2) {
      throw new IllegalArgumentException(
          "A classifier needs at least 2 classes, found " + classNames.size());
    }
    if (!Double.isNaN(testAccuracy) && !(testAccuracy >= 0 && testAccuracy <= 1)) {
      throw new IllegalArgumentException(
          "testAccuracy must be in [0, 1] or NaN, found " + testAccuracy);
    }
    if (testCount < 0 || trainSteps < 0) {
      throw new IllegalArgumentException(
          "testCount and trainSteps must be >= 0, found " + testCount + " and " + trainSteps);
    }
  }

  /** A classifier without metadata. */
  public ClassifierInfo(
      String architecture,
      ImageShape imageShape,
      List<String> classNames,
      String dataset,
      String testSplit,
      long testCount,
      double testAccuracy,
      long trainSteps,
      long seed) {
    this(
        architecture,
        imageShape,
        classNames,
        dataset,
        testSplit,
        testCount,
        testAccuracy,
        trainSteps,
        seed,
        Map.of());
  }

  /** The same information with other metadata. */
  public ClassifierInfo withMetadata(Map<String, String> entries) {
    return new ClassifierInfo(
        architecture,
        imageShape,
        classNames,
        dataset,
        testSplit,
        testCount,
        testAccuracy,
        trainSteps,
        seed,
        entries);
  }

  /** Number of classes K. */
  public int numClasses() {
    return classNames.size();
  }

  /**
   * E.g. {@code "test acc 91.2% on fashion-mnist test (n=10000)"}, or {@code "test acc unknown"}.
   */
  public String accuracySummary() {
    if (Double.isNaN(testAccuracy)) {
      return "test acc unknown";
    }
    return String.format(
        Locale.ROOT,
        "test acc %.1f%% on %s %s (n=%d)",
        100 * testAccuracy,
        dataset,
        testSplit,
        testCount);
  }
}

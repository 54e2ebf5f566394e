package io.github.samegan.eval.classify;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A classifier read from a file, with its manifest.
 *
 * @param classifier the network with its weights
 * @param info what it is and how well it classifies
 * @param file the file it was read from
 */
public record SavedClassifier(Classifier classifier, ClassifierInfo info, Path file) {

  /** Requires every part. */
  public SavedClassifier {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(file, "file");
  }
}

package io.github.samegan.spark;

import io.github.samegan.eval.metrics.FeatureExtractor;
import java.io.Serializable;

/**
 * Builds a {@link FeatureExtractor} on the executor. Feature networks hold native arrays and are
 * not serializable, so a task receives this small recipe instead (a lambda over a file path or a
 * few numbers) and calls it once per task.
 *
 * <pre>{@code
 * FeatureExtractorFactory f =
 *     () -> new ClassifierFeatureExtractor(SavedClassifier.load(Path.of("/shared/fmnist-cnn.zip")));
 * }</pre>
 */
@FunctionalInterface
public interface FeatureExtractorFactory extends Serializable {

  /** A new extractor (called on the executor). */
  FeatureExtractor create();
}

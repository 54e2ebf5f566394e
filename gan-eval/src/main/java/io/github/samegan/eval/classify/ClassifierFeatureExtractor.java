package io.github.samegan.eval.classify;

import io.github.samegan.eval.metrics.FeatureExtractor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Metric features from a trained {@link Classifier}: the pooled penultimate activations as features
 * and the softmax of the logits as class probabilities (for the classifier score), from one
 * inference pass per batch.
 *
 * <p>The {@link #description()} names the file, the architecture and the classifier's held-out
 * accuracy, e.g. {@code classifier:fmnist.zip (resnet:widths=32,64,128;blocks=1, test acc 91.3% on
 * fashion-mnist test (n=10000))}, so that every {@link io.github.samegan.eval.metrics.MetricReport}
 * and statistics file records how good the feature network was. No resizing is applied: images must
 * already have the classifier's shape (32×32 in [−1, 1]); {@link #features} rejects other shapes
 * with a message naming both.
 */
public final class ClassifierFeatureExtractor implements FeatureExtractor {
  private final Classifier classifier;
  private final String description;

  /**
   * Wraps a classifier.
   *
   * @param classifier the trained classifier
   * @param description what {@link #description()} returns; should name the classifier and its test
   *     accuracy
   */
  public ClassifierFeatureExtractor(Classifier classifier, String description) {
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException(
          "description must be non-blank, found '" + description + "'");
    }
    this.description = description;
  }

  /** Features from a classifier read from a file, described by the file name and its manifest. */
  public static ClassifierFeatureExtractor of(SavedClassifier saved) {
    ClassifierInfo info = saved.info();
    return new ClassifierFeatureExtractor(
        saved.classifier(),
        "classifier:"
            + saved.file().getFileName()
            + " ("
            + info.architecture()
            + ", "
            + info.accuracySummary()
            + ")");
  }

  /** Loads a classifier file ({@link ClassifierFiles#load}) and wraps it. */
  public static ClassifierFeatureExtractor load(Path file) throws IOException {
    return of(ClassifierFiles.load(file));
  }

  /** The wrapped classifier. */
  public Classifier classifier() {
    return classifier;
  }

  @Override
  public int dimension() {
    return classifier.network().featureDimension();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String preprocessing() {
    return "none: " + classifier.inputShape() + " in [-1,1], no resize";
  }

  @Override
  public INDArray features(INDArray images) {
    return classifier.predict(images).features();
  }

  @Override
  public boolean providesProbabilities() {
    return true;
  }

  @Override
  public INDArray probabilities(INDArray images) {
    return classifier.predict(images).probabilities();
  }

  @Override
  public Output extract(INDArray images, boolean withProbabilities) {
    Classifier.Prediction p = classifier.predict(images);
    return new Output(p.features(), withProbabilities ? p.probabilities() : null);
  }
}

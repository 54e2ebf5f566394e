package io.github.samegan.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network that maps images to feature vectors (and optionally class probabilities), the one piece
 * a metric needs from a model. Inception-v3 pool features give the published FID/KID/IS; any
 * classifier trained on the data set (e.g. its penultimate layer and softmax) gives the same
 * metrics in its own feature space, comparable only under the same {@link #description()} and
 * {@link #preprocessing()}.
 *
 * <p>Implementations are called batch by batch from {@link FeatureCollector} and should not keep
 * references to their inputs.
 */
public interface FeatureExtractor {

  /** Feature dimension D. */
  int dimension();

  /**
   * What the network is, precisely enough to tell two feature spaces apart, e.g. {@code
   * "classifier:models/fmnist-cnn.zip (test acc 91.2%)"} or {@code "inception-v3 pool3 (pytorch-fid
   * weights)"}. Part of every {@link StatisticsKey} and {@link MetricReport}.
   */
  String description();

  /**
   * How images are prepared before the network, e.g. {@code "bilinear resize 28x28 -> 32x32"};
   * {@code "none"} by default. Part of every {@link StatisticsKey} and {@link MetricReport}.
   */
  default String preprocessing() {
    return "none";
  }

  /**
   * Features of a batch of images.
   *
   * @param images [B, C, H, W] with values in [−1, 1] (the generator's tanh range)
   * @return [B, D] features (any floating type; metrics convert to double)
   */
  INDArray features(INDArray images);

  /** Whether {@link #probabilities(INDArray)} is available (for the classifier score). */
  default boolean providesProbabilities() {
    return false;
  }

  /**
   * Class probabilities p(y|x) of a batch (rows non-negative, summing to 1).
   *
   * @param images [B, C, H, W] in [−1, 1]
   * @return [B, K] probabilities
   * @throws UnsupportedOperationException if {@link #providesProbabilities()} is false
   */
  default INDArray probabilities(INDArray images) {
    throw new UnsupportedOperationException(
        "feature extractor '" + description() + "' gives no class probabilities");
  }

  /**
   * Features and, when {@code withProbabilities}, probabilities of one batch. The default calls
   * {@link #features} and {@link #probabilities} separately; override it to share one forward pass.
   */
  default Output extract(INDArray images, boolean withProbabilities) {
    return new Output(features(images), withProbabilities ? probabilities(images) : null);
  }

  /**
   * One batch's outputs.
   *
   * @param features [B, D]
   * @param probabilities [B, K], or null when not requested
   */
  record Output(INDArray features, INDArray probabilities) {}
}

/**
 * Supervised image classifiers and the feature networks built from them, for the metrics ({@code
 * io.github.samegan.eval.metrics}) and the real-vs-fake detector.
 *
 * <ul>
 *   <li>{@link io.github.samegan.eval.classify.ClassifierNetwork}: images {@code [B, C, H, W]} →
 *       logits {@code [B, K]} and pooled features {@code [B, D]}; {@link
 *       io.github.samegan.eval.classify.ResNetClassifier} is a small ResNet for 32×32 images.
 *   <li>{@link io.github.samegan.eval.classify.Classifier}: a network with its weights, a training
 *       and an inference graph over one parameter store (as {@code train/Gan} does), prediction and
 *       accuracy; {@link io.github.samegan.eval.classify.ClassifierTrainer} trains it with softmax
 *       cross-entropy built from elementwise ops and in-place ND4J updaters.
 *   <li>{@link io.github.samegan.eval.classify.ClassifierFiles}: atomic save/load of a classifier
 *       with its manifest ({@link io.github.samegan.eval.classify.ClassifierInfo}: architecture,
 *       classes, data set, test accuracy).
 *   <li>{@link io.github.samegan.eval.classify.ClassifierFeatureExtractor}: metric features from a
 *       trained classifier; {@link io.github.samegan.eval.classify.InceptionFeatureExtractor}: the
 *       FID Inception graph ({@code classify_image_graph_def.pb}) imported with SameDiff's
 *       TensorFlow importer, with the workarounds it needs (docs/metrics.md).
 * </ul>
 */
package io.github.samegan.eval.classify;

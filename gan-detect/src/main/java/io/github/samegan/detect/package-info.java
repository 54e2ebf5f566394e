/**
 * Real-vs-generated image detection in the CNNDetection style (Wang et al. 2020, <a
 * href="https://arxiv.org/abs/1912.11035">arXiv:1912.11035</a>): train a detector, evaluate it, and
 * score generators by how often their images are caught.
 *
 * <ul>
 *   <li>{@link io.github.samegan.detect.Detector}: a two-class ResNet (core's {@code Classifier})
 *       giving {@code P(fake)}, with a decision threshold; it takes one image shape only.
 *   <li>{@link io.github.samegan.detect.DetectorTrainer}: trains one on real images against one or
 *       more generators' images with {@link io.github.samegan.detect.DetectorAugmentation} (blur
 *       and JPEG, each with probability 0.5, crop, flip), holds out a validation split and chooses
 *       the threshold there (or takes a fixed one).
 *   <li>{@link io.github.samegan.detect.DetectorFiles}: save/load (a classifier file with detector
 *       entries in its manifest).
 *   <li>{@link io.github.samegan.detect.DetectionMetrics}: AP, ROC AUC, accuracies and threshold
 *       choice; {@link io.github.samegan.detect.DetectionEvaluator} and {@link
 *       io.github.samegan.detect.DetectionReport}: per-generator and overall tables with blur and
 *       JPEG robustness sweeps, as text and JSON.
 *   <li>{@link io.github.samegan.detect.DetectionCallback}: the detection rate of the generator
 *       being trained, every N steps, into a CSV log.
 *   <li>{@link io.github.samegan.detect.DetectorTerm}: detector-aware training, a trained detector
 *       as a frozen extra critic in the generator's update (core's {@code GeneratorTerm}): G also
 *       minimises λ·mean −log P(real) under the detector, whose weights stay constant.
 *   <li>{@link io.github.samegan.detect.ImageSets}: generated images quantised to 8 bits, as saved
 *       images are, before any detector sees them.
 * </ul>
 */
package io.github.samegan.detect;

package io.github.samegan.detect;

import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.augment.Augmentations;
import io.github.samegan.data.augment.Border;

/**
 * CNNDetection's training augmentation (Wang et al. 2020, §4.2 "Blur+JPEG (0.5)"), in its order: a
 * Gaussian blur with σ uniform in [0, 3] with probability {@code blurProbability}, then JPEG
 * re-compression at a quality uniform in [30, 100] with probability {@code jpegProbability}, then a
 * random crop and a horizontal flip half of the time. The same augmentation is applied to real and
 * generated images alike.
 *
 * <p>The paper crops 224×224 out of 256×256 images; a detector here keeps its input size, so the
 * crop pads by {@code cropPadding} reflected pixels and crops back to the original size (a random
 * shift), gan-data's {@code crop:P}.
 *
 * @param blurProbability chance of the blur, in [0, 1] (paper: 0.5)
 * @param jpegProbability chance of the JPEG re-compression, in [0, 1] (paper: 0.5)
 * @param cropPadding the random crop's padding in pixels, 0 for none
 * @param flip whether to flip horizontally half of the time
 */
public record DetectorAugmentation(
    double blurProbability, double jpegProbability, int cropPadding, boolean flip) {
  /** Largest blur σ (pixels). */
  public static final double MAX_SIGMA = 3;

  /** Lowest JPEG quality. */
  public static final int MIN_QUALITY = 30;

  /** Highest JPEG quality. */
  public static final int MAX_QUALITY = 100;

  /** The paper's setting: blur and JPEG each with probability 0.5, crop (4 px here) and flip. */
  public static final DetectorAugmentation DEFAULT = new DetectorAugmentation(0.5, 0.5, 4, true);

  /** No augmentation at all. */
  public static final DetectorAugmentation NONE = new DetectorAugmentation(0, 0, 0, false);

  /** Validates the values. */
  public DetectorAugmentation {
    Checks.inRange("The blur probability", blurProbability, 0, 1);
    Checks.inRange("The JPEG probability", jpegProbability, 0, 1);
    Checks.inRange("The crop padding (pixels)", cropPadding, 0, 64);
  }

  /** The augmentation as a gan-data pipeline with the given seed. */
  public AugmentPipeline pipeline(long seed) {
    AugmentPipeline.Builder b = AugmentPipeline.builder().seed(seed);
    if (blurProbability > 0) {
      b.add(Augmentations.gaussianBlur(0, MAX_SIGMA), blurProbability);
    }
    if (jpegProbability > 0) {
      b.add(Augmentations.jpeg(MIN_QUALITY, MAX_QUALITY), jpegProbability);
    }
    if (cropPadding > 0) {
      b.add(Augmentations.randomCrop(cropPadding, Border.REFLECT));
    }
    if (flip) {
      b.add(Augmentations.horizontalFlip(), 0.5);
    }
    return b.build();
  }

  /** The pipeline's spec, e.g. {@code blur:0-3@0.5,jpeg:30-100@0.5,crop:4:reflect,hflip}. */
  public String spec() {
    return pipeline(0).spec();
  }
}

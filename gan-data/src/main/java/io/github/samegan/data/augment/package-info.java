/**
 * Seeded, reproducible image augmentation.
 *
 * <p>An {@link io.github.samegan.data.augment.Augmentation} transforms one CHW float image in [-1,
 * 1] with random choices drawn from a generator it is given; {@link
 * io.github.samegan.data.augment.Augmentations} creates the standard ones (flips, crops, rotation,
 * translation, colour jitter, grayscale, blur, JPEG re-compression, noise, cutout, random erasing,
 * normalisation). An {@link io.github.samegan.data.augment.AugmentPipeline} chains them, each with
 * a probability, parses specs such as {@code "hflip,crop:4,blur:0.1-2.0@0.5"}, and derives every
 * image's random choices from {@code (seed, epoch, index)} alone, so results do not depend on
 * threads or order. Plug it into {@link io.github.samegan.data.BatchIterator.Builder#augment} for
 * training, or wrap a data set in an {@link io.github.samegan.data.augment.AugmentedDataset} to
 * write an enlarged copy.
 */
package io.github.samegan.data.augment;

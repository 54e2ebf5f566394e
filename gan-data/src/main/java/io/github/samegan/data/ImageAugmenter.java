package io.github.samegan.data;

/**
 * Transforms one image of a batch, e.g. a random flip or crop, as a pure function of the image, the
 * epoch and the example's index in the data set.
 *
 * <p>{@link BatchIterator} calls it for every example it hands out (see {@link
 * BatchIterator.Builder#augment}). To keep the iterator's determinism guarantee, an implementation
 * must derive all randomness from {@code (epoch, index)} and its own fixed configuration (never
 * from a shared random generator or the calling thread), and must be safe to call from several
 * threads at once. {@code io.github.samegan.data.augment.AugmentPipeline} is the standard
 * implementation.
 */
@FunctionalInterface
public interface ImageAugmenter {

  /**
   * Returns the augmented version of one image.
   *
   * @param image {@code info.pixels()} CHW floats, normally in [-1, 1]; the callee owns it and may
   *     modify it in place
   * @param info the image's shape
   * @param epoch the epoch in which the image is being visited, at least 0
   * @param index the example's index in the data set
   * @return the augmented image, of the same length (possibly {@code image} itself)
   */
  float[] augment(float[] image, ImageInfo info, long epoch, int index);
}

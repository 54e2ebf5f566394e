package io.github.samegan.data.augment;

import io.github.samegan.data.ImageInfo;
import java.util.SplittableRandom;

/**
 * One random image transformation, e.g. a flip or a blur, applied to a single image.
 *
 * <p>Images are CHW floats in [-1, 1] (a pixel byte {@code p} is {@code p / 127.5 - 1}), the
 * representation {@link io.github.samegan.data.ImageDataset} hands out. An augmentation keeps the
 * shape and, except for {@link Augmentations#normalize}, the value range. All its randomness must
 * come from {@code rng}, so that the same generator state gives the same result; it must not keep
 * mutable state, so that one instance can be used from several threads.
 *
 * <p>The ready-made augmentations are created by {@link Augmentations}; their {@code toString()} is
 * their token in the {@link AugmentPipeline#parse spec syntax}.
 */
@FunctionalInterface
public interface Augmentation {

  /**
   * Transforms one image.
   *
   * @param image {@code info.pixels()} CHW values; may be modified in place
   * @param info the image's shape
   * @param rng the random generator to draw every random choice from
   * @return the transformed image, of the same length ({@code image} itself or a new array)
   */
  float[] apply(float[] image, ImageInfo info, SplittableRandom rng);
}

package io.github.samegan.core;

/**
 * The shape of one image in NCHW layout, without the batch dimension.
 *
 * @param channels number of channels (1 for grayscale, 3 for RGB)
 * @param height image height in pixels
 * @param width image width in pixels
 */
public record ImageShape(int channels, int height, int width) {

  /** Validates that every dimension is positive. */
  public ImageShape {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "Image shape dimensions must be positive, found channels="
              + channels
              + ", height="
              + height
              + ", width="
              + width);
    }
  }

  /** Square RGB image of the given size. */
  public static ImageShape rgb(int size) {
    return new ImageShape(3, size, size);
  }

  /** Square single-channel image of the given size. */
  public static ImageShape gray(int size) {
    return new ImageShape(1, size, size);
  }

  /** Number of values in one image: channels × height × width. */
  public long size() {
    return (long) channels * height * width;
  }

  /** The NCHW array shape of a batch of {@code batch} images. */
  public long[] batchShape(long batch) {
    return new long[] {batch, channels, height, width};
  }

  /** The per-example shape {@code [C, H, W]}. */
  public long[] toArray() {
    return new long[] {channels, height, width};
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}

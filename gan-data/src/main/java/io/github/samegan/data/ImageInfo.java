package io.github.samegan.data;

/**
 * The shape of every image in a data set: channels, height and width (CHW order).
 *
 * @param channels number of colour channels: 1 (grayscale) or 3 (RGB)
 * @param height image height in pixels, at least 1
 * @param width image width in pixels, at least 1
 */
public record ImageInfo(int channels, int height, int width) {

  /** Largest supported height or width, to keep {@link #pixels()} well inside an int. */
  public static final int MAX_SIDE = 8192;

  /**
   * Validates the shape.
   *
   * @param channels number of colour channels: 1 or 3
   * @param height image height in pixels, in [1, {@value #MAX_SIDE}]
   * @param width image width in pixels, in [1, {@value #MAX_SIDE}]
   * @throws IllegalArgumentException if a value is out of range
   */
  public ImageInfo {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "channels must be 1 (grayscale) or 3 (RGB), found " + channels);
    }
    if (height < 1 || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "height must be in [1, " + MAX_SIDE + "], found " + height);
    }
    if (width < 1 || width > MAX_SIDE) {
      throw new IllegalArgumentException("width must be in [1, " + MAX_SIDE + "], found " + width);
    }
  }

  /**
   * Returns a square RGB shape.
   *
   * @param size height and width in pixels
   * @return the shape {@code (3, size, size)}
   */
  public static ImageInfo rgb(int size) {
    return new ImageInfo(3, size, size);
  }

  /**
   * Returns a square grayscale shape.
   *
   * @param size height and width in pixels
   * @return the shape {@code (1, size, size)}
   */
  public static ImageInfo gray(int size) {
    return new ImageInfo(1, size, size);
  }

  /**
   * Returns the number of values in one image, {@code channels * height * width}.
   *
   * @return values per image
   */
  public int pixels() {
    return channels * height * width;
  }

  /**
   * Returns the shape as a {@code long[]} of {@code {channels, height, width}}.
   *
   * @return a fresh array
   */
  public long[] chw() {
    return new long[] {channels, height, width};
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}

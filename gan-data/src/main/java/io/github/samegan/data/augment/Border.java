package io.github.samegan.data.augment;

/**
 * How geometric augmentations (crop with padding, rotation, translation) fill pixels that come from
 * outside the source image.
 */
public enum Border {
  /**
   * Mirror the image at its edge without repeating the edge pixel ({@code dcb|abcd|cba}), so no
   * artificial edge appears; the default, as in StyleGAN2-ADA.
   */
  REFLECT,
  /** Fill with the value 0, the middle of [-1, 1] (mid-grey), as DiffAugment does. */
  ZERO;

  /**
   * Parses {@code reflect} or {@code zero}.
   *
   * @param s the name, case-insensitive
   * @return the border mode
   * @throws IllegalArgumentException if {@code s} is neither
   */
  public static Border parse(String s) {
    return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "reflect" -> REFLECT;
      case "zero" -> ZERO;
      default ->
          throw new IllegalArgumentException(
              "border must be 'reflect' or 'zero', found '" + s + "'");
    };
  }

  /** Returns the spec name, {@code reflect} or {@code zero}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.github.samegan.data;

import java.util.List;

/** Small data sets whose pixels identify the image they belong to. */
final class TestImages {

  private TestImages() {}

  /**
   * A labelled data set of {@code count} (at most 256) images of shape {@code info}: the first
   * value of image {@code i} is {@code i}, value {@code k} is {@code (i * 7 + k) & 0xFF} otherwise,
   * and the label is {@code i % 3}.
   */
  static InMemoryImageDataset indexed(int count, ImageInfo info) {
    int per = info.pixels();
    byte[] pixels = new byte[count * per];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < per; k++) {
        pixels[i * per + k] = (byte) (k == 0 ? i : (i * 7 + k) & 0xFF);
      }
      labels[i] = i % 3;
    }
    return InMemoryImageDataset.labelled(
        "indexed", info, pixels, labels, List.of("zero", "one", "two"));
  }

  /** Recovers the image index from the first value of an image in [-1, 1]. */
  static int indexOf(float firstValue) {
    return Math.round((firstValue + 1f) * 127.5f);
  }
}

package io.github.samegan.data.registry;

import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.util.List;

/**
 * A data set provider found by {@link java.util.ServiceLoader} through {@code
 * src/test/resources/META-INF/services}: the way a user adds a data set without editing SameGAN.
 */
public final class CheckerboardProvider implements DatasetProvider {

  /** Images in the checkerboard set; image {@code i} is filled with the value {@code i}. */
  static final int SIZE = 30;

  @Override
  public List<DatasetEntry> datasets() {
    return List.of(
        DatasetEntry.builder(
                "checkerboard",
                "Grey squares for the registry tests",
                ImageInfo.gray(4),
                r -> checkerboard())
            .aliases("checkers")
            .labels(DatasetLabels.named(List.of("even", "odd")))
            .build());
  }

  /** {@link #SIZE} images of 1x4x4; image i holds the value i everywhere and has label i % 2. */
  static InMemoryImageDataset checkerboard() {
    ImageInfo info = ImageInfo.gray(4);
    byte[] pixels = new byte[SIZE * info.pixels()];
    int[] labels = new int[SIZE];
    for (int i = 0; i < SIZE; i++) {
      for (int k = 0; k < info.pixels(); k++) {
        pixels[i * info.pixels() + k] = (byte) i;
      }
      labels[i] = i % 2;
    }
    return InMemoryImageDataset.labelled(
        "checkerboard", info, pixels, labels, List.of("even", "odd"));
  }
}

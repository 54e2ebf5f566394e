package io.github.samegan.core.train;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of real images and, for labelled data, their classes, as a {@link BatchSource} hands it
 * to the trainer: labels travel with their images, not beside them.
 *
 * @param images {@code [B, C, H, W]} scaled to [−1, 1]
 * @param labels one class in [0, K) per image, or {@code null} for unlabelled data
 */
public record Batch(INDArray images, int[] labels) {

  /** Validates that there is one label per image. */
  public Batch {
    Objects.requireNonNull(images, "images");
    if (images.rank() < 1) {
      throw new IllegalArgumentException("A batch needs a batch dimension, found a scalar");
    }
    if (labels != null && labels.length != images.size(0)) {
      throw new IllegalArgumentException(
          "A batch needs one label per image: "
              + images.size(0)
              + " images, "
              + labels.length
              + " labels");
    }
  }

  /** An unlabelled batch. */
  public static Batch of(INDArray images) {
    return new Batch(images, null);
  }

  /** The number of images. */
  public int size() {
    return (int) images.size(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Batch b && images.equals(b.images) && Arrays.equals(labels, b.labels);
  }

  @Override
  public int hashCode() {
    return 31 * images.hashCode() + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "Batch" + Arrays.toString(images.shape()) + (labels == null ? "" : " with labels");
  }
}

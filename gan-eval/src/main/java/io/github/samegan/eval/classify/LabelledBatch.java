package io.github.samegan.eval.classify;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of images with their class labels.
 *
 * @param images {@code [B, C, H, W]} in [−1, 1]
 * @param labels B labels in {@code [0, K)}
 */
public record LabelledBatch(INDArray images, int[] labels) {

  /** Requires matching sizes. */
  public LabelledBatch {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    if (images.rank() != 4 || images.size(0) != labels.length) {
      throw new IllegalArgumentException(
          "LabelledBatch needs images [B, C, H, W] and B labels, found images "
              + java.util.Arrays.toString(images.shape()) + " and " + labels.length + " labels");
    }
  }

  /** Number of examples B. */
  public int size() {
    return labels.length;
  }
}

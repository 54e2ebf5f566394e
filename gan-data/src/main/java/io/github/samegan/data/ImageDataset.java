package io.github.samegan.data;

import java.util.List;

/**
 * A fixed, indexable set of images of one shape, optionally labelled with a class.
 *
 * <p>Images are exposed as CHW floats in [-1, 1]: a stored 8-bit pixel value {@code p} becomes
 * {@code p / 127.5 - 1}, so black is -1 and white is 1, matching a generator with a {@code tanh}
 * output. Implementations are immutable and safe to read from several threads.
 */
public interface ImageDataset {

  /**
   * Returns the number of images.
   *
   * @return the number of images, at least 1
   */
  int size();

  /**
   * Returns the shape shared by every image.
   *
   * @return channels, height and width
   */
  ImageInfo info();

  /**
   * Returns the number of classes, or 0 if the data set is unlabelled.
   *
   * @return the number of classes
   */
  int numClasses();

  /**
   * Returns the class names, indexed by label; empty if the data set is unlabelled.
   *
   * @return an unmodifiable list of {@link #numClasses()} names
   */
  List<String> classNames();

  /**
   * Writes image {@code index} as {@code info().pixels()} CHW floats in [-1, 1] into {@code dest}
   * starting at {@code offset}.
   *
   * @param index image index in {@code [0, size())}
   * @param dest destination array
   * @param offset first position written in {@code dest}
   * @throws IndexOutOfBoundsException if {@code index} is out of range or {@code dest} is too short
   */
  void copyImage(int index, float[] dest, int offset);

  /**
   * Returns the class label of image {@code index}, or -1 if the data set is unlabelled.
   *
   * @param index image index in {@code [0, size())}
   * @return a label in {@code [0, numClasses())}, or -1
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  int label(int index);

  /**
   * Returns a short human-readable name, e.g. {@code "fashion-mnist-train"}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns whether images carry class labels.
   *
   * @return {@code numClasses() > 0}
   */
  default boolean isLabelled() {
    return numClasses() > 0;
  }

  /**
   * Returns image {@code index} as a fresh array of CHW floats in [-1, 1].
   *
   * @param index image index in {@code [0, size())}
   * @return a new array of {@code info().pixels()} values
   */
  default float[] image(int index) {
    float[] out = new float[info().pixels()];
    copyImage(index, out, 0);
    return out;
  }
}

package io.github.samegan.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An {@link ImageDataset} backed by one in-memory array of 8-bit CHW pixels.
 *
 * <p>Image {@code i} occupies bytes {@code [i * info.pixels(), (i + 1) * info.pixels())} of the
 * array, channel planes first, each plane row-major (the CIFAR binary layout). Pixel bytes are read
 * as unsigned. One byte per value keeps even CIFAR-100 train (50,000 images of 3x32x32, about 150
 * MB) comfortably in memory; conversion to floats happens per image in {@link #copyImage}.
 *
 * <p>Instances are immutable. The factories adopt the arrays they are given without copying them:
 * callers must not modify those arrays afterwards.
 */
public final class InMemoryImageDataset implements ImageDataset {

  private static final float[] SCALE = new float[256];

  static {
    for (int p = 0; p < 256; p++) {
      SCALE[p] = (float) (p / 127.5 - 1.0);
    }
  }

  private final String name;
  private final ImageInfo info;
  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;
  private final int size;

  private InMemoryImageDataset(
      String name, ImageInfo info, byte[] pixels, int[] labels, List<String> classNames) {
    this.name = Objects.requireNonNull(name, "name");
    this.info = Objects.requireNonNull(info, "info");
    this.pixels = Objects.requireNonNull(pixels, "pixels");
    this.labels = labels;
    this.classNames = classNames;
    int per = info.pixels();
    if (pixels.length == 0 || pixels.length % per != 0) {
      throw new IllegalArgumentException(
          "pixels must hold a positive whole number of "
              + info
              + " images ("
              + per
              + " bytes each), found "
              + pixels.length
              + " bytes");
    }
    this.size = pixels.length / per;
    if (labels != null) {
      if (labels.length != size) {
        throw new IllegalArgumentException(
            "labels must have one entry per image (" + size + "), found " + labels.length);
      }
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException("a labelled data set needs at least one class name");
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= classNames.size()) {
          throw new IllegalArgumentException(
              "label of image "
                  + i
                  + " must be in [0, "
                  + classNames.size()
                  + "), found "
                  + labels[i]);
        }
      }
    }
  }

  /**
   * Creates a labelled data set.
   *
   * @param name short human-readable name
   * @param info shape of every image
   * @param pixels uint8 CHW pixels of all images, concatenated; adopted, not copied
   * @param labels one label per image in {@code [0, classNames.size())}; adopted, not copied
   * @param classNames class names indexed by label, at least one
   * @return the data set
   * @throws IllegalArgumentException if the array lengths or labels are inconsistent
   */
  public static InMemoryImageDataset labelled(
      String name, ImageInfo info, byte[] pixels, int[] labels, List<String> classNames) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(classNames, "classNames");
    return new InMemoryImageDataset(name, info, pixels, labels, List.copyOf(classNames));
  }

  /**
   * Creates an unlabelled data set.
   *
   * @param name short human-readable name
   * @param info shape of every image
   * @param pixels uint8 CHW pixels of all images, concatenated; adopted, not copied
   * @return the data set
   * @throws IllegalArgumentException if {@code pixels} is not a positive whole number of images
   */
  public static InMemoryImageDataset unlabelled(String name, ImageInfo info, byte[] pixels) {
    return new InMemoryImageDataset(name, info, pixels, null, List.of());
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public ImageInfo info() {
    return info;
  }

  @Override
  public int numClasses() {
    return classNames.size();
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int label(int index) {
    Objects.checkIndex(index, size);
    return labels == null ? -1 : labels[index];
  }

  @Override
  public void copyImage(int index, float[] dest, int offset) {
    Objects.checkIndex(index, size);
    int per = info.pixels();
    Objects.checkFromIndexSize(offset, per, dest.length);
    int base = index * per;
    for (int i = 0; i < per; i++) {
      dest[offset + i] = SCALE[pixels[base + i] & 0xFF];
    }
  }

  /**
   * Copies the raw uint8 CHW pixels of image {@code index} into {@code dest} at {@code offset}.
   *
   * @param index image index in {@code [0, size())}
   * @param dest destination array
   * @param offset first position written in {@code dest}
   */
  public void copyPixels(int index, byte[] dest, int offset) {
    Objects.checkIndex(index, size);
    int per = info.pixels();
    System.arraycopy(pixels, index * per, dest, offset, per);
  }

  /**
   * Returns the labels of all images as a fresh array, or {@code null} if unlabelled.
   *
   * @return a copy of the labels, or {@code null}
   */
  public int[] labels() {
    return labels == null ? null : labels.clone();
  }

  /**
   * Returns a new data set holding the images at {@code indices}, in that order, with the same
   * shape and class names.
   *
   * @param name name of the new data set
   * @param indices image indices in {@code [0, size())}; repeats are allowed; at least one
   * @return the subset, with its own copy of the pixels
   * @throws IllegalArgumentException if {@code indices} is empty
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public InMemoryImageDataset subset(String name, int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("subset needs at least one index, found none");
    }
    int per = info.pixels();
    byte[] out = new byte[Math.multiplyExact(indices.length, per)];
    int[] outLabels = labels == null ? null : new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      copyPixels(indices[i], out, i * per);
      if (outLabels != null) {
        outLabels[i] = labels[indices[i]];
      }
    }
    return new InMemoryImageDataset(name, info, out, outLabels, classNames);
  }

  /**
   * Returns a new data set holding the first {@code count} images.
   *
   * @param count number of images in {@code [1, size()]}
   * @return the subset
   * @throws IllegalArgumentException if {@code count} is out of range
   */
  public InMemoryImageDataset first(int count) {
    if (count < 1 || count > size) {
      throw new IllegalArgumentException(
          "count must be in [1, " + size + "] for " + name + ", found " + count);
    }
    int[] idx = new int[count];
    Arrays.setAll(idx, i -> i);
    return subset(name, idx);
  }

  @Override
  public String toString() {
    return name + " (" + size + " images of " + info + ", " + numClasses() + " classes)";
  }
}

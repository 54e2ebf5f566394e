package io.github.samegan.data.augment;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import java.util.List;
import java.util.Objects;

/**
 * A data set enlarged by augmentation: {@code factor} copies of every image of a source data set,
 * computed on the fly (nothing is stored).
 *
 * <p>Image {@code r} is copy {@code k = r / n} of source image {@code i = r % n} ({@code n} the
 * source size), so the copies come one after the other: first copy 0 of every image, then copy 1,
 * and so on. With {@code keepOriginals} copy 0 is the unchanged source image and copies 1 to {@code
 * factor - 1} are augmented; without it all {@code factor} copies are augmented. Copy {@code k} of
 * image {@code i} is the pipeline's result for epoch {@code k} and index {@code i}, so it is the
 * same on every run, and different copies of an image get different random choices. Labels and
 * class names are those of the source.
 */
public final class AugmentedDataset implements ImageDataset {

  private final ImageDataset source;
  private final AugmentPipeline pipeline;
  private final int factor;
  private final boolean keepOriginals;
  private final int n;
  private final int size;

  private AugmentedDataset(
      ImageDataset source, AugmentPipeline pipeline, int factor, boolean keepOriginals) {
    this.source = Objects.requireNonNull(source, "source");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be at least 1, found " + factor);
    }
    this.factor = factor;
    this.keepOriginals = keepOriginals;
    this.n = source.size();
    long total = (long) n * factor;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "factor "
              + factor
              + " would give "
              + total
              + " images from "
              + n
              + ", more than "
              + Integer.MAX_VALUE
              + "; use a smaller factor");
    }
    this.size = (int) total;
  }

  /**
   * Creates the enlarged view.
   *
   * @param source the images to enlarge
   * @param pipeline the augmentation applied to the augmented copies (its seed fixes them)
   * @param factor copies per source image, at least 1
   * @param keepOriginals whether copy 0 is the unchanged source image
   * @return a data set of {@code factor * source.size()} images
   * @throws IllegalArgumentException if {@code factor < 1} or the result would be too large
   */
  public static AugmentedDataset of(
      ImageDataset source, AugmentPipeline pipeline, int factor, boolean keepOriginals) {
    return new AugmentedDataset(source, pipeline, factor, keepOriginals);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public ImageInfo info() {
    return source.info();
  }

  @Override
  public int numClasses() {
    return source.numClasses();
  }

  @Override
  public List<String> classNames() {
    return source.classNames();
  }

  @Override
  public void copyImage(int index, float[] dest, int offset) {
    Objects.checkIndex(index, size);
    int per = source.info().pixels();
    Objects.checkFromIndexSize(offset, per, dest.length);
    int copy = index / n;
    int i = index % n;
    if (copy == 0 && keepOriginals) {
      source.copyImage(i, dest, offset);
      return;
    }
    float[] image = source.image(i);
    float[] out = pipeline.augment(image, source.info(), copy, i);
    System.arraycopy(out, 0, dest, offset, per);
  }

  @Override
  public int label(int index) {
    Objects.checkIndex(index, size);
    return source.label(index % n);
  }

  @Override
  public String name() {
    return source.name() + "-x" + factor;
  }

  /**
   * Returns the source data set.
   *
   * @return the source
   */
  public ImageDataset source() {
    return source;
  }

  @Override
  public String toString() {
    return name()
        + " ("
        + size
        + " images: "
        + factor
        + " copies of "
        + n
        + (keepOriginals ? ", originals first" : ", all augmented")
        + ", augmented with "
        + pipeline
        + ")";
  }
}

package io.github.samegan.data;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An endless, seeded, resumable stream of image batches from an {@link ImageDataset}.
 *
 * <p>Each call to {@link #next()} returns a <b>freshly allocated</b> float32 array of shape
 * {@code [B, C, H, W]} in C order with values in [-1, 1]; the iterator keeps no reference to it,
 * so callers may hand it to SameDiff or modify it freely. {@link #lastLabels()} returns the labels
 * of that batch.
 *
 * <p><b>Order.</b> Epoch {@code e} visits the data set in a permutation derived only from {@code
 * (seed, e)} (the identity when shuffling is off), {@code batchSize} examples at a time. With
 * {@code dropLast} (the default) the final {@code size % batchSize} examples of each epoch are
 * skipped, so every batch has exactly {@code batchSize} examples; without it the last batch of an
 * epoch is smaller and every example appears exactly once per epoch. After the last batch of an
 * epoch the iterator moves on to the next epoch by itself: {@code next()} never runs out.
 *
 * <p><b>Resuming.</b> {@link #position()} returns {@code {epoch, indexWithinEpoch}}; passing it to
 * {@link #seek(long[])} on an iterator built with the same data set and options restores the
 * stream exactly, so a resumed training run sees the identical sequence of batches.
 *
 * <p>Instances are not thread-safe.
 */
public final class BatchIterator {

  private final ImageDataset dataset;
  private final int batchSize;
  private final long seed;
  private final boolean dropLast;
  private final boolean shuffle;
  private final int size;
  private final int perImage;

  private long epoch;
  private int index;
  private int[] order;
  private long orderEpoch = -1;
  private int[] lastLabels = new int[0];

  private BatchIterator(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.dropLast = b.dropLast;
    this.shuffle = b.shuffle;
    this.size = dataset.size();
    this.perImage = dataset.info().pixels();
    if (size < 1) {
      throw new IllegalArgumentException(
          "data set " + dataset.name() + " must hold at least one image, found " + size);
    }
    if (dropLast && batchSize > size) {
      throw new IllegalArgumentException(
          "batchSize must be at most the data set size ("
              + size
              + " images in "
              + dataset.name()
              + ") when dropLast is true, found "
              + batchSize
              + "; use a smaller batch or dropLast(false)");
    }
  }

  /**
   * Starts a builder. Defaults: seed 0, {@code dropLast = true}, {@code shuffle = true}.
   *
   * @param dataset the images to iterate over
   * @param batchSize examples per batch, at least 1
   * @return a builder
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public static Builder builder(ImageDataset dataset, int batchSize) {
    return new Builder(dataset, batchSize);
  }

  /** Builder for {@link BatchIterator}; required arguments are given to {@link #builder}. */
  public static final class Builder {
    private final ImageDataset dataset;
    private final int batchSize;
    private long seed;
    private boolean dropLast = true;
    private boolean shuffle = true;

    private Builder(ImageDataset dataset, int batchSize) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, found " + batchSize);
      }
      this.batchSize = batchSize;
    }

    /**
     * Sets the seed from which every epoch's permutation is derived.
     *
     * @param seed any value; default 0
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets whether the incomplete last batch of each epoch is skipped.
     *
     * @param dropLast {@code true} (default) for equal-sized batches
     * @return this builder
     */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * Sets whether each epoch visits the examples in a seeded random order.
     *
     * @param shuffle {@code true} (default) to shuffle; {@code false} for index order
     * @return this builder
     */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * Builds the iterator, positioned at the start of epoch 0.
     *
     * @return the iterator
     * @throws IllegalArgumentException if {@code dropLast} is set and the batch is larger than
     *     the data set
     */
    public BatchIterator build() {
      return new BatchIterator(this);
    }
  }

  /**
   * Returns the next batch as a fresh float32 {@code [B, C, H, W]} C-order array in [-1, 1].
   * {@code B} is the batch size, except for the last batch of an epoch when {@code dropLast} is
   * off.
   *
   * @return a new array owned by the caller
   */
  public INDArray next() {
    int[] perm = permutation(epoch);
    int count = Math.min(batchSize, size - index);
    float[] data = new float[Math.multiplyExact(count, perImage)];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int example = perm[index + i];
      dataset.copyImage(example, data, i * perImage);
      labels[i] = dataset.label(example);
    }
    lastLabels = labels;
    index += count;
    normalise();
    ImageInfo info = dataset.info();
    return Nd4j.create(
        data, new long[] {count, info.channels(), info.height(), info.width()}, DataType.FLOAT);
  }

  /**
   * Returns the labels of the batch last returned by {@link #next()}, as a fresh INT32 array of
   * shape {@code [B]}; entries are -1 for an unlabelled data set. Before the first batch the
   * array is empty.
   *
   * @return a new array owned by the caller
   */
  public INDArray lastLabels() {
    return Nd4j.createFromArray(lastLabels.clone());
  }

  /**
   * Returns the labels of the batch last returned by {@link #next()} as a Java array (same
   * values as {@link #lastLabels()}).
   *
   * @return a fresh {@code int[]}
   */
  public int[] lastLabelArray() {
    return lastLabels.clone();
  }

  /**
   * Returns the position of the next batch, {@code {epoch, indexWithinEpoch}}. It always points at
   * a batch that {@link #next()} will return (positions past an epoch's last batch are reported
   * as the start of the next epoch).
   *
   * @return a fresh two-element array
   */
  public long[] position() {
    return new long[] {epoch, index};
  }

  /**
   * Moves to a position previously returned by {@link #position()} (possibly by another iterator
   * built with the same data set and options). The next batch is then exactly the batch that
   * followed that position.
   *
   * @param position {@code {epoch, indexWithinEpoch}} with {@code epoch >= 0} and {@code 0 <=
   *     indexWithinEpoch < size()}
   * @throws IllegalArgumentException if the position is malformed or out of range
   */
  public void seek(long[] position) {
    Objects.requireNonNull(position, "position");
    if (position.length != 2) {
      throw new IllegalArgumentException(
          "position must be {epoch, indexWithinEpoch} (2 values), found "
              + position.length
              + " values");
    }
    if (position[0] < 0) {
      throw new IllegalArgumentException("epoch must be at least 0, found " + position[0]);
    }
    if (position[1] < 0 || position[1] >= size) {
      throw new IllegalArgumentException(
          "indexWithinEpoch must be in [0, " + size + "), found " + position[1]);
    }
    epoch = position[0];
    index = (int) position[1];
    lastLabels = new int[0];
    normalise();
  }

  /**
   * Returns the number of batches in one epoch.
   *
   * @return {@code size / batchSize} with {@code dropLast}, otherwise {@code ceil(size /
   *     batchSize)}
   */
  public int batchesPerEpoch() {
    return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
  }

  /**
   * Returns the data set being iterated.
   *
   * @return the data set
   */
  public ImageDataset dataset() {
    return dataset;
  }

  /**
   * Returns the configured batch size.
   *
   * @return examples per full batch
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the order in which epoch {@code epoch} visits the examples. Depends only on the seed,
   * the shuffle flag, the data set size and {@code epoch}.
   *
   * @param epoch epoch number, at least 0
   * @return a fresh permutation of {@code [0, size())}
   */
  public int[] epochOrder(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be at least 0, found " + epoch);
    }
    return permutation(epoch).clone();
  }

  private void normalise() {
    if (index >= size || (dropLast && index + batchSize > size)) {
      epoch++;
      index = 0;
    }
  }

  private int[] permutation(long e) {
    if (orderEpoch != e) {
      int[] p = new int[size];
      for (int i = 0; i < size; i++) {
        p[i] = i;
      }
      if (shuffle) {
        SplittableRandom rng = new SplittableRandom(mix64(seed ^ mix64(e + 0x632BE59BD9B4E019L)));
        for (int i = size - 1; i > 0; i--) {
          int j = rng.nextInt(i + 1);
          int t = p[i];
          p[i] = p[j];
          p[j] = t;
        }
      }
      order = p;
      orderEpoch = e;
    }
    return order;
  }

  /** Stafford's variant 13 of the 64-bit finaliser (as in SplitMix64). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

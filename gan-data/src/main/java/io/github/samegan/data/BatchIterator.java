package io.github.samegan.data;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An endless, seeded, resumable stream of image batches from an {@link ImageDataset}.
 *
 * <p>Each call to {@link #next()} returns a <b>freshly allocated</b> float32 array of shape {@code
 * [B, C, H, W]} in C order with values in [-1, 1]; the iterator keeps no reference to it, so
 * callers may hand it to SameDiff or modify it freely. {@link #next(BiFunction)} returns the same
 * images together with their labels, in the caller's batch type (e.g. gan-core's {@code Batch}:
 * {@code it.next(Batch::new)}), so labels travel with their images.
 *
 * <p><b>Order.</b> Epoch {@code e} visits the data set in a permutation derived only from {@code
 * (seed, e)} (the identity when shuffling is off), {@code batchSize} examples at a time. With
 * {@code dropLast} (the default) the final {@code size % batchSize} examples of each epoch are
 * skipped, so every batch has exactly {@code batchSize} examples; without it the last batch of an
 * epoch is smaller and every example appears exactly once per epoch. After the last batch of an
 * epoch the iterator moves on to the next epoch by itself: {@code next()} never runs out.
 *
 * <p><b>Resuming.</b> {@link #position()} returns {@code {epoch, indexWithinEpoch}}; passing it to
 * {@link #seek(long[])} on an iterator built with the same data set and options restores the stream
 * exactly, so a resumed training run sees the identical sequence of batches.
 *
 * <p><b>Augmentation.</b> With {@link Builder#augment(ImageAugmenter)} every image is passed
 * through an {@link ImageAugmenter} (e.g. {@code io.github.samegan.data.augment.AugmentPipeline})
 * together with its epoch and data set index. Because the augmenter is a pure function of those,
 * augmented batches are as reproducible and resumable as plain ones.
 *
 * <p><b>Prefetching.</b> With {@link Builder#prefetch(int, int)} batches are assembled (and
 * augmented) ahead of time on background worker threads, at most {@code queueSize} batches ahead.
 * Each batch is a pure function of its position, and batches are handed out in position order, so
 * the sequence is identical to the one without prefetching, for any number of threads. {@link
 * #position()} and {@link #seek(long[])} refer to the batches handed out, not to those prepared in
 * the background. An iterator that prefetches owns threads: {@link #close()} it (e.g. with
 * try-with-resources); the workers are daemon threads and are started by the first {@link #next()}.
 *
 * <p>Instances are not thread-safe: call them from one thread.
 */
public final class BatchIterator implements AutoCloseable {

  private final ImageDataset dataset;
  private final int batchSize;
  private final long seed;
  private final boolean dropLast;
  private final boolean shuffle;
  private final int size;
  private final int perImage;
  private final ImageAugmenter augmenter;
  private final int threads;
  private final int queueSize;

  private long epoch;
  private int index;
  private int[] order;
  private long orderEpoch = -1;

  // Prefetching state: the position of the next batch to schedule, and the scheduled batches in
  // the order next() returns them.
  private long aheadEpoch;
  private int aheadIndex;
  private final ArrayDeque<Future<Filled>> pending = new ArrayDeque<>();
  private ExecutorService workers;
  private boolean closed;

  /** The contents of one batch, assembled as Java arrays (off the ND4J thread). */
  private record Filled(float[] data, int[] labels) {}

  private BatchIterator(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.dropLast = b.dropLast;
    this.shuffle = b.shuffle;
    this.augmenter = b.augmenter;
    this.threads = b.threads;
    this.queueSize = b.queueSize;
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
    private ImageAugmenter augmenter;
    private int threads;
    private int queueSize;

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
     * Passes every image through {@code augmenter}, with the epoch in which it is visited and its
     * index in the data set. The augmenter must be a pure, thread-safe function of its arguments
     * (as {@code AugmentPipeline} is), so that the same seed still gives the same batches.
     *
     * @param augmenter the augmentation, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder augment(ImageAugmenter augmenter) {
      this.augmenter = augmenter;
      return this;
    }

    /**
     * Assembles batches on {@code threads} background threads, keeping up to {@code queueSize}
     * batches prepared ahead of the consumer. The batches are identical to those without
     * prefetching. Worth it when images are augmented or the training step is short; close the
     * iterator when done.
     *
     * @param threads worker threads, in [1, 64]
     * @param queueSize batches prepared ahead, in [1, 1024]; at least {@code threads} keeps every
     *     worker busy
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder prefetch(int threads, int queueSize) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("prefetch threads must be in [1, 64], found " + threads);
      }
      if (queueSize < 1 || queueSize > 1024) {
        throw new IllegalArgumentException(
            "prefetch queueSize must be in [1, 1024], found " + queueSize);
      }
      this.threads = threads;
      this.queueSize = queueSize;
      return this;
    }

    /**
     * Builds the iterator, positioned at the start of epoch 0.
     *
     * @return the iterator
     * @throws IllegalArgumentException if {@code dropLast} is set and the batch is larger than the
     *     data set
     */
    public BatchIterator build() {
      return new BatchIterator(this);
    }
  }

  /**
   * Returns the next batch as a fresh float32 {@code [B, C, H, W]} C-order array in [-1, 1]. {@code
   * B} is the batch size, except for the last batch of an epoch when {@code dropLast} is off.
   *
   * @return a new array owned by the caller
   */
  public INDArray next() {
    return next((images, labels) -> images);
  }

  /**
   * Returns the next batch (the images {@link #next()} would return) together with its labels, made
   * into the caller's type by {@code batch}, e.g. gan-core's {@code Batch::new}.
   *
   * @param batch makes the caller's batch from the images and their labels: one class per image, or
   *     {@code null} for an unlabelled data set
   * @return what {@code batch} made
   */
  public <T> T next(BiFunction<INDArray, int[], T> batch) {
    if (closed) {
      throw new IllegalStateException(
          "this BatchIterator was closed; build a new one (and seek to its position) to continue");
    }
    Filled filled;
    if (threads == 0) {
      int count = Math.min(batchSize, size - index);
      filled = fill(examplesAt(epoch, index, count), epoch);
    } else {
      filled = takePrefetched();
    }
    int count = filled.labels().length;
    index += count;
    normalise();
    ImageInfo info = dataset.info();
    INDArray images =
        Nd4j.create(
            filled.data(),
            new long[] {count, info.channels(), info.height(), info.width()},
            DataType.FLOAT);
    return batch.apply(images, dataset.numClasses() > 0 ? filled.labels() : null);
  }

  /**
   * Stops the prefetching workers, if any, and waits briefly for them to finish. Idempotent; an
   * iterator without prefetching has nothing to release. After closing, {@link #next()} throws.
   */
  @Override
  public void close() {
    closed = true;
    cancelPending();
    if (workers != null) {
      workers.shutdownNow();
      try {
        workers.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      workers = null;
    }
  }

  /** Returns the example indices of the batch of {@code count} examples at a position. */
  private int[] examplesAt(long e, int start, int count) {
    int[] perm = permutation(e);
    int[] examples = new int[count];
    System.arraycopy(perm, start, examples, 0, count);
    return examples;
  }

  /** Assembles a batch: a pure function of the examples and the epoch (runs on any thread). */
  private Filled fill(int[] examples, long e) {
    int count = examples.length;
    float[] data = new float[Math.multiplyExact(count, perImage)];
    int[] labels = new int[count];
    ImageInfo info = dataset.info();
    float[] image = augmenter == null ? null : new float[perImage];
    for (int i = 0; i < count; i++) {
      int example = examples[i];
      if (augmenter == null) {
        dataset.copyImage(example, data, i * perImage);
      } else {
        dataset.copyImage(example, image, 0);
        float[] out = augmenter.augment(image, info, e, example);
        if (out == null || out.length != perImage) {
          throw new IllegalStateException(
              "augmenter "
                  + augmenter
                  + " must return "
                  + perImage
                  + " values for a "
                  + info
                  + " image, returned "
                  + (out == null ? "null" : out.length + " values"));
        }
        System.arraycopy(out, 0, data, i * perImage, perImage);
      }
      labels[i] = dataset.label(example);
    }
    return new Filled(data, labels);
  }

  private Filled takePrefetched() {
    if (workers == null) {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory =
          r -> {
            Thread t = new Thread(r, "samegan-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
      workers = Executors.newFixedThreadPool(threads, factory);
    }
    if (pending.isEmpty()) {
      aheadEpoch = epoch;
      aheadIndex = index;
    }
    while (pending.size() < queueSize) {
      schedule();
    }
    Future<Filled> head = pending.removeFirst();
    schedule();
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a prefetched batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("prefetch worker failed: " + cause, cause);
    } catch (CancellationException e) {
      throw new IllegalStateException("prefetched batch was cancelled", e);
    }
  }

  /** Schedules the batch at the look-ahead position and advances that position. */
  private void schedule() {
    int count = Math.min(batchSize, size - aheadIndex);
    int[] examples = examplesAt(aheadEpoch, aheadIndex, count);
    long e = aheadEpoch;
    pending.addLast(workers.submit(() -> fill(examples, e)));
    aheadIndex += count;
    if (aheadIndex >= size || (dropLast && aheadIndex + batchSize > size)) {
      aheadEpoch++;
      aheadIndex = 0;
    }
  }

  private void cancelPending() {
    for (Future<Filled> f : pending) {
      f.cancel(true);
    }
    pending.clear();
  }

  /**
   * Returns the position of the next batch, {@code {epoch, indexWithinEpoch}}. It always points at
   * a batch that {@link #next()} will return (positions past an epoch's last batch are reported as
   * the start of the next epoch).
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
    cancelPending();
    epoch = position[0];
    index = (int) position[1];
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

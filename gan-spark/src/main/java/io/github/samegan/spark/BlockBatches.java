package io.github.samegan.spark;

import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's share of a sequence of global batches: global batch {@code j} is the {@code j}-th
 * batch of size B that gan-data's {@link BatchIterator} (seeded, shuffled, last partial batch
 * dropped) would hand out, and this source returns its rows {@code block·b … (block+1)·b − 1}. The
 * position is {@code {j}}, so a worker is placed anywhere in the run by {@link #seek}, and the
 * workers' blocks of one global batch concatenate to that batch.
 */
final class BlockBatches implements BatchSource {
  private final ImageDataset data;
  private final int globalBatch;
  private final int blockSize;
  private final BatchIterator order;
  private final int batchesPerEpoch;
  private int block;
  private long next;
  private long cachedEpoch = -1;
  private int[] cachedOrder;

  /**
   * @param data the images
   * @param globalBatch B, the images of one global batch
   * @param blockSize b, this source's rows of each global batch (B a multiple of b)
   * @param seed the seed of the epochs' permutations
   */
  BlockBatches(ImageDataset data, int globalBatch, int blockSize, long seed) {
    if (globalBatch % blockSize != 0) {
      throw new IllegalArgumentException(
          "global batch " + globalBatch + " is not a multiple of the block " + blockSize);
    }
    if (data.size() < globalBatch) {
      throw new IllegalArgumentException(
          "The global batch ("
              + globalBatch
              + " images = workers × batch per worker) is larger than the data set "
              + data.name()
              + " ("
              + data.size()
              + " images); use fewer workers or a smaller batch");
    }
    this.data = data;
    this.globalBatch = globalBatch;
    this.blockSize = blockSize;
    this.order = BatchIterator.builder(data, globalBatch).seed(seed).dropLast(true).build();
    this.batchesPerEpoch = order.batchesPerEpoch();
  }

  /** Which block of each global batch this source returns, in {@code [0, B / b)}. */
  void setBlock(int block) {
    if (block < 0 || (long) (block + 1) * blockSize > globalBatch) {
      throw new IllegalArgumentException(
          "block must be in [0, " + globalBatch / blockSize + "), found " + block);
    }
    this.block = block;
  }

  /** This source's block of global batch {@code j}. */
  Batch batch(long j) {
    long epoch = j / batchesPerEpoch;
    if (epoch != cachedEpoch) {
      cachedOrder = order.epochOrder(epoch);
      cachedEpoch = epoch;
    }
    int start = (int) (j % batchesPerEpoch) * globalBatch + block * blockSize;
    ImageInfo info = data.info();
    int pixels = info.pixels();
    float[] images = new float[blockSize * pixels];
    for (int i = 0; i < blockSize; i++) {
      data.copyImage(cachedOrder[start + i], images, i * pixels);
    }
    return Batch.of(
        Nd4j.create(images, new long[] {blockSize, info.channels(), info.height(), info.width()}));
  }

  @Override
  public Batch next() {
    return batch(next++);
  }

  @Override
  public long[] position() {
    return new long[] {next};
  }

  @Override
  public void seek(long[] position) {
    if (position.length != 1 || position[0] < 0) {
      throw new IllegalArgumentException(
          "A data-parallel position is {globalBatchIndex >= 0}, found "
              + java.util.Arrays.toString(position));
    }
    next = position[0];
  }
}

package io.github.samegan.eval.classify;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny labelled image task for tests: class k has a bright 4×4 square in the k-th of K horizontal
 * positions on a noisy dark background, so a small network separates it quickly.
 */
final class Synthetic implements BatchSource {
  static final ImageShape SHAPE = ImageShape.gray(12);
  static final int CLASSES = 3;
  private final long seed;
  private final int batch;
  private Rng rng;
  private long drawn;

  Synthetic(long seed, int batch) {
    this.seed = seed;
    this.rng = new Rng(seed);
    this.batch = batch;
  }

  /** The number of batches drawn so far. */
  @Override
  public long[] position() {
    return new long[] {drawn};
  }

  /** Replays the stream up to a saved position. */
  @Override
  public void seek(long[] position) {
    rng = new Rng(seed);
    drawn = 0;
    while (drawn < position[0]) {
      next();
    }
  }

  /** A tiny ResNet for {@link #SHAPE}. */
  static ResNetClassifier network() {
    return new ResNetClassifier(SHAPE, CLASSES, java.util.List.of(4, 6, 8), 1);
  }

  @Override
  public Batch next() {
    drawn++;
    int s = SHAPE.height();
    float[] data = new float[batch * s * s];
    int[] labels = new int[batch];
    for (int n = 0; n < batch; n++) {
      int k = rng.nextInt(CLASSES);
      labels[n] = k;
      int y0 = 2 + rng.nextInt(s - 6);
      int x0 = k * (s / CLASSES) + rng.nextInt(Math.max(1, s / CLASSES - 3));
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          boolean in = y >= y0 && y < y0 + 4 && x >= x0 && x < Math.min(s, x0 + 4);
          data[(n * s + y) * s + x] = (float) ((in ? 0.8 : -0.8) + 0.2 * (rng.nextDouble() - 0.5));
        }
      }
    }
    INDArray images = Nd4j.create(data, new long[] {batch, 1, s, s}, DataType.FLOAT);
    return new Batch(images, labels);
  }
}

package io.github.samegan.eval.classify;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Batch;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny labelled image task for tests: class k has a bright 4×4 square in the k-th of K
 * horizontal positions on a noisy dark background, so a small network separates it quickly.
 */
final class Synthetic implements BatchSource {
  static final ImageShape SHAPE = ImageShape.gray(12);
  static final int CLASSES = 3;
  private final Rng rng;
  private final int batch;

  Synthetic(long seed, int batch) {
    this.rng = new Rng(seed);
    this.batch = batch;
  }

  /** A tiny ResNet for {@link #SHAPE}. */
  static ResNetClassifier network() {
    return new ResNetClassifier(SHAPE, CLASSES, java.util.List.of(4, 6, 8), 1);
  }

  @Override
  public Batch next() {
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

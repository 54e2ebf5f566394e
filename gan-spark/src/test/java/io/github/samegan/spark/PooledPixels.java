package io.github.samegan.spark;

import io.github.samegan.eval.metrics.FeatureExtractor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Features for a quick FD without a trained network: the image average-pooled in 4×4 cells (a
 * 1×32×32 image gives 64 features). It sees shapes and brightness, not texture; a stand-in for a
 * classifier's features in measurements on a busy machine, not a substitute for them.
 */
final class PooledPixels implements FeatureExtractor {
  private final int channels;
  private final int size;

  PooledPixels(int channels, int size) {
    if (size % 4 != 0) {
      throw new IllegalArgumentException("image size must be a multiple of 4, found " + size);
    }
    this.channels = channels;
    this.size = size;
  }

  @Override
  public int dimension() {
    return channels * (size / 4) * (size / 4);
  }

  @Override
  public String description() {
    return "4x4 average-pooled pixels (" + dimension() + ")";
  }

  @Override
  public INDArray features(INDArray images) {
    long n = images.size(0);
    int cells = size / 4;
    return images
        .castTo(DataType.FLOAT)
        .dup('c')
        .reshape('c', n, channels, cells, 4, cells, 4)
        .mean(3, 5)
        .reshape('c', n, dimension());
  }
}

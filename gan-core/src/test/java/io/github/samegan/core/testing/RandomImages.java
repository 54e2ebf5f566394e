package io.github.samegan.core.testing;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A deterministic, resumable fake data source for tests: batch k is a function of (seed, k) only, a
 * smooth pattern (per-image brightness and a horizontal gradient) plus a little noise, in [−1, 1].
 */
public final class RandomImages implements BatchSource {
  private final ImageShape shape;
  private final int batch;
  private final long seed;
  private final DataType dtype;
  private long index;

  public RandomImages(ImageShape shape, int batch, long seed, DataType dtype) {
    this.shape = shape;
    this.batch = batch;
    this.seed = seed;
    this.dtype = dtype;
  }

  public RandomImages(ImageShape shape, int batch, long seed) {
    this(shape, batch, seed, DataType.FLOAT);
  }

  @Override
  public Batch next() {
    Rng rng = new Rng(seed * 1_000_003L + index++);
    INDArray base = rng.uniform(DataType.DOUBLE, -0.6, 0.6, batch, 1, 1, 1);
    INDArray ramp =
        Nd4j.linspace(-0.3, 0.3, shape.width(), DataType.DOUBLE).reshape(1, 1, 1, shape.width());
    INDArray noise = rng.gaussian(DataType.DOUBLE, shape.batchShape(batch)).muli(0.05);
    INDArray img =
        noise
            .addi(base.broadcast(shape.batchShape(batch)))
            .addi(ramp.broadcast(shape.batchShape(batch)));
    return Batch.of(Transforms.min(Transforms.max(img, -1.0), 1.0).castTo(dtype));
  }

  @Override
  public long[] position() {
    return new long[] {index};
  }

  @Override
  public void seek(long[] position) {
    index = position[0];
  }
}

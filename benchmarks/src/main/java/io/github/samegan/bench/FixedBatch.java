package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.BatchSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A data source that returns one pre-built random batch, so benchmarks time the step alone. */
final class FixedBatch implements BatchSource {
  private final INDArray batch;

  FixedBatch(ImageShape shape, int batchSize, long seed) {
    this.batch = new Rng(seed).uniform(DataType.FLOAT, -1, 1, shape.batchShape(batchSize));
  }

  @Override
  public INDArray next() {
    return batch;
  }
}

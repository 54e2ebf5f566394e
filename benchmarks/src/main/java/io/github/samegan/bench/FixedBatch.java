package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import org.nd4j.linalg.api.buffer.DataType;

/** A data source that returns one pre-built random batch, so benchmarks time the step alone. */
final class FixedBatch implements BatchSource {
  private final Batch batch;

  FixedBatch(ImageShape shape, int batchSize, long seed) {
    this.batch =
        Batch.of(new Rng(seed).uniform(DataType.FLOAT, -1, 1, shape.batchShape(batchSize)));
  }

  @Override
  public Batch next() {
    return batch;
  }
}

package io.github.samegan.spark;

import io.github.samegan.eval.metrics.FeatureExtractor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A cheap deterministic feature network for tests: tanh of a fixed random projection of the
 * flattened image (seeded, so every executor builds the same one).
 */
final class ProjectionFeatures implements FeatureExtractor {
  private final INDArray projection;
  private final int dimension;

  ProjectionFeatures(long pixels, int dimension, long seed) {
    this.dimension = dimension;
    io.github.samegan.core.graph.Rng rng = new io.github.samegan.core.graph.Rng(seed);
    this.projection =
        rng.gaussian(DataType.FLOAT, pixels, dimension).divi(Math.sqrt((double) pixels));
  }

  /** A factory that ships to executors: 3x32x32 images to 8 features. */
  static FeatureExtractorFactory factory() {
    return () -> new ProjectionFeatures(3 * 32 * 32, 8, 7);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String description() {
    return "test projection " + projection.rows() + "->" + dimension;
  }

  @Override
  public INDArray features(INDArray images) {
    INDArray flat = images.castTo(DataType.FLOAT).reshape(images.size(0), projection.rows());
    return Transforms.tanh(flat.mmul(projection).muli(2), false);
  }
}

package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A generator made of one {@link Layer} (usually a {@link io.github.samegan.core.nn.Sequential})
 * whose shapes are checked at construction: the body must map {@code [latentDim]} to exactly the
 * declared image shape.
 */
public final class SequentialGenerator implements Generator {
  private final String name;
  private final long latentDim;
  private final ImageShape outputShape;
  private final Layer body;

  /**
   * @param name a short name for descriptions (e.g. "dcgan")
   * @param latentDim latent size
   * @param outputShape declared image shape
   * @param body the network
   * @throws IllegalArgumentException if the body does not produce {@code outputShape}
   */
  public SequentialGenerator(String name, long latentDim, ImageShape outputShape, Layer body) {
    if (latentDim <= 0) {
      throw new IllegalArgumentException("latentDim must be positive, found " + latentDim);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.latentDim = latentDim;
    this.outputShape = Objects.requireNonNull(outputShape, "outputShape");
    this.body = Objects.requireNonNull(body, "body");
    long[] out = body.outputShape(new long[] {latentDim});
    if (!Arrays.equals(out, outputShape.toArray())) {
      throw new IllegalArgumentException(
          "Generator '"
              + name
              + "' produces images of shape "
              + Arrays.toString(out)
              + " but was declared to produce "
              + outputShape);
    }
  }

  @Override
  public long latentDim() {
    return latentDim;
  }

  @Override
  public ImageShape outputShape() {
    return outputShape;
  }

  /** The network body. */
  public Layer body() {
    return body;
  }

  @Override
  public SDVariable generate(NetGraph g, SDVariable z) {
    return body.forward(g, z, new long[] {latentDim});
  }

  @Override
  public String describe() {
    return name + " generator (z=" + latentDim + " → " + outputShape + ")";
  }
}

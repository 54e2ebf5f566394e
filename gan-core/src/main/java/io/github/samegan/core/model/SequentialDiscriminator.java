package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator made of one {@link Layer} whose shapes are checked at construction: the body
 * must map the declared image shape to {@code [1]}.
 */
public final class SequentialDiscriminator implements Discriminator {
  private final String name;
  private final ImageShape inputShape;
  private final Layer body;

  /**
   * @param name a short name for descriptions
   * @param inputShape declared input image shape
   * @param body the network
   * @throws IllegalArgumentException if the body does not map {@code inputShape} to one score
   */
  public SequentialDiscriminator(String name, ImageShape inputShape, Layer body) {
    this.name = Objects.requireNonNull(name, "name");
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    this.body = Objects.requireNonNull(body, "body");
    long[] out = body.outputShape(inputShape.toArray());
    if (!Arrays.equals(out, new long[] {1})) {
      throw new IllegalArgumentException(
          "Discriminator '" + name + "' maps " + inputShape + " to " + Arrays.toString(out)
              + "; it must produce one score per image ([1])");
    }
  }

  @Override
  public ImageShape inputShape() {
    return inputShape;
  }

  /** The network body. */
  public Layer body() {
    return body;
  }

  @Override
  public SDVariable discriminate(NetGraph g, SDVariable images) {
    return body.forward(g, images);
  }

  @Override
  public String describe() {
    return name + " discriminator (" + inputShape + " → 1)";
  }
}

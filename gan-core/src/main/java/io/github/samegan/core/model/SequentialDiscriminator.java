package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.nn.Traced;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator made of one {@link Layer} whose shapes are checked at construction: the body must
 * map the declared image shape to {@code [1]}.
 *
 * <p>Its input gradient ({@link #discriminateWithInputGradient}) is the body's {@link Layer#trace}
 * applied to a gradient of ones; it exists when every block of the body provides one (see {@link
 * Layer}). Its features ({@link #features}) are the output of layer {@link #featureLayer()} of a
 * {@link Sequential} body, flattened — by default the input of the last layer, i.e. the last hidden
 * representation.
 */
public final class SequentialDiscriminator
    implements InputGradientDiscriminator, FeatureDiscriminator {
  private final String name;
  private final ImageShape inputShape;
  private final Layer body;
  private final int featureLayer;

  /**
   * @param name a short name for descriptions
   * @param inputShape declared input image shape
   * @param body the network
   * @throws IllegalArgumentException if the body does not map {@code inputShape} to one score
   */
  public SequentialDiscriminator(String name, ImageShape inputShape, Layer body) {
    this(
        name,
        inputShape,
        body,
        body instanceof Sequential s && s.layers().size() >= 2 ? s.layers().size() - 2 : -1);
  }

  private SequentialDiscriminator(
      String name, ImageShape inputShape, Layer body, int featureLayer) {
    this.name = Objects.requireNonNull(name, "name");
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    this.body = Objects.requireNonNull(body, "body");
    this.featureLayer = featureLayer;
    long[] out = body.outputShape(inputShape.toArray());
    if (!Arrays.equals(out, new long[] {1})) {
      throw new IllegalArgumentException(
          "Discriminator '"
              + name
              + "' maps "
              + inputShape
              + " to "
              + Arrays.toString(out)
              + "; it must produce one score per image ([1])");
    }
  }

  /**
   * The same discriminator reading its {@link #features} at the output of layer {@code index} of
   * its {@link Sequential} body.
   *
   * @param index a layer index in [0, layers − 2] (the last layer gives the score itself)
   * @throws IllegalArgumentException if the body is not a Sequential or the index is out of range
   */
  public SequentialDiscriminator withFeatureLayer(int index) {
    if (!(body instanceof Sequential s) || s.layers().size() < 2) {
      throw new IllegalArgumentException(
          "Discriminator '"
              + name
              + "' needs a Sequential body of at least 2 layers to expose features");
    }
    if (index < 0 || index > s.layers().size() - 2) {
      throw new IllegalArgumentException(
          "Feature layer index must be in [0, "
              + (s.layers().size() - 2)
              + "] for discriminator '"
              + name
              + "', found "
              + index);
    }
    return new SequentialDiscriminator(name, inputShape, body, index);
  }

  /** The layer whose output {@link #features} returns, or −1 when the body is not a Sequential. */
  public int featureLayer() {
    return featureLayer;
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
    return body.forward(g, images, inputShape.toArray());
  }

  @Override
  public WithInputGradient discriminateWithInputGradient(
      NetGraph g, SDVariable images, SDVariable labels) {
    Traced t;
    try {
      t = body.trace(g, images, inputShape.toArray());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("Discriminator '" + name + "': " + e.getMessage(), e);
    }
    // a gradient of ones; not onesLike, whose "dtype" property SameDiff warns about when it clones
    // the graph
    SDVariable ones = t.output().mul(0.0).add(1.0);
    return new WithInputGradient(t.output(), t.inputGradient(ones));
  }

  @Override
  public SDVariable features(NetGraph g, SDVariable images) {
    if (featureLayer < 0) {
      throw new IllegalStateException(
          "Discriminator "
              + describe()
              + " exposes no intermediate features, which feature matching needs: its body"
              + " is not a Sequential; build it from a Sequential body");
    }
    Sequential s = (Sequential) body;
    long[] shape = s.outputShape(inputShape.toArray(), featureLayer + 1);
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    return s.forward(g, images, inputShape.toArray(), featureLayer + 1).reshape(-1, size);
  }

  @Override
  public String describe() {
    return name + " discriminator (" + inputShape + " → 1)";
  }
}

package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A network building block: a function over SameDiff variables that creates its weights (once,
 * through {@link NetGraph#param}) and returns its output.
 *
 * <p>Shapes are per example (no batch dimension): {@code [C, H, W]} for images, {@code [N]} for
 * vectors.
 */
public interface Layer {

  /** Adds this layer's ops to the graph and returns its output. */
  SDVariable forward(NetGraph g, SDVariable x);

  /**
   * The per-example output shape for a per-example input shape.
   *
   * @throws IllegalArgumentException if the input shape does not fit this layer; the message names
   *     the layer, the expected and the actual shape
   */
  long[] outputShape(long[] inputShape);

  /** A short name used for the scope of the layer's parameters, e.g. {@code "conv"}. */
  String kind();
}

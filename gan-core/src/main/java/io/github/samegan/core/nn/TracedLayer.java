package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A layer defined by its {@link #trace}: the forward pass is the traced output, and the input
 * gradient always exists. The normalisation layers are written this way, since their input gradient
 * reuses the forward pass's intermediate values; a custom layer can be too.
 */
public interface TracedLayer extends Layer {

  /**
   * Adds the forward pass and returns it with its input-gradient function (see {@link
   * Layer#trace}).
   */
  @Override
  Traced trace(NetGraph g, SDVariable x, long[] inputShape);

  @Override
  default SDVariable forward(NetGraph g, SDVariable x) {
    return trace(g, x, null).output();
  }

  @Override
  default SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    return trace(g, x, inputShape).output();
  }

  @Override
  default boolean providesInputGradient() {
    return true;
  }

  /**
   * Whether the input is a batch of images {@code [B, C, H, W]} rather than vectors {@code [B, N]}:
   * from the per-example shape when known, else from the variable's shape (images when unknown).
   */
  static boolean isImage(SDVariable x, long[] inputShape) {
    if (inputShape != null) {
      return inputShape.length == 3;
    }
    return (x.getShape() != null ? x.getShape().length : 4) == 4;
  }
}

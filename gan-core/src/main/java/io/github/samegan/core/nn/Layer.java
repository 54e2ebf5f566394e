package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A network building block: a function over SameDiff variables that creates its weights (once,
 * through {@link NetGraph#param}) and returns its output.
 *
 * <p>Shapes are per example (no batch dimension): {@code [C, H, W]} for images, {@code [N]} for
 * vectors; {@code [H, W, C]} inside a network that runs channels-last ({@link DataLayout}).
 *
 * <p><b>Input gradients.</b> A block used in a discriminator that is trained with a gradient
 * penalty (WGAN-GP, R1, R2, DRAGAN) must also express its input gradient with forward ops: see
 * {@link #trace} and {@link Traced}. The blocks of this package that do are {@link Dense}, {@link
 * Conv2d} (when {@code H + 2p − k} and {@code W + 2p − k} are multiples of the stride), {@link
 * ConvTranspose2d}, {@link AvgPool2d}, {@link BatchNorm} and {@link ConditionalBatchNorm} (training
 * mode: the exact gradient of {@code Σᵢ D(xᵢ)} including the coupling through batch statistics),
 * {@link LayerNorm}, every {@link Activation}, {@link Reshape}, and a {@link Sequential} of such
 * blocks. A layer that does not override {@link #trace} makes a penalty fail when the GAN is built,
 * with a message naming the block.
 */
public interface Layer {

  /** Adds this layer's ops to the graph and returns its output. */
  SDVariable forward(NetGraph g, SDVariable x);

  /**
   * As {@link #forward(NetGraph, SDVariable)}, told the per-example input shape (SameDiff often
   * does not know the shape of an op's output while the graph is built). Blocks whose ops depend on
   * the input rank (batch and layer norm on vectors or images) use it; the default ignores it.
   * {@link Sequential} passes it down the chain.
   */
  default SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    return forward(g, x);
  }

  /**
   * The per-example output shape for a per-example input shape.
   *
   * @throws IllegalArgumentException if the input shape does not fit this layer; the message names
   *     the layer, the expected and the actual shape
   */
  long[] outputShape(long[] inputShape);

  /** A short name used for the scope of the layer's parameters, e.g. {@code "conv"}. */
  String kind();

  /**
   * Whether {@link #trace} is implemented, i.e. this block can give a gradient penalty its input
   * gradient built from forward ops. The default is {@code false}.
   */
  default boolean providesInputGradient() {
    return false;
  }

  /**
   * Adds the forward pass (same ops and parameters as {@link #forward}) and returns it with a
   * function that builds the input gradient from forward ops, so that a penalty on it can be
   * differentiated once more by SameDiff.
   *
   * @param g the graph context (same scope as {@link #forward} would get)
   * @param x the input batch
   * @param inputShape the per-example shape of {@code x}
   * @throws IllegalStateException if this block provides no input gradient (the default), naming
   *     the block
   */
  default Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    throw new IllegalStateException(unsupportedInputGradient(this));
  }

  /** The message used when a block provides no input gradient. */
  static String unsupportedInputGradient(Layer layer) {
    return "Block '"
        + layer.kind()
        + "' ("
        + layer
        + ") provides no input gradient built from forward"
        + " ops, which gradient penalties (WGAN-GP, R1, R2, DRAGAN) need because SameDiff cannot"
        + " differentiate a gradient. Blocks that do: Dense, Conv2d, ConvTranspose2d, AvgPool2d,"
        + " BatchNorm, LayerNorm, Activation, Reshape and Sequential; a custom Layer can implement"
        + " Layer.trace (see docs/losses.md)";
  }
}

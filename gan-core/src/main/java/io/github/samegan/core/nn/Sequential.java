package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A chain of layers. Each layer's parameters live in the scope {@code <index><kind>} (e.g. {@code
 * 0dense}, {@code 1bn}), so names are stable and readable in checkpoints.
 *
 * <p>Input gradient ({@link #trace}): the layers' input gradients chained in reverse order; it is
 * available when every layer provides one ({@link #providesInputGradient()}), and otherwise fails
 * naming the first layer (by index path, kind and value) that does not.
 */
public final class Sequential implements Layer {
  private final List<Layer> layers;

  private Sequential(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential needs at least one layer");
    }
    this.layers = List.copyOf(layers);
  }

  /** A chain of the given layers. */
  public static Sequential of(Layer... layers) {
    return new Sequential(Arrays.asList(layers));
  }

  /** A chain of the given layers. */
  public static Sequential of(List<Layer> layers) {
    return new Sequential(new ArrayList<>(layers));
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    long[] s = x.getShape();
    long[] perExample = s != null && s.length >= 2 ? Arrays.copyOfRange(s, 1, s.length) : null;
    if (perExample != null && Arrays.stream(perExample).anyMatch(d -> d <= 0)) {
      perExample = null;
    }
    return forward(g, x, perExample);
  }

  /**
   * Passes the per-example shape down the chain (see {@link Layer#forward(NetGraph, SDVariable,
   * long[])}).
   */
  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    return forward(g, x, inputShape, layers.size());
  }

  /**
   * Applies only the first {@code count} layers (same scopes and parameters as the full chain),
   * e.g. to read an intermediate feature of a discriminator.
   *
   * @param inputShape the per-example input shape, or {@code null} if unknown
   * @throws IllegalArgumentException if {@code count} is not in [1, size]
   */
  public SDVariable forward(NetGraph g, SDVariable x, long[] inputShape, int count) {
    if (count < 1 || count > layers.size()) {
      throw new IllegalArgumentException(
          "Layer count must be in [1, " + layers.size() + "], found " + count);
    }
    SDVariable h = x;
    long[] shape = inputShape;
    for (int i = 0; i < count; i++) {
      Layer l = layers.get(i);
      h =
          shape == null
              ? l.forward(g.scope(i + l.kind()), h)
              : l.forward(g.scope(i + l.kind()), h, shape);
      shape = shape == null ? null : l.outputShape(shape);
    }
    return h;
  }

  /**
   * The per-example output shape of the first {@code count} layers.
   *
   * @throws IllegalArgumentException if {@code count} is not in [1, size] or a shape does not fit
   */
  public long[] outputShape(long[] inputShape, int count) {
    if (count < 1 || count > layers.size()) {
      throw new IllegalArgumentException(
          "Layer count must be in [1, " + layers.size() + "], found " + count);
    }
    long[] s = inputShape;
    for (int i = 0; i < count; i++) {
      s = layers.get(i).outputShape(s);
    }
    return s;
  }

  @Override
  public boolean providesInputGradient() {
    return firstWithoutInputGradient("") == null;
  }

  /**
   * The index path (e.g. {@code "3"} or {@code "2.1"} inside a nested chain) and description of the
   * first layer without an input gradient, or {@code null} if every layer has one.
   */
  String firstWithoutInputGradient(String prefix) {
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      if (l instanceof Sequential inner) {
        String found = inner.firstWithoutInputGradient(prefix + i + ".");
        if (found != null) {
          return found;
        }
      } else if (!l.providesInputGradient()) {
        return "layer " + prefix + i + ": " + Layer.unsupportedInputGradient(l);
      }
    }
    return null;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    String missing = firstWithoutInputGradient("");
    if (missing != null) {
      throw new IllegalStateException(missing);
    }
    List<Traced> traces = new ArrayList<>(layers.size());
    SDVariable h = x;
    long[] shape = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      Traced t = l.trace(g.scope(i + l.kind()), h, shape);
      traces.add(t);
      h = t.output();
      shape = l.outputShape(shape);
    }
    return new Traced(
        h,
        dy -> {
          SDVariable grad = dy;
          for (int i = traces.size() - 1; i >= 0; i--) {
            grad = traces.get(i).inputGradient(grad);
          }
          return grad;
        });
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long[] s = inputShape;
    for (Layer l : layers) {
      s = l.outputShape(s);
    }
    return s;
  }

  @Override
  public String kind() {
    return "seq";
  }
}

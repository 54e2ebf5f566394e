package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A chain of layers. Each layer's parameters live in the scope {@code <index><kind>} (e.g. {@code
 * 0dense}, {@code 1bn}), so names are stable and readable in checkpoints.
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
    SDVariable h = x;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      h = l.forward(g.scope(i + l.kind()), h);
    }
    return h;
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

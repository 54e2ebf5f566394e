package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Permutes image batches from one {@link DataLayout} to another, optionally followed by a layer
 * that works in the new layout. With a layer, this block takes that layer's {@link #kind()} and
 * adds no parameter scope of its own, so the layer's parameters keep the names they have without
 * the permutation: a model can change its internal layout and still load its old checkpoints.
 *
 * <p>Input gradient ({@link #trace}): the inner layer's input gradient (if any) permuted back.
 *
 * @param from the input's layout
 * @param to the layout the inner layer (and this block's output, without one) has
 * @param inner the layer applied after the permutation, or {@code null} for none
 */
public record Relayout(DataLayout from, DataLayout to, Layer inner) implements Layer {

  /** Requires both layouts. */
  public Relayout {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** Only the permutation. */
  public static Relayout of(DataLayout from, DataLayout to) {
    return new Relayout(from, to, null);
  }

  /** The permutation, then {@code inner} in layout {@code to}, under {@code inner}'s scope. */
  public static Relayout before(DataLayout from, DataLayout to, Layer inner) {
    return new Relayout(from, to, Objects.requireNonNull(inner, "inner"));
  }

  private SDVariable permute(NetGraph g, SDVariable x, DataLayout a, DataLayout b) {
    return a == b ? x : g.sd().permute(x, b.permutationFrom(a));
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    SDVariable p = permute(g, x, from, to);
    return inner == null ? p : inner.forward(g, p);
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    SDVariable p = permute(g, x, from, to);
    return inner == null ? p : inner.forward(g, p, to.convert(inputShape, from));
  }

  @Override
  public boolean providesInputGradient() {
    return inner == null || inner.providesInputGradient();
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SDVariable p = permute(g, x, from, to);
    if (inner == null) {
      return new Traced(p, dy -> permute(g, dy, to, from));
    }
    Traced t = inner.trace(g, p, to.convert(inputShape, from));
    return new Traced(t.output(), dy -> permute(g, t.inputGradient(dy), to, from));
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long[] s = to.convert(inputShape, from);
    return inner == null ? s : inner.outputShape(s);
  }

  @Override
  public String kind() {
    return inner == null ? "relayout" : inner.kind();
  }
}

package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Reshapes each example to a fixed shape (e.g. a dense output to {@code [256, 4, 4]}, or an image
 * to a flat vector with {@link #flatten(long[])}).
 *
 * <p>Input gradient ({@link #trace}): the output gradient reshaped back to the input shape.
 *
 * @param target the per-example output shape
 */
public record Reshape(long[] target) implements Layer {

  /** Validates the target shape. */
  public Reshape {
    target = target.clone();
    for (long d : target) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "Reshape target dimensions must be positive, found " + Arrays.toString(target));
      }
    }
  }

  /** Reshape to {@code [c, h, w]}. */
  public static Reshape toImage(long c, long h, long w) {
    return new Reshape(new long[] {c, h, w});
  }

  /** Flatten a per-example shape to one dimension. */
  public static Reshape flatten(long[] perExample) {
    return new Reshape(new long[] {Shapes.product(perExample)});
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    long[] s = new long[target.length + 1];
    s[0] = -1;
    System.arraycopy(target, 0, s, 1, target.length);
    return x.reshape(s);
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    long[] back = new long[inputShape.length + 1];
    back[0] = -1;
    System.arraycopy(inputShape, 0, back, 1, inputShape.length);
    return new Traced(forward(g, x), dy -> dy.reshape(back));
  }

  @Override
  public long[] outputShape(long[] in) {
    if (Shapes.product(in) != Shapes.product(target)) {
      throw new IllegalArgumentException(
          "Reshape to " + Arrays.toString(target) + " cannot take input " + Arrays.toString(in));
    }
    return target.clone();
  }

  @Override
  public String kind() {
    return "reshape";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reshape r && Arrays.equals(target, r.target);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(target);
  }

  @Override
  public String toString() {
    return "Reshape" + Arrays.toString(target);
  }
}

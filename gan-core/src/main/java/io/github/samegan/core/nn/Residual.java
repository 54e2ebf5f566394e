package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A residual connection (He et al. 2015, <a
 * href="https://arxiv.org/abs/1512.03385">arXiv:1512.03385</a>): {@code y = main(x) + shortcut(x)}.
 * The shortcut is the identity when the main branch keeps the shape, or a projection (typically a
 * strided 1×1 {@link Conv2d} and a {@link BatchNorm}) when it changes the channel count or
 * resolution. Both branches must produce the same per-example shape.
 *
 * <p>Parameters live in the scopes {@code main/} and {@code skip/} of the block's own scope. A
 * post-addition activation (the ReLU of the original ResNet) is a separate {@link Activation} after
 * this block.
 *
 * <p>Input gradient: not provided ({@link #providesInputGradient()} is false); residual
 * discriminators for gradient penalties would add a {@link #trace} summing both branches'.
 *
 * @param main the residual branch
 * @param shortcut the shortcut branch, or {@code null} for the identity
 */
public record Residual(Layer main, Layer shortcut) implements Layer {

  /** Requires the main branch. */
  public Residual {
    Objects.requireNonNull(main, "main");
  }

  /** {@code y = main(x) + x}. */
  public static Residual identity(Layer main) {
    return new Residual(main, null);
  }

  /** {@code y = main(x) + shortcut(x)}. */
  public static Residual projected(Layer main, Layer shortcut) {
    return new Residual(main, Objects.requireNonNull(shortcut, "shortcut"));
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    SDVariable m = main.forward(g.scope("main"), x);
    SDVariable s = shortcut == null ? x : shortcut.forward(g.scope("skip"), x);
    return m.add(s);
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    if (inputShape == null) {
      return forward(g, x);
    }
    outputShape(inputShape);
    SDVariable m = main.forward(g.scope("main"), x, inputShape);
    SDVariable s = shortcut == null ? x : shortcut.forward(g.scope("skip"), x, inputShape);
    return m.add(s);
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long[] m = main.outputShape(inputShape);
    long[] s = shortcut == null ? inputShape.clone() : shortcut.outputShape(inputShape);
    if (!Arrays.equals(m, s)) {
      throw new IllegalArgumentException(
          "Residual: the main branch maps "
              + Arrays.toString(inputShape)
              + " to "
              + Arrays.toString(m)
              + " but the "
              + (shortcut == null ? "identity shortcut" : "shortcut")
              + " gives "
              + Arrays.toString(s)
              + "; add a projection shortcut (e.g. a strided 1x1 Conv2d) that matches the main branch");
    }
    return m;
  }

  @Override
  public String kind() {
    return "res";
  }
}

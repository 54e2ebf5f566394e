package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Fully connected layer {@code y = x·W + b} with {@code W: [nIn, nOut]}.
 *
 * <p>Built from {@code mmul} and {@code biasAdd} rather than {@code sd.nn.linear}, which returns
 * wrong values on repeated {@code output()} calls in SameDiff 1.0.0-M2.1 (docs/internals.md).
 *
 * <p>Input gradient ({@link #trace}): {@code ∂L/∂x = ∂L/∂y · Wᵀ}, a transposed {@code mmul}.
 *
 * @param nIn input features
 * @param nOut output features
 * @param bias whether to add a bias
 * @param init weight initialiser
 */
public record Dense(long nIn, long nOut, boolean bias, Init init) implements Layer {

  /** Validates sizes. */
  public Dense {
    if (nIn <= 0 || nOut <= 0) {
      throw new IllegalArgumentException(
          "Dense sizes must be positive, found nIn=" + nIn + ", nOut=" + nOut);
    }
  }

  /** Dense layer with bias and N(0, 0.02²) weights (DCGAN initialisation). */
  public Dense(long nIn, long nOut) {
    this(nIn, nOut, true, Init.normal(0.02));
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return trace(g, x, new long[] {nIn}).output();
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SDVariable w = g.param("W", new long[] {nIn, nOut}, init, nIn);
    SDVariable y = g.sd().mmul(x, w);
    if (bias) {
      SDVariable b = g.param("b", new long[] {nOut}, Init.zeros(), nIn);
      y = g.sd().nn().biasAdd(y, b, false);
    }
    return new Traced(y, dy -> g.sd().mmul(dy, w, false, true, false));
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank("Dense(" + nIn + "→" + nOut + ")", in, 1);
    Shapes.requireDim("Dense(" + nIn + "→" + nOut + ")", "features", nIn, in[0], in);
    return new long[] {nOut};
  }

  @Override
  public String kind() {
    return "dense";
  }
}

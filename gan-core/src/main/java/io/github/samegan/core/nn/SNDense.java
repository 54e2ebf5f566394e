package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A {@link Dense} layer whose weight is spectrally normalised ({@link SpectralNorm}): {@code y =
 * x·(W/σ(W)) + b}. Parameters {@code W: [nIn, nOut]}, {@code b: [nOut]}; state {@code u: [nOut]}.
 *
 * <p>Input gradient ({@link #trace}): {@code ∂L/∂x = ∂L/∂y · W_SNᵀ}, the normalised weight taken as
 * the forward weight.
 *
 * @param nIn input features
 * @param nOut output features
 * @param bias whether to add a bias
 * @param init weight initialiser
 */
public record SNDense(long nIn, long nOut, boolean bias, Init init) implements Layer {

  /** Validates sizes. */
  public SNDense {
    if (nIn <= 0 || nOut <= 0) {
      throw new IllegalArgumentException(
          "SNDense sizes must be positive, found nIn=" + nIn + ", nOut=" + nOut);
    }
  }

  /** With bias and N(0, 0.02²) weights. */
  public SNDense(long nIn, long nOut) {
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
    long[] shape = {nIn, nOut};
    SDVariable w = SpectralNorm.normalize(g, g.param("W", shape, init, nIn), shape);
    SDVariable y = g.sd().mmul(x, w);
    if (bias) {
      y = g.sd().nn().biasAdd(y, g.param("b", new long[] {nOut}, Init.zeros(), nIn), false);
    }
    return new Traced(y, dy -> g.sd().mmul(dy, w, false, true, false));
  }

  @Override
  public long[] outputShape(long[] in) {
    return new Dense(nIn, nOut, bias, init).outputShape(in);
  }

  @Override
  public String kind() {
    return "sndense";
  }
}

package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Spectral normalisation (Miyato et al. 2018, <a
 * href="https://arxiv.org/abs/1802.05957">arXiv:1802.05957</a>): a weight is divided by an estimate
 * of its largest singular value, {@code W_SN = W / σ(W)}, so that the layer is (about) 1-Lipschitz.
 *
 * <p>The weight is read as a matrix {@code A: [cols, rows]} whose rows index the output units
 * (dense {@code W: [nIn, nOut]} as is; a convolution {@code [k, k, in, out]} reshaped to {@code
 * [k·k·in, out]}), and {@code u ∈ R^rows} is a state array (saved in checkpoints, never trained).
 * Each training graph computes
 *
 * <pre>
 *   a = A·u,  σ = ‖a‖,  v = a/σ,  u' = Aᵀv / ‖Aᵀv‖,  W_SN = W / σ
 * </pre>
 *
 * which is PyTorch's {@code σ = uᵀ W v} with {@code v = normalize(Wᵀu)} computed without gradient:
 * the same value and the same gradient {@code ∂σ/∂A = v·uᵀ} (u is a constant here, and {@code
 * ∂‖A·u‖/∂A = v·uᵀ}). σ is part of the graph, so gradients flow through it to W. One
 * power-iteration step per update: {@code u'} is registered as a state update with momentum 1
 * ({@link NetGraph#addStateUpdate}), so the trainer replaces {@code u} after each update of the
 * owning network. Inference graphs (sampling) read the frozen {@code u} and register nothing.
 *
 * <p>Calling the same layer twice in a graph (D on real, then on generated images) reuses one
 * normalised weight and one update.
 */
public final class SpectralNorm {
  /** Added to norms before dividing (PyTorch's default ε). */
  public static final double EPSILON = 1e-12;

  private SpectralNorm() {}

  /** The state initialiser of {@code u}: a random unit vector. */
  public static Init unitVector() {
    return (rng, type, shape, fanIn) -> {
      var u = rng.gaussian(type, shape);
      return u.divi(u.norm2Number().doubleValue() + EPSILON);
    };
  }

  /**
   * The spectrally normalised version of a weight, in its own shape.
   *
   * @param g the graph context in the weight's scope (the state {@code u} is created beside it)
   * @param w the raw weight variable
   * @param shape the weight's shape; the last axis indexes output units
   */
  public static SDVariable normalize(NetGraph g, SDVariable w, long[] shape) {
    SameDiff sd = g.sd();
    String name = g.prefix() + "W_sn";
    if (sd.hasVariable(name)) {
      return sd.getVariable(name);
    }
    long rows = shape[shape.length - 1];
    long cols = 1;
    for (int i = 0; i < shape.length - 1; i++) {
      cols *= shape[i];
    }
    SDVariable u = g.state("u", new long[] {rows}, unitVector());
    SDVariable a = shape.length == 2 ? w : w.reshape(cols, rows);
    SDVariable au = sd.mmul(a, u.reshape(rows, 1)); // [cols, 1]
    SDVariable sigma = sd.math().sqrt(au.mul(au).sum());
    // W·(1/σ), not W/σ: SameDiff gives a one-element divisor a wrong gradient (docs/internals.md)
    SDVariable wSn = sd.identity(name, w.mul(sd.math().reciprocal(sigma.add(EPSILON))));
    if (g.training()) {
      SDVariable v = au.div(sigma.add(EPSILON));
      SDVariable atv = sd.mmul(a, v, true, false, false); // [rows, 1]
      SDVariable uNext = atv.div(sd.math().sqrt(atv.mul(atv).sum()).add(EPSILON)).reshape(rows);
      g.addStateUpdate("u", uNext, 1.0);
    }
    return wSn;
  }
}

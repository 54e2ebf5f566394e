package io.github.samegan.losses;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BigGAN's orthogonal regularisation of the generator (Brock, Donahue &amp; Simonyan 2019, <a
 * href="https://arxiv.org/abs/1809.11096">arXiv:1809.11096</a>, §3.1), the variant that leaves the
 * filters' norms free and only pushes distinct filters apart. For every weight W of the generator,
 * seen as a matrix whose columns {@code w_j} are its output filters ({@code V: [fan-in, out]}, the
 * last axis of SameGAN's weights), G's loss gets
 *
 * <pre>
 *   β · R(W),   R(W) = ½ ‖VᵀV ⊙ (1 − I)‖²_F = ½ Σ_{j≠k} (w_jᵀ w_k)²,   ∂R/∂V = 2·V·(VᵀV ⊙ (1 − I))
 * </pre>
 *
 * <p>The factor ½ makes the gradient exactly the one BigGAN-PyTorch's {@code utils.ortho} and
 * StudioGAN's {@code misc.orthogonalize_model} add to the weights' gradients ({@code 2·(wwᵀ ⊙ (1 −
 * I))·w} with PyTorch's {@code w = Vᵀ}); the paper writes the penalty without it, with β = 1e-4.
 * Regularised: every parameter the generator update trains with at least two axes (dense and
 * convolution weights, conditional batch norm projections, attention), except class embeddings
 * (parameters in a scope named {@code shared} or {@code embed}), which BigGAN leaves out; biases
 * and batch-norm vectors have one axis. Spectrally normalised layers are regularised through their
 * raw weight, as in PyTorch. For a wide matrix (more outputs than fan-in) R is computed from the
 * small Gram matrix, {@code ½(‖VVᵀ‖²_F − Σ_j ‖w_j‖⁴)}, which is the same value.
 *
 * <p>Use it with any loss: {@link #on(GanLoss, double)} adds the term to G's loss (D's is
 * untouched); the command line's {@code --ortho-weight β}, which every registered loss reads
 * ({@link LossRegistry#COMMON}). Monitored: {@code ortho_g}, the unweighted Σ R(W).
 *
 * @param weight β &gt; 0
 */
public record OrthogonalRegularization(double weight) {

  /**
   * {@code --ortho-weight β}: read by every registered loss; 0 (the default) turns the
   * regularisation off. BigGAN used 1e-4.
   */
  public static final LossOption<Double> WEIGHT =
      LossOption.nonNegative(
          "orthoWeight",
          "--ortho-weight",
          "β",
          0.0,
          "off",
          "BigGAN's orthogonal regularisation (Brock et al. 2019): adds β·½Σ‖WᵀW ⊙ (1 − I)‖² over"
              + " G's weights to G's loss (BigGAN: 1e-4)");

  /** Scopes whose parameters are class embeddings, left out as BigGAN does. */
  static final List<String> EXCLUDED_SCOPES = List.of("shared", "embed");

  /** Validates the weight. */
  public OrthogonalRegularization {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "Orthogonal regularisation weight must be a positive finite number, found " + weight);
    }
  }

  /**
   * {@code base} with the generator's orthogonal regularisation of weight β, or {@code base} itself
   * when β is 0.
   *
   * @throws IllegalArgumentException for a negative or non-finite β
   */
  public static GanLoss on(GanLoss base, double weight) {
    Objects.requireNonNull(base, "base");
    if (weight == 0) {
      return base;
    }
    return new Decorated(base, new OrthogonalRegularization(weight));
  }

  /**
   * {@code R(W) = ½‖VᵀV ⊙ (1 − I)‖²_F} of one weight, {@code V} its reshape to {@code [−1,
   * shape[last]]}.
   *
   * @param w the weight variable
   * @param shape its shape, at least two axes
   */
  public static SDVariable penalty(SameDiff sd, SDVariable w, long[] shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "Orthogonal regularisation needs a weight with at least two axes, found "
              + Arrays.toString(shape));
    }
    long out = shape[shape.length - 1];
    long fanIn = Arrays.stream(shape).reduce(1, (a, b) -> a * b) / out;
    SDVariable v = w.reshape(fanIn, out);
    if (out <= fanIn) {
      SDVariable gram = sd.mmul(v, v, true, false, false); // [out, out]
      DataType dt = w.dataType();
      SDVariable offDiagonal = sd.constant(Nd4j.ones(dt, out, out).subi(Nd4j.eye(out).castTo(dt)));
      SDVariable masked = gram.mul(offDiagonal);
      return masked.mul(masked).sum().mul(0.5);
    }
    SDVariable small = sd.mmul(v, v, false, true, false); // [fanIn, fanIn], same Frobenius norm
    SDVariable norms = v.mul(v).sum(0); // ‖w_j‖²
    return small.mul(small).sum().sub(norms.mul(norms).sum()).mul(0.5);
  }

  /** Whether a parameter (by its full name and shape) is regularised. */
  static boolean regularised(String name, long[] shape) {
    if (shape.length < 2) {
      return false;
    }
    for (String part : name.split("/")) {
      if (EXCLUDED_SCOPES.contains(part)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The weighted term {@code β·Σ R(W)} over the regularised parameters the generator-phase graph
   * trains (which must already be in the graph).
   *
   * @throws IllegalStateException outside the generator phase or if G has no regularised weight
   */
  public SDVariable term(LossContext ctx) {
    if (ctx.phase() != LossContext.Phase.GENERATOR) {
      throw new IllegalStateException(
          "Orthogonal regularisation applies to the generator's update only");
    }
    NetGraph g = ctx.graph();
    SameDiff sd = ctx.sd();
    SDVariable total = null;
    for (String n : g.trainableNames()) {
      long[] shape = g.store().array(n).shape();
      if (!regularised(n, shape)) {
        continue;
      }
      SDVariable r = penalty(sd, sd.getVariable(n), shape);
      total = total == null ? r : total.add(r);
    }
    if (total == null) {
      throw new IllegalStateException(
          "Orthogonal regularisation found no generator weight with two or more axes outside "
              + EXCLUDED_SCOPES
              + " among "
              + g.trainableNames());
    }
    ctx.monitor("ortho_g", total);
    return total.mul(weight);
  }

  /**
   * A base loss with the orthogonal regularisation added to G's loss.
   *
   * @param base the adversarial loss
   * @param ortho the term
   */
  record Decorated(GanLoss base, OrthogonalRegularization ortho) implements DecoratedLoss {
    @Override
    public String name() {
      return base.name() + "+ortho";
    }

    @Override
    public SDVariable discriminatorLoss(LossContext ctx) {
      return base.discriminatorLoss(ctx);
    }

    @Override
    public SDVariable generatorLoss(LossContext ctx) {
      return base.generatorLoss(ctx).add(ortho.term(ctx));
    }
  }
}

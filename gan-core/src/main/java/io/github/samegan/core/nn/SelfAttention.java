package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The self-attention block of SAGAN (Zhang, Goodfellow, Metaxas &amp; Odena 2019, <a
 * href="https://arxiv.org/abs/1805.08318">arXiv:1805.08318</a>) over NCHW feature maps with N = H·W
 * positions:
 *
 * <pre>
 *   f = W_f·x,  g = W_g·x  (1×1 convolutions, C → C/8),   h = W_h·x  (1×1, C → C)
 *   s_ij = f(x_i)ᵀ g(x_j),   β_j,i = exp(s_ij) / Σ_i exp(s_ij)   (position j attends over all i)
 *   o_j = Σ_i β_j,i h(x_i),   y = γ·o + x,   γ starts at 0
 * </pre>
 *
 * <p>So an untrained block is the identity and the network learns how much non-local evidence to
 * mix in. With {@code spectralNorm} the three convolutions are {@link SNConv2d} (SAGAN normalises
 * every layer of D, and of G too). Parameters: {@code f/W, f/b, g/W, g/b} ({@code C·C/8 + C/8}
 * each), {@code h/W, h/b} ({@code C² + C}) and {@code gamma} ([1]).
 *
 * <p>Input gradient ({@link #trace}): the residual's {@code ∂L/∂y} plus γ times the attention's
 * backward pass (through {@code h}, the softmax and both {@code f} and {@code g}) written with
 * forward ops (batched matrix products and the softmax's closed-form Jacobian), so gradient
 * penalties work on attention discriminators.
 *
 * @param channels C ≥ 8 (queries and keys have C/8 channels)
 * @param spectralNorm whether the 1×1 convolutions are spectrally normalised
 * @param init initialiser of the convolution weights
 */
public record SelfAttention(long channels, boolean spectralNorm, Init init) implements TracedLayer {

  /** Validates the arguments. */
  public SelfAttention {
    if (channels < 8) {
      throw new IllegalArgumentException(
          "SelfAttention needs at least 8 channels (queries and keys have C/8), found " + channels);
    }
    Objects.requireNonNull(init, "init");
  }

  /** With N(0, 0.02²) weights. */
  public SelfAttention(long channels, boolean spectralNorm) {
    this(channels, spectralNorm, Init.normal(0.02));
  }

  /** The channels of queries and keys, C/8. */
  public long keyChannels() {
    return channels / 8;
  }

  private Layer conv(long out) {
    return spectralNorm
        ? new SNConv2d(channels, out, 1, 1, 0, true, init)
        : new Conv2d(channels, out, 1, 1, 0, true, init);
  }

  /** The block's intermediate values for one input batch. */
  private record Parts(
      Traced f,
      Traced g,
      Traced h,
      SDVariable keys,
      SDVariable queries,
      SDVariable values,
      SDVariable attention,
      SDVariable gamma,
      SDVariable output) {}

  private Parts parts(NetGraph g, SDVariable x, long[] inputShape) {
    long[] s = inputShape != null ? inputShape : knownShape(x);
    outputShape(s);
    SameDiff sd = g.sd();
    long k = keyChannels();
    long n = s[1] * s[2];
    Traced tf = conv(k).trace(g.scope("f"), x, s);
    Traced tg = conv(k).trace(g.scope("g"), x, s);
    Traced th = conv(channels).trace(g.scope("h"), x, s);
    SDVariable keys = tf.output().reshape(-1, k, n);
    SDVariable queries = tg.output().reshape(-1, k, n);
    SDVariable values = th.output().reshape(-1, channels, n);
    // scores[j, i] = g_j · f_i; softmax over i, so each row (one attending position j) sums to 1
    SDVariable attention = sd.nn().softmax(sd.mmul(queries, keys, true, false, false), 2);
    SDVariable o =
        sd.mmul(values, attention, false, true, false)
            .reshape(-1, channels, s[1], s[2]); // o_j = Σ_i β_ji h_i
    SDVariable gamma = g.param("gamma", new long[] {1}, Init.zeros(), 1);
    return new Parts(tf, tg, th, keys, queries, values, attention, gamma, o.mul(gamma).add(x));
  }

  private long[] knownShape(SDVariable x) {
    long[] shape = x.getShape();
    if (shape == null || shape.length != 4 || shape[1] <= 0 || shape[2] <= 0 || shape[3] <= 0) {
      throw new IllegalStateException(this + " needs the per-example input shape [C, H, W]");
    }
    return Arrays.copyOfRange(shape, 1, 4);
  }

  /**
   * The attention map {@code β: [B, N, N]} for a batch (row j: how position j attends over all
   * positions i; N = H·W in row-major order), same weights as the forward pass, e.g. to visualise
   * where the block looks.
   */
  public SDVariable attentionMap(NetGraph g, SDVariable x, long[] inputShape) {
    return parts(g, x, inputShape).attention();
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    Parts p = parts(g, x, inputShape);
    SameDiff sd = g.sd();
    long[] s = inputShape != null ? inputShape : knownShape(x);
    long k = keyChannels();
    long n = s[1] * s[2];
    return new Traced(
        p.output(),
        dy -> {
          SDVariable dO = dy.mul(p.gamma()).reshape(-1, channels, n);
          SDVariable dValues = sd.mmul(dO, p.attention()); // dH[c, i] = Σ_j dO[c, j] β[j, i]
          SDVariable dAttention =
              sd.mmul(dO, p.values(), true, false, false); // dβ[j, i] = Σ_c dO[c, j] H[c, i]
          SDVariable dScores =
              p.attention().mul(dAttention.sub(dAttention.mul(p.attention()).sum(true, 2)));
          SDVariable dQueries =
              sd.mmul(p.keys(), dScores, false, true, false); // dG[c, j] = Σ_i F[c, i] dS[j, i]
          SDVariable dKeys = sd.mmul(p.queries(), dScores); // dF[c, i] = Σ_j G[c, j] dS[j, i]
          return dy.add(p.f().inputGradient(dKeys.reshape(-1, k, s[1], s[2])))
              .add(p.g().inputGradient(dQueries.reshape(-1, k, s[1], s[2])))
              .add(p.h().inputGradient(dValues.reshape(-1, channels, s[1], s[2])));
        });
  }

  @Override
  public long[] outputShape(long[] in) {
    String name = "SelfAttention(" + channels + ")";
    Shapes.requireRank(name, in, 3);
    Shapes.requireDim(name, "channels", channels, in[0], in);
    return in.clone();
  }

  @Override
  public String kind() {
    return "attn";
  }
}

package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SAGAN self-attention: shape, identity at γ = 0, the attention map and output against a hand
 * computation, gradients against finite differences (with and without spectral norm), the traced
 * input gradient against SameDiff's, and the parameter count.
 */
class SelfAttentionTest {

  /** Closed-form parameter count: f and g (C → C/8, with bias), h (C → C, with bias), γ. */
  static long parameterCount(long c) {
    long k = c / 8;
    return 2 * (c * k + k) + c * c + c + 1;
  }

  private record Built(
      SameDiff sd, ParameterStore store, SDVariable y, SDVariable attention, Traced traced) {}

  private static Built build(
      ParameterStore store, SelfAttention a, INDArray x, boolean xTrainable) {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(3), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    SDVariable in =
        xTrainable ? g.param("x", x.shape(), (r, t, s, f) -> x.dup(), 1) : sd.constant("x", x);
    long[] shape = java.util.Arrays.copyOfRange(x.shape(), 1, 4);
    Traced t = a.trace(g.scope("attn"), in, shape);
    return new Built(sd, store, t.output(), a.attentionMap(g.scope("attn"), in, shape), t);
  }

  /** A trainable input and the block with γ set (the first build creates the weights, γ = 0). */
  private static Built withGamma(SelfAttention a, INDArray x, double gamma) {
    ParameterStore store = new ParameterStore();
    build(store, a, x, true);
    store.array("attn/gamma").assign(gamma);
    return build(store, a, x, true);
  }

  private static INDArray eval(Built b, SDVariable v) {
    return b.sd().output(Map.of(), v.name()).get(v.name());
  }

  @Test
  void keepsTheShapeAndIsTheIdentityWhileGammaIsZero() {
    INDArray x = new Rng(1).gaussian(DataType.DOUBLE, 2, 16, 4, 4);
    Built b = build(new ParameterStore(), new SelfAttention(16, true, Init.normal(0.5)), x, false);
    INDArray y = eval(b, b.y());
    assertThat(y.shape()).containsExactly(2, 16, 4, 4);
    assertThat(b.store().array("attn/gamma").getDouble(0)).isZero();
    assertThat(y).isEqualTo(x);
    assertThat(new SelfAttention(16, false).outputShape(new long[] {16, 4, 4}))
        .containsExactly(16, 4, 4);
  }

  /** One image, C = 8 (one key channel), N = 3 positions: β and y by hand. */
  @Test
  void attentionAndOutputMatchTheClosedForm() {
    int c = 8;
    int n = 3;
    Rng rng = new Rng(7);
    INDArray x = rng.gaussian(DataType.DOUBLE, 1, c, 1, n);
    ParameterStore store = new ParameterStore();
    SelfAttention a = new SelfAttention(c, false, Init.normal(0.7));
    build(store, a, x, false);
    store.array("attn/f/b").assign(0.3);
    store.array("attn/g/b").assign(-0.2);
    store.array("attn/h/b").assign(rng.gaussian(DataType.DOUBLE, c));
    store.array("attn/gamma").assign(0.5);
    Built b = build(store, a, x, false);
    INDArray beta = eval(b, b.attention());
    INDArray y = eval(b, b.y());
    double[][] f = conv1x1(store, "f", x, 1);
    double[][] g = conv1x1(store, "g", x, 1);
    double[][] h = conv1x1(store, "h", x, c);
    assertThat(beta.shape()).containsExactly(1, n, n);
    for (int j = 0; j < n; j++) {
      double[] s = new double[n];
      double z = 0;
      for (int i = 0; i < n; i++) {
        s[i] = Math.exp(f[i][0] * g[j][0]); // s_ij = f(x_i)ᵀ g(x_j), one key channel
        z += s[i];
      }
      double rowSum = 0;
      for (int i = 0; i < n; i++) {
        assertThat(beta.getDouble(0, j, i)).as("β[%d,%d]", j, i).isCloseTo(s[i] / z, within(1e-12));
        rowSum += beta.getDouble(0, j, i);
      }
      assertThat(rowSum).isCloseTo(1.0, within(1e-12));
      for (int ch = 0; ch < c; ch++) {
        double o = 0;
        for (int i = 0; i < n; i++) {
          o += s[i] / z * h[i][ch];
        }
        assertThat(y.getDouble(0, ch, 0, j))
            .isCloseTo(0.5 * o + x.getDouble(0, ch, 0, j), within(1e-12));
      }
    }
  }

  /** A 1×1 convolution of a [1, C, 1, N] batch by hand: result[i][o] at position i. */
  private static double[][] conv1x1(ParameterStore store, String name, INDArray x, int out) {
    INDArray w = store.array("attn/" + name + "/W"); // [1, 1, C, out]
    INDArray bias = store.array("attn/" + name + "/b");
    int c = (int) x.size(1);
    int n = (int) x.size(3);
    double[][] r = new double[n][out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double v = bias.getDouble(o);
        for (int ch = 0; ch < c; ch++) {
          v += w.getDouble(0, 0, ch, o) * x.getDouble(0, ch, 0, i);
        }
        r[i][o] = v;
      }
    }
    return r;
  }

  /**
   * L = Σ sin(y ⊙ w) at γ = 0.7: gradients of the input, f, g, h and γ, with and without spectral
   * norm.
   */
  @Test
  void gradientsMatchFiniteDifferences() {
    for (boolean sn : new boolean[] {false, true}) {
      INDArray x = new Rng(11).gaussian(DataType.DOUBLE, 2, 8, 2, 3);
      INDArray w = new Rng(12).gaussian(DataType.DOUBLE, 2, 8, 2, 3);
      Built b = withGamma(new SelfAttention(8, sn, Init.normal(0.5)), x, 0.7);
      ParameterStore store = b.store();
      SDVariable loss = b.sd().math().sin(b.y().mul(b.sd().constant(w))).sum();
      b.sd().setLossVariables(loss.name());
      List<String> names = store.parameterNames("");
      Map<String, INDArray> grads = new HashMap<>();
      LossGraph.quietly(() -> b.sd().calculateGradients(Map.of(), names))
          .forEach((k, v) -> grads.put(k, v.dup()));
      int nonTrivial =
          FiniteDifferences.check(
              store,
              names,
              grads,
              () -> b.sd().output(Map.of(), loss.name()).get(loss.name()).getDouble(0),
              8,
              5);
      assertThat(names).contains("attn/gamma", "attn/f/W", "attn/g/W", "attn/h/W");
      assertThat(nonTrivial).as("spectral norm %s", sn).isGreaterThan(30);
    }
  }

  @Test
  void tracedInputGradientEqualsSameDiffs() {
    INDArray x = new Rng(13).gaussian(DataType.DOUBLE, 2, 16, 3, 3);
    INDArray w = new Rng(14).gaussian(DataType.DOUBLE, 2, 16, 3, 3);
    Built b = withGamma(new SelfAttention(16, true, Init.normal(0.4)), x, 1.3);
    SDVariable wv = b.sd().constant(w);
    SDVariable loss = b.y().mul(wv).sum();
    b.sd().setLossVariables(loss.name());
    INDArray own =
        LossGraph.quietly(() -> b.sd().calculateGradients(Map.of(), List.of("x"))).get("x").dup();
    INDArray traced = eval(b, b.traced().inputGradient(wv));
    // the attention part matters: it differs from the identity's gradient w
    assertThat(FiniteDifferences.relativeError(own, w)).isGreaterThan(1e-2);
    assertThat(FiniteDifferences.relativeError(traced, own)).isLessThan(1e-9);
  }

  @Test
  void parameterCountFollowsTheClosedForm() {
    for (long c : new long[] {8, 64, 128, 256}) {
      ParameterStore store = new ParameterStore();
      build(
          store,
          new SelfAttention(c, true),
          new Rng(1).gaussian(DataType.DOUBLE, 1, c, 2, 2),
          false);
      assertThat(store.parameterCount("attn/")).as("C = %d", c).isEqualTo(parameterCount(c));
    }
    assertThat(parameterCount(256)).isEqualTo(82_241L);
    assertThat(parameterCount(128)).isEqualTo(20_641L);
    assertThatThrownBy(() -> new SelfAttention(4, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 4");
  }
}

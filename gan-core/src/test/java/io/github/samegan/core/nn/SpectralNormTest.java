package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spectral normalisation: after enough power-iteration steps (one per update, u kept as state) the
 * normalised weight's largest singular value is 1, checked against an independent estimate; the
 * trainer updates u only for the network it trains; sampling leaves u frozen.
 */
class SpectralNormTest {

  /**
   * Largest singular value of a [rows, cols] matrix by power iteration on AᵀA to convergence, in
   * double.
   */
  static double largestSingularValue(double[][] a) {
    int rows = a.length;
    int cols = a[0].length;
    double[] v = new double[cols];
    java.util.Arrays.fill(v, 1.0 / Math.sqrt(cols));
    v[0] += 0.1;
    double sigma = 0;
    for (int it = 0; it < 5000; it++) {
      double[] av = new double[rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          av[i] += a[i][j] * v[j];
        }
      }
      double[] atav = new double[cols];
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
          atav[j] += a[i][j] * av[i];
        }
      }
      double n = 0;
      for (double x : atav) {
        n += x * x;
      }
      n = Math.sqrt(n);
      double next = Math.sqrt(n);
      for (int j = 0; j < cols; j++) {
        v[j] = atav[j] / n;
      }
      if (Math.abs(next - sigma) < 1e-13 * next) {
        return next;
      }
      sigma = next;
    }
    return sigma;
  }

  /**
   * Runs {@code iterations} power-iteration steps of a layer's normalised weight; returns it as a
   * matrix.
   */
  private static double[][] normalisedAfter(
      Layer layer, long[] inputShape, long[] weightShape, int iterations) {
    SameDiff sd = SameDiff.create();
    ParameterStore store = new ParameterStore();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(5), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    long[] in = new long[inputShape.length + 1];
    in[0] = -1;
    System.arraycopy(inputShape, 0, in, 1, inputShape.length);
    layer.forward(g.scope("L"), sd.placeHolder("x", DataType.DOUBLE, in), inputShape);
    assertThat(g.stateUpdates()).hasSize(1);
    NetGraph.StateUpdate u = g.stateUpdates().get(0);
    assertThat(u.stateName()).isEqualTo("L/u");
    assertThat(u.momentum()).isEqualTo(1.0);
    assertThat(store.get("L/u").kind()).isEqualTo(ParameterStore.Kind.STATE);
    for (int i = 0; i < iterations; i++) {
      INDArray next = sd.output(Map.of(), u.value().name()).get(u.value().name());
      store.array("L/u").assign(next);
    }
    INDArray w = sd.output(Map.of(), "L/W_sn").get("L/W_sn");
    assertThat(w.shape()).containsExactly(weightShape);
    long rows = weightShape[weightShape.length - 1];
    INDArray m = w.reshape(w.length() / rows, rows);
    return m.toDoubleMatrix();
  }

  @Test
  void denseWeightHasUnitSpectralNormAfterPowerIterations() {
    double[][] w =
        normalisedAfter(
            new SNDense(24, 16, true, Init.normal(1.0)), new long[] {24}, new long[] {24, 16}, 60);
    assertThat(largestSingularValue(w)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void convolutionKernelHasUnitSpectralNormAfterPowerIterations() {
    double[][] w =
        normalisedAfter(
            new SNConv2d(5, 12, 3, 1, 1, true, Init.normal(0.5)),
            new long[] {5, 8, 8},
            new long[] {3, 3, 5, 12},
            60);
    assertThat(largestSingularValue(w)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void oneIterationIsAnUnderestimateThatConverges() {
    double[][] w1 =
        normalisedAfter(
            new SNDense(24, 16, true, Init.normal(1.0)), new long[] {24}, new long[] {24, 16}, 0);
    // with a random u, σ is underestimated, so the normalised weight's norm is above 1
    assertThat(largestSingularValue(w1)).isGreaterThan(1.0 + 1e-3);
  }

  static Discriminator snDiscriminator() {
    return new SequentialDiscriminator(
        "sn-tiny",
        TinyModels.IMAGE,
        Sequential.of(
            new SNConv2d(2, 4, 4, 2, 1, true, Init.normal(0.3)),
            Activation.softplus(),
            Reshape.flatten(new long[] {4, 4, 4}),
            new SNDense(64, 1, true, Init.normal(0.3))));
  }

  static Generator snGenerator() {
    ImageShape img = TinyModels.IMAGE;
    return new SequentialGenerator(
        "sn-tiny",
        8,
        img,
        Sequential.of(
            new SNDense(8, img.size(), true, Init.normal(0.3)),
            Activation.tanh(),
            Reshape.toImage(img.channels(), img.height(), img.width())));
  }

  @Test
  void trainerAdvancesEachNetworksVectorsOnlyInItsOwnUpdateAndSamplingFreezesThem() {
    Gan gan = Gan.builder(snGenerator(), snDiscriminator(), new BceLoss()).build();
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 4, 1)).build();
    ParameterStore s = gan.parameters();
    INDArray dU = s.array("D/0snconv/u").dup();
    INDArray gU = s.array("G/0sndense/u").dup();
    gan.sample(3, new Rng(1));
    assertThat(s.array("G/0sndense/u")).isEqualTo(gU);
    t.step();
    assertThat(s.array("D/0snconv/u")).isNotEqualTo(dU);
    assertThat(s.array("G/0sndense/u")).isNotEqualTo(gU);
    assertThat(s.array("D/0snconv/u").norm2Number().doubleValue())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    INDArray gAfter = s.array("G/0sndense/u").dup();
    gan.sample(3, new Rng(2));
    assertThat(s.array("G/0sndense/u")).isEqualTo(gAfter);
    // spectral-norm vectors are state, not parameters
    assertThat(gan.discriminatorParameterCount()).isEqualTo(2 * 4 * 16 + 4 + 64 + 1);
  }

  @Test
  void tracedInputGradientUsesTheNormalisedWeight() {
    Discriminator d = snDiscriminator();
    INDArray x = new RandomImages(TinyModels.IMAGE, 5, 3, DataType.DOUBLE).next().images();
    LossGraph lg = new LossGraph(d, Phase.DISCRIMINATOR, x, x, 17);
    lg.build(ctx -> ctx.realLogits().sum());
    lg.value();
    INDArray own = lg.sameDiffInputGradient(x);
    INDArray traced = lg.tracedInputGradient(x);
    assertThat(own.amaxNumber().doubleValue()).isGreaterThan(1e-4);
    assertThat(FiniteDifferences.relativeError(traced, own)).isLessThan(1e-6);
  }

  /**
   * The gradient reaches W both directly and through σ(W); before the {@code W·(1/σ)} workaround
   * the σ path was wrong (SameDiff's division by a one-element variable, docs/internals.md).
   */
  @Test
  void weightGradientsThroughSigmaMatchFiniteDifferences() {
    INDArray x = new RandomImages(TinyModels.IMAGE, 5, 3, DataType.DOUBLE).next().images();
    LossGraph lg = new LossGraph(snDiscriminator(), Phase.DISCRIMINATOR, x, x, 23);
    lg.build(ctx -> ctx.sd().math().sin(ctx.realLogits()).sum());
    lg.value();
    assertThat(lg.parameterNames()).contains("D/0snconv/W", "D/3sndense/W");
    int nonTrivial =
        FiniteDifferences.check(lg.store(), lg.parameterNames(), lg.gradients(), lg::value, 10, 5);
    assertThat(nonTrivial).isGreaterThan(20);
  }

  @Test
  void callingTheDiscriminatorTwiceRegistersOneUpdatePerWeight() {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, new ParameterStore(), new Rng(1), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> true);
    Discriminator d = snDiscriminator();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2, 8, 8);
    d.discriminate(g.scope("D"), x);
    d.discriminate(g.scope("D"), x.mul(2.0));
    assertThat(g.stateUpdates())
        .extracting(NetGraph.StateUpdate::stateName)
        .containsExactly("D/0snconv/u", "D/3sndense/u");
  }
}

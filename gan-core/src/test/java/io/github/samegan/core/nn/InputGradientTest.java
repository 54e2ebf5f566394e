package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every block's input gradient built from forward ops ({@link Layer#trace}) equals SameDiff's own
 * first-order gradient of {@code Σᵢ D(xᵢ)} with respect to the input, and a penalty on it can be
 * differentiated with respect to D's parameters (checked against central finite differences).
 */
class InputGradientTest {
  private static final ImageShape IMAGE = TinyModels.IMAGE;

  /**
   * One of every block: conv (k3 s1, k4 s2), deconv, avg pool, layer/batch norm on images and
   * vectors, all activations.
   */
  static Discriminator allBlocks(boolean smooth) {
    Init w = Init.normal(0.4);
    return new SequentialDiscriminator(
        "all-blocks",
        IMAGE,
        Sequential.of(
            new Conv2d(2, 4, 3, 1, 1, true, w),
            smooth ? Activation.softplus() : Activation.relu(),
            new AvgPool2d(2),
            new LayerNorm(4),
            Activation.tanh(),
            new ConvTranspose2d(4, 3, 4, 2, 1, true, w),
            Activation.sigmoid(),
            new Conv2d(3, 4, 4, 2, 1, true, w),
            Activation.swish(),
            Sequential.of(
                new Conv2d(4, 4, 4, 2, 1, false, w),
                new BatchNorm(4),
                smooth ? Activation.tanh() : Activation.leakyRelu(0.2)),
            Reshape.flatten(new long[] {4, 2, 2}),
            new Dense(16, 8, true, w),
            new BatchNorm(8),
            Activation.softplus(),
            new LayerNorm(8),
            new Activation(Activation.Type.IDENTITY, 0),
            new Dense(8, 1, true, w)));
  }

  private static INDArray images(long seed) {
    return new RandomImages(IMAGE, 5, seed, DataType.DOUBLE)
        .next()
        .images()
        .addi(new Rng(seed).gaussian(DataType.DOUBLE, IMAGE.batchShape(5)).muli(0.3));
  }

  private static void assertTracedMatchesSameDiff(Discriminator d) {
    INDArray x = images(3);
    LossGraph lg = new LossGraph(d, Phase.DISCRIMINATOR, x, x, 17);
    lg.build(ctx -> ctx.realLogits().sum());
    lg.value(); // creates the weights
    INDArray own = lg.sameDiffInputGradient(x);
    INDArray traced = lg.tracedInputGradient(x);
    assertThat(traced.shape()).containsExactly(x.shape());
    assertThat(own.amaxNumber().doubleValue()).isGreaterThan(1e-4);
    assertThat(FiniteDifferences.relativeError(traced, own)).isLessThan(1e-6);
  }

  @Test
  void smoothTinyDiscriminatorMatchesSameDiffsOwnInputGradient() {
    assertTracedMatchesSameDiff(TinyModels.discriminator(true));
  }

  @Test
  void leakyReluTinyDiscriminatorMatchesSameDiffsOwnInputGradient() {
    assertTracedMatchesSameDiff(TinyModels.discriminator(false));
  }

  @Test
  void everyBlockMatchesSameDiffsOwnInputGradient() {
    assertTracedMatchesSameDiff(allBlocks(false));
    assertTracedMatchesSameDiff(allBlocks(true));
  }

  @Test
  void batchNormInInferenceModeUsesRunningStatistics() {
    SameDiff sd = SameDiff.create();
    ParameterStore store = new ParameterStore();
    NetGraph g =
        NetGraph.create(
            sd, store, new Rng(1), DataType.DOUBLE, NetGraph.Mode.INFERENCE, n -> false);
    BatchNorm bn = new BatchNorm(2);
    INDArray xa = images(4);
    SDVariable x = sd.var("x", xa);
    Traced t = bn.trace(g.scope("bn"), x, IMAGE.toArray());
    store.array("bn/running_var").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(0.25, 4.0));
    store.array("bn/gamma").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(1.5, -2.0));
    SDVariable r = sd.constant("r", new Rng(9).gaussian(DataType.DOUBLE, IMAGE.batchShape(5)));
    SDVariable traced = t.inputGradient(r);
    SDVariable total = t.output().mul(r).sum();
    sd.setLossVariables(total.name());
    INDArray own = sd.calculateGradients(Map.of(), List.of("x")).get("x");
    INDArray hand = sd.output(Map.of(), traced.name()).get(traced.name());
    assertThat(FiniteDifferences.relativeError(hand, own)).isLessThan(1e-6);
  }

  @Test
  void penaltyOnTheInputGradientHasCorrectParameterGradients() {
    Discriminator d = allBlocks(true);
    INDArray x = images(5);
    LossGraph lg = new LossGraph(d, Phase.DISCRIMINATOR, x, x, 23);
    lg.build(
        ctx -> {
          SDVariable g = ctx.discriminateWithInputGradient(ctx.realImages()).inputGradient();
          return ctx.sd().math().square(g).sum().add(ctx.realLogits().mean());
        });
    Map<String, INDArray> analytic = lg.gradients();
    double smallest =
        FiniteDifferences.checkDirectional(
            lg.store(), lg.parameterNames(), analytic, lg::value, 3, 41);
    assertThat(smallest).isGreaterThan(1.0);
    // every layer with parameters takes part: only biases that feed a normalisation have no effect
    long zero =
        analytic.entrySet().stream()
            .filter(e -> e.getValue().amaxNumber().doubleValue() < 1e-9)
            .count();
    assertThat(zero).isLessThanOrEqualTo(1);
  }

  @Test
  void aBlockWithoutInputGradientFailsNamingIt() {
    Layer custom =
        new Layer() {
          @Override
          public SDVariable forward(NetGraph g, SDVariable x) {
            return g.sd().math().cube(x);
          }

          @Override
          public long[] outputShape(long[] inputShape) {
            return inputShape.clone();
          }

          @Override
          public String kind() {
            return "cube";
          }
        };
    Discriminator d =
        new SequentialDiscriminator(
            "custom",
            IMAGE,
            Sequential.of(
                Reshape.flatten(IMAGE.toArray()),
                new Dense(IMAGE.size(), 4),
                Sequential.of(Activation.tanh(), custom),
                new Dense(4, 1)));
    INDArray x = images(1);
    LossGraph lg = new LossGraph(d, Phase.DISCRIMINATOR, x, x, 1);
    assertThatThrownBy(
            () ->
                lg.build(
                    ctx ->
                        ctx.discriminateWithInputGradient(ctx.realImages()).inputGradient().sum()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Discriminator 'custom'")
        .hasMessageContaining("layer 2.1")
        .hasMessageContaining("'cube'");
  }

  @Test
  void convolutionWhoseTransposeLosesRowsRefusesToTrace() {
    Discriminator d =
        new SequentialDiscriminator(
            "odd",
            new ImageShape(1, 7, 7),
            Sequential.of(
                new Conv2d(1, 2, 4, 2, 1),
                Reshape.flatten(new long[] {2, 3, 3}),
                new Dense(18, 1)));
    INDArray x = org.nd4j.linalg.factory.Nd4j.rand(DataType.DOUBLE, 2, 1, 7, 7);
    LossGraph lg = new LossGraph(d, Phase.DISCRIMINATOR, x, x, 1);
    assertThatThrownBy(
            () ->
                lg.build(
                    ctx ->
                        ctx.discriminateWithInputGradient(ctx.realImages()).inputGradient().sum()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'conv'")
        .hasMessageContaining("[1, 7, 7]");
  }

  @Test
  void everyBuiltInBlockSaysItProvidesAnInputGradient() {
    assertThat(((SequentialDiscriminator) allBlocks(false)).body().providesInputGradient())
        .isTrue();
    assertThat(
            ((SequentialDiscriminator) TinyModels.discriminator(false))
                .body()
                .providesInputGradient())
        .isTrue();
  }
}

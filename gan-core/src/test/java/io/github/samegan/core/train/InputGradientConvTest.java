package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.SNConv2d;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conv op whose backward pass computes only the input gradient when the weights are constants
 * (the discriminator's convolutions in the generator's update).
 */
class InputGradientConvTest {

  /**
   * ∂Σ(conv(x)·r)/∂x with the layer's op (weights constant or variable) and with stock {@code
   * sd.cnn().conv2d}.
   */
  private static INDArray inputGradient(
      boolean layerOp, boolean trainableWeights, long[] xShape, int k, int s, int p) {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.DOUBLE, xShape);
    INDArray w = Nd4j.randn(DataType.DOUBLE, k, k, xShape[1], 5).muli(0.3);
    INDArray b = Nd4j.randn(DataType.DOUBLE, 5);
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.var("x", x);
    SDVariable y;
    if (layerOp) {
      ParameterStore store = new ParameterStore();
      store.add("D/W", w, ParameterStore.Kind.PARAMETER);
      store.add("D/b", b, ParameterStore.Kind.PARAMETER);
      NetGraph g =
          NetGraph.create(
              sd, store, new Rng(3), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> trainableWeights);
      y =
          new Conv2d(xShape[1], 5, k, s, p)
              .forward(g.scope("D"), in, java.util.Arrays.copyOfRange(xShape, 1, 4));
    } else {
      y =
          sd.cnn()
              .conv2d(
                  in,
                  sd.constant("w", w),
                  sd.constant("b", b),
                  Conv2DConfig.builder()
                      .kH(k)
                      .kW(k)
                      .sH(s)
                      .sW(s)
                      .pH(p)
                      .pW(p)
                      .dH(1)
                      .dW(1)
                      .paddingMode(PaddingMode.VALID)
                      .dataFormat(Conv2DConfig.NCHW)
                      .build());
    }
    Nd4j.getRandom().setSeed(11);
    INDArray r = Nd4j.rand(DataType.DOUBLE, y.eval().shape());
    SDVariable loss = y.mul(sd.constant(r)).sum();
    sd.setLossVariables(loss.name());
    return sd.calculateGradients(Map.of(), "x").get("x");
  }

  @Test
  void inputGradientEqualsTheStockBackwardPassForExactAndLossySizes() {
    // k4 s2 p1 on 8×8, k3 s2 p0 on 7×9 and k3 s1 p1 invert exactly; k4 s3 p0 on 8×10 never reaches
    // the last input rows, which deconv2d_tf refuses, so that one keeps the stock backward pass
    int[][] configs = {{4, 2, 1}, {3, 2, 0}, {4, 3, 0}, {3, 1, 1}};
    long[][] shapes = {{3, 2, 8, 8}, {2, 3, 7, 9}, {2, 2, 8, 10}, {2, 3, 5, 6}};
    for (int i = 0; i < configs.length; i++) {
      int[] c = configs[i];
      INDArray ours = inputGradient(true, false, shapes[i], c[0], c[1], c[2]);
      INDArray stock = inputGradient(false, false, shapes[i], c[0], c[1], c[2]);
      assertThat(ours.shape()).isEqualTo(shapes[i]);
      double diff = ours.sub(stock).amaxNumber().doubleValue();
      assertThat(diff)
          .as("config %s on %s", java.util.Arrays.toString(c), java.util.Arrays.toString(shapes[i]))
          .isLessThan(1e-12);
      assertThat(ours.amaxNumber().doubleValue()).isGreaterThan(0.01);
    }
  }

  @Test
  void trainableWeightsKeepTheStockBackwardPass() {
    INDArray withVars = inputGradient(true, true, new long[] {2, 2, 8, 8}, 4, 2, 1);
    INDArray stock = inputGradient(false, false, new long[] {2, 2, 8, 8}, 4, 2, 1);
    assertThat(withVars.sub(stock).amaxNumber().doubleValue()).isLessThan(1e-12);
  }

  private static long count(Gan.StepGraph sg, String opName) {
    SameDiff grad = sg.update().sd().getFunction("grad");
    return grad.getOps().values().stream()
        .map(SameDiffOp::getOp)
        .filter(o -> o.opName().equals(opName))
        .count();
  }

  @Test
  void theGeneratorStepComputesNoDiscriminatorWeightGradients() {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .build();
    // D has two convolutions: its own update differentiates both (real and fake batch: 4 backward
    // passes)
    assertThat(count(gan.discriminatorStep(), "conv2d_bp")).isEqualTo(4);
    // G's update needs only their input gradients
    assertThat(count(gan.generatorStep(), "conv2d_bp")).isZero();
    assertThat(count(gan.generatorStep(), "deconv2d_tf")).isEqualTo(2);
  }

  /**
   * Two spectrally normalised convolutions (weights W/σ, computed arrays rather than constants).
   */
  private static Discriminator snDiscriminator() {
    return new SequentialDiscriminator(
        "sn",
        TinyModels.IMAGE,
        Sequential.of(
            new SNConv2d(2, 4, 4, 2, 1, true, Init.normal(0.3)),
            Activation.softplus(),
            new SNConv2d(4, 6, 4, 2, 1, true, Init.normal(0.3)),
            Activation.softplus(),
            Reshape.flatten(new long[] {6, 2, 2}),
            new Dense(24, 1, true, Init.normal(0.3))));
  }

  /**
   * In G's update a spectrally normalised weight W/σ is computed from constants only, so it needs
   * no gradient either: the input-gradient path applies, and G's gradients still match finite
   * differences through it.
   */
  @Test
  void spectrallyNormalisedWeightsFromConstantsAlsoSkipTheirGradients() {
    Gan gan =
        Gan.builder(TinyModels.generator(true), snDiscriminator(), new BceLoss())
            .dataType(DataType.DOUBLE)
            .seed(5)
            .build();
    assertThat(count(gan.discriminatorStep(), "conv2d_bp")).isEqualTo(4);
    assertThat(count(gan.generatorStep(), "conv2d_bp")).isZero();
    assertThat(count(gan.generatorStep(), "deconv2d_tf")).isEqualTo(2);
    INDArray real = new RandomImages(TinyModels.IMAGE, 6, 2, DataType.DOUBLE).next().images();
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, null, null, 5, 8)).isGreaterThan(20);
    assertThat(GanGradients.check(gan, Phase.DISCRIMINATOR, real, null, null, 5, 8))
        .isGreaterThan(20);
  }
}

package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.losses.OrthogonalRegularization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BigGAN at CIFAR scale: closed-form parameter counts of both registered widths, the hierarchical
 * conditional batch norm's gradients against finite differences, and a generator that learns to use
 * the class.
 */
class BigGanTest {

  /** SAGAN's attention block on C channels (closed form in SelfAttentionTest). */
  static long attention(long c) {
    return 2 * (c * (c / 8) + c / 8) + c * c + c + 1;
  }

  /**
   * G with C channels, shared embedding e, z chunk q, K classes, s₀ = side/8, image channels n: the
   * embedding, the SN-dense from z₀, three up-blocks (two linear CBNs of 2·(e + q)·C each, two
   * conv3×3, a 1×1 shortcut), the attention block, the final BN and conv3×3.
   */
  static long generatorCount(long c, long e, long q, long k, long s0, long n) {
    long shared = k * e;
    long dense = q * c * s0 * s0 + c * s0 * s0;
    long block = 2 * (2 * (e + q) * c) + 2 * (9 * c * c + c) + (c * c + c);
    return shared + dense + 3 * block + attention(c) + 2 * c + 9 * c * n + n;
  }

  /** D with W channels: the SN-GAN ResNet body and head, the attention block, the projection V. */
  static long discriminatorCount(int n, int w, long k) {
    return ResNetSnGanTest.discriminatorCount(n, w) + attention(w) + k * w;
  }

  private static void assertCounts(String name, int gConvDim, int dConvDim, int k) {
    Object[] r = ResNetSnGanTest.build(ModelRegistry.create(name, ImageShape.rgb(32), k), k);
    // StudioGAN's CIFAR BigGAN: z = 80 in four chunks of 20, shared embedding 128
    assertThat((long) r[0]).isEqualTo(generatorCount(4L * gConvDim, 128, 80 / 4, k, 4, 3));
    assertThat((long) r[1]).isEqualTo(discriminatorCount(3, 2 * dConvDim, k));
    assertThat((long[]) r[2]).containsExactly(2, 3, 32, 32);
    assertThat((long[]) r[3]).containsExactly(2, 1);
  }

  @Test
  void referenceModelHasStudioGansCifarWidthsAndClosedFormCounts() {
    assertCounts("biggan", 96, 96, 10);
    assertThat(ModelRegistry.standard().entry("biggan").isConditional()).isTrue();
  }

  @Test
  void smallModelFollowsTheSameClosedForm() {
    assertCounts("biggan-small", 16, 32, 100);
  }

  @Test
  void refusesShapesAndLatentsItCannotSplit() {
    assertThatThrownBy(() -> new BigGan(ImageShape.rgb(32), 81, 128, 16, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4")
        .hasMessageContaining("81");
    assertThatThrownBy(() -> new BigGan(new ImageShape(1, 28, 28), 80, 128, 16, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divisible by 8");
    assertThatThrownBy(() -> ModelRegistry.create("biggan-small", ImageShape.rgb(32), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class-conditional");
  }

  /** A tiny BigGAN in double: 8 channels, z = 8 (chunks of 2), shared embedding 3, 3 classes. */
  private static Gan tiny(String loss, LossOptions options) {
    Architecture a = new BigGan(new ImageShape(2, 8, 8), 8, 3, 2, 4).conditional(3);
    return Gan.builder(a.generator(), a.discriminator(), LossRegistry.create(loss, options))
        .dataType(DataType.DOUBLE)
        .seed(21)
        .build();
  }

  /**
   * The hinge generator loss plus orthogonal regularisation: gradients of every G parameter (the
   * shared embedding, the linear CBNs' gain and bias projections, the SN convolutions, attention)
   * against central differences.
   */
  @Test
  void hierarchicalConditionalBatchNormGradientsMatchFiniteDifferences() {
    Gan gan = tiny("hinge", LossOptions.defaults().with(OrthogonalRegularization.WEIGHT, 0.05));
    // move the biases and the attention's γ off zero: with zero biases a convolution over a
    // window that ReLU zeroed outputs exactly 0, where the next ReLU's kink defeats finite
    // differences; with γ = 0 attention's own weights would get no gradient
    for (String n : gan.parameters().parameterNames("G/")) {
      if (n.endsWith("/b") || n.endsWith("gamma")) {
        INDArray p = gan.parameters().array(n);
        p.addi(new Rng(n.hashCode()).gaussian(DataType.DOUBLE, p.shape()).muli(0.3));
      }
    }
    assertThat(gan.parameters().parameterNames("G/"))
        .anyMatch(n -> n.endsWith("lcbn/gain/W"))
        .anyMatch(n -> n.endsWith("lcbn/bias/W"))
        .anyMatch(n -> n.equals("G/shared/E"))
        .anyMatch(n -> n.contains("attn/"));
    INDArray real =
        new RandomImages(new ImageShape(2, 8, 8), 4, 3, DataType.DOUBLE).next().images();
    int[] yr = {0, 1, 2, 0};
    int[] yf = {2, 1, 0, 1};
    // one entry of each of the ~45 G parameters (conv biases before a batch norm have no gradient)
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, yr, yf, 5, 1)).isGreaterThan(25);
  }

  /**
   * One up-block of G (two linear CBNs reading [shared embedding, z chunk], two SN convolutions,
   * the upsampled 1×1 shortcut) in training mode, in both layouts: gradients of Σ R ⊙ block(x; c)
   * with respect to every parameter against central differences.
   */
  @ParameterizedTest
  @EnumSource(DataLayout.class)
  void upBlockGradientsMatchFiniteDifferences(DataLayout layout) {
    BigGan cfg = new BigGan(new ImageShape(2, 16, 16), 8, 3, 2, 4, layout);
    BigGan.Body body = cfg.generatorBody();
    int index =
        body.conditioned().entrySet().stream()
            .filter(e -> e.getValue() == 0)
            .findFirst()
            .orElseThrow()
            .getKey();
    Layer block = body.layers().get(index);
    ParameterStore store = new ParameterStore();
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    long c = cfg.generatorChannels();
    Rng rng = new Rng(2);
    SDVariable x = sd.constant(rng.gaussian(DataType.DOUBLE, 4, c, 2, 2));
    SDVariable cond = sd.constant(rng.gaussian(DataType.DOUBLE, 4, cfg.conditionDim()));
    SDVariable out = block.forward(g.scope("block").withLabels(cond), x, new long[] {c, 2, 2});
    // the block leaves its output in the model's layout
    long[] outShape = layout == DataLayout.NHWC ? new long[] {4, 4, 4, c} : new long[] {4, c, 4, 4};
    SDVariable r = sd.constant(rng.gaussian(DataType.DOUBLE, outShape));
    SDVariable loss = out.mul(r).sum();
    sd.setLossVariables(loss);
    List<String> names = g.trainableNames();
    assertThat(names).anyMatch(n -> n.endsWith("gain/W")).anyMatch(n -> n.endsWith("bias/W"));
    for (String n : names) {
      if (n.endsWith("/b")) {
        INDArray p = store.array(n);
        p.addi(new Rng(n.hashCode()).gaussian(DataType.DOUBLE, p.shape()).muli(0.3));
      }
    }
    java.util.Map<String, INDArray> grads = new java.util.HashMap<>();
    LossGraph.quietly(() -> sd.calculateGradients(java.util.Map.of(), names))
        .forEach((k, v) -> grads.put(k, v.dup()));
    int nonTrivial =
        FiniteDifferences.check(
            store,
            names,
            grads,
            () -> sd.output(java.util.Map.of(), loss.name()).get(loss.name()).getDouble(0),
            4,
            7,
            1e-7);
    assertThat(nonTrivial).isGreaterThan(20);
  }

  /** Each class's images: class 0 dark (−0.7), class 1 bright (+0.7), with a little noise. */
  private static BatchSource twoClasses(ImageShape shape, int batch) {
    Rng rng = new Rng(17);
    long[] position = {0};
    return BatchSource.of(
        () -> {
          int[] labels = new int[batch];
          INDArray noise =
              rng.gaussian(DataType.FLOAT, batch, shape.channels(), shape.height(), shape.width());
          INDArray level = Nd4j.zeros(DataType.FLOAT, batch, 1, 1, 1);
          for (int i = 0; i < batch; i++) {
            labels[i] = i % 2;
            level.putScalar(new long[] {i, 0, 0, 0}, labels[i] == 0 ? -0.7 : 0.7);
          }
          position[0]++;
          return new Batch(noise.muli(0.1).addi(level), labels);
        },
        () -> position.clone(),
        p -> position[0] = p[0]);
  }

  @Test
  void generatorLearnsToDrawEachClassInTheDirectionOfItsData() {
    ImageShape shape = ImageShape.rgb(8);
    Architecture a = new BigGan(shape, 16, 8, 4, 8).conditional(2);
    Gan gan =
        Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).seed(3).build();
    GanTrainer t =
        GanTrainer.builder(gan, twoClasses(shape, 16))
            .generatorOptimizer(Optimizer.adam(1e-3, 0.0, 0.999))
            .discriminatorOptimizer(Optimizer.adam(1e-3, 0.0, 0.999))
            .build();
    INDArray z = new Rng(4).gaussian(DataType.FLOAT, 16, 16);
    int[] zeros = new int[16];
    int[] ones = new int[16];
    java.util.Arrays.fill(ones, 1);
    double before =
        gan.sample(z, ones).meanNumber().doubleValue()
            - gan.sample(z, zeros).meanNumber().doubleValue();
    for (int i = 0; i < 20; i++) {
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      assertThat(s.gLoss()).isFinite();
    }
    double after =
        gan.sample(z, ones).meanNumber().doubleValue()
            - gan.sample(z, zeros).meanNumber().doubleValue();
    // the data's classes differ by 1.4 in mean pixel value. Untrained, class 1 comes out slightly
    // darker than class 0 (by 0.024 with this seed): the trained G has to turn that round, which
    // takes the projection D's class term (early steps only amplify each class's initial lean;
    // with V not spectrally normalised, class 1 was still 1.29 darker after 40 steps)
    assertThat(before).isBetween(-0.1, 0.0);
    assertThat(after).isGreaterThan(0.6);
  }
}

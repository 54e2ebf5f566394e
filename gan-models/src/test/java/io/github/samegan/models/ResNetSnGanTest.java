package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Relayout;
import io.github.samegan.core.nn.SelfAttention;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.losses.LossRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The ResNet SN-GAN: closed-form parameter counts, output shapes, a few finite training steps. */
class ResNetSnGanTest {

  /** G: dense, n up-blocks (2 BN, 2 conv3×3, 1×1 shortcut), final BN and conv3×3. */
  static long generatorCount(int c, int z, int w, int blocks, int s0) {
    long dense = (long) z * w * s0 * s0 + (long) w * s0 * s0;
    long block = 2 * (2L * w) + 2 * (9L * w * w + w) + ((long) w * w + w);
    return dense + blocks * block + 2L * w + 9L * w * c + c;
  }

  /** D: optimised block, down-block with 1×1 shortcut, two plain blocks, dense head. */
  static long discriminatorCount(int c, int w) {
    long conv3 = 9L * w * w + w;
    long first = (9L * c * w + w) + conv3 + ((long) c * w + w);
    long down = 2 * conv3 + ((long) w * w + w);
    return first + down + 2 * (2 * conv3) + w + 1;
  }

  /**
   * Counts and runs G then D once in a throwaway inference graph; returns {G, D, image, score}
   * shapes.
   */
  static Object[] build(Architecture a, int numClasses) {
    ParameterStore store = new ParameterStore();
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(0), DataType.FLOAT, NetGraph.Mode.INFERENCE, n -> false);
    SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, a.generator().latentDim());
    SDVariable labels = numClasses > 0 ? sd.placeHolder("y", DataType.FLOAT, -1, numClasses) : null;
    SDVariable img = a.generator().generate(g.scope("G"), z, labels);
    SDVariable score = Discriminator.scores(a.discriminator(), g.scope("D"), img, labels);
    Map<String, INDArray> ph = new java.util.HashMap<>();
    ph.put("z", new Rng(1).gaussian(DataType.FLOAT, 2, a.generator().latentDim()));
    if (labels != null) {
      ph.put("y", Gan.oneHot(new int[] {0, 1}, numClasses, DataType.FLOAT));
    }
    Map<String, INDArray> out = sd.output(ph, img.name(), score.name());
    return new Object[] {
      store.parameterCount("G/"),
      store.parameterCount("D/"),
      out.get(img.name()).shape(),
      out.get(score.name()).shape(),
      store
    };
  }

  /** A registered RGB 32×32 model's counts (printed and closed form) and output shapes. */
  private static void assertRgbModel(String name, long g, long d, int gWidth, int dWidth) {
    Object[] r = build(ModelRegistry.create(name, ImageShape.rgb(32)), 0);
    assertThat((long) r[0]).isEqualTo(g).isEqualTo(generatorCount(3, 128, gWidth, 3, 4));
    assertThat((long) r[1]).isEqualTo(d).isEqualTo(discriminatorCount(3, dWidth));
    assertThat((long[]) r[2]).containsExactly(2, 3, 32, 32);
    assertThat((long[]) r[3]).containsExactly(2, 1);
  }

  @Test
  void referenceRgbModelHasTheSnGanCifarCountsAndShapes() {
    assertRgbModel("resnet-sngan", 4_276_739L, 1_053_825L, 256, 128);
  }

  @Test
  void smallModelIsTheReferenceAtWidth64() {
    assertRgbModel("resnet-sngan-small", 368_771L, 264_769L, 64, 64);
  }

  @Test
  void grayscaleModelsFollowTheClosedForm() {
    Object[] r32 = build(ModelRegistry.create("resnet-sngan", ImageShape.gray(32)), 0);
    assertThat((long) r32[0]).isEqualTo(generatorCount(1, 128, 256, 3, 4));
    assertThat((long) r32[1]).isEqualTo(discriminatorCount(1, 128));
    assertThat((long[]) r32[2]).containsExactly(2, 1, 32, 32);
    Object[] r28 = build(ModelRegistry.create("resnet-sngan", ImageShape.gray(28)), 0);
    assertThat((long) r28[0]).isEqualTo(generatorCount(1, 128, 256, 2, 7));
    assertThat((long) r28[1]).isEqualTo(discriminatorCount(1, 128));
    assertThat((long[]) r28[2]).containsExactly(2, 1, 28, 28);
    assertThat((long[]) r28[3]).containsExactly(2, 1);
  }

  @Test
  void conditionalModelsAddTheEmbeddingsToTheClosedForm() {
    int k = 100;
    Object[] r = build(ModelRegistry.create("cresnet-sngan", ImageShape.rgb(32), k), k);
    // G's dense layer reads z + e (128 + 128), plus the [K, 128] embedding; D adds V: [K, 128]
    assertThat((long) r[0]).isEqualTo(generatorCount(3, 256, 256, 3, 4) + k * 128L);
    assertThat((long) r[1]).isEqualTo(discriminatorCount(3, 128) + k * 128L);
    assertThat((long[]) r[2]).containsExactly(2, 3, 32, 32);
    Object[] c = build(ModelRegistry.create("cdcgan", ImageShape.gray(32), 10), 10);
    assertThat((long) c[0]).isEqualTo(DcganTest.generatorCount(1) + 128L * 4096 + 10 * 128L);
    assertThat((long) c[1]).isEqualTo(DcganTest.discriminatorCount(1) + 10 * 4096L);
    assertThat((long[]) c[3]).containsExactly(2, 1);
  }

  @Test
  void conditionalBatchNormReplacesTheUpBlockBatchNormsAndTheEmbedding() {
    int k = 10;
    Object[] r = build(ModelRegistry.create("cresnet-sngan-cbn", ImageShape.rgb(32), k), k);
    // no embedding on z; each of the 3 up-blocks' 2 BNs (2w) becomes γ, β tables (2·K·w); D as
    // cresnet-sngan
    long w = 256;
    assertThat((long) r[0])
        .isEqualTo(4_276_739L - 3 * 2 * 2 * w + 3 * 2 * 2 * k * w)
        .isEqualTo(generatorCount(3, 128, 256, 3, 4) + 3 * 2 * 2 * (k - 1) * w);
    assertThat((long) r[1]).isEqualTo(discriminatorCount(3, 128) + k * 128L);
    assertThat((long[]) r[2]).containsExactly(2, 3, 32, 32);
    assertThat((long[]) r[3]).containsExactly(2, 1);
    assertThatThrownBy(() -> ResNetSnGan.reference(ImageShape.rgb(32)).conditional(k, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conditional batch norm");
  }

  /** A tiny CBN generator in double: the hinge generator loss's gradients, CBN tables included. */
  @Test
  void conditionalBatchNormGanGradientsMatchFiniteDifferences() {
    ImageShape shape = new ImageShape(2, 8, 8);
    Architecture a = new ResNetSnGan(shape, 4, 4, 3).conditional(3, 0, true);
    Gan gan =
        Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge"))
            .dataType(DataType.DOUBLE)
            .seed(21)
            .build();
    // start away from plain batch norm, so that the classes' tables differ, and move the biases off
    // zero: with zero biases a convolution over a window that ReLU zeroed outputs exactly 0, and
    // the
    // next ReLU's kink there makes finite differences disagree with any subgradient
    for (String n : gan.parameters().parameterNames("")) {
      if (n.contains("cbn/") || n.endsWith("/b")) {
        INDArray p = gan.parameters().array(n);
        p.addi(new Rng(n.hashCode()).gaussian(DataType.DOUBLE, p.shape()).muli(0.3));
      }
    }
    assertThat(gan.parameters().parameterNames("G/")).anyMatch(n -> n.endsWith("cbn/gamma"));
    INDArray real = new RandomImages(shape, 5, 3, DataType.DOUBLE).next().images();
    int[] yr = {0, 1, 2, 0, 1};
    int[] yf = {2, 2, 0, 1, 0};
    // 36 generator parameters (dense, 3 up-blocks of 2 CBN + 3 convs, final BN and conv), 2 entries
    // each;
    // the biases of convolutions followed by (conditional) batch norm have no gradient
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, yr, yf, 5, 2)).isGreaterThan(40);
  }

  @Test
  void conditionalBatchNormGeneratorLearnsToUseTheClass() {
    ImageShape shape = ImageShape.rgb(16);
    Architecture a = new ResNetSnGan(shape, 16, 16, 16).conditional(16, 0, true);
    Gan gan =
        Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).seed(3).build();
    INDArray z = new Rng(4).gaussian(DataType.FLOAT, 2, 16);
    // untrained, Γ = 1 and B = 0: plain batch norm, the class makes no difference
    assertThat(gan.sample(z, new int[] {0, 0}).equalsWithEps(gan.sample(z, new int[] {3, 3}), 1e-6))
        .isTrue();
    io.github.samegan.data.BatchIterator it =
        io.github.samegan.data.BatchIterator.builder(
                io.github.samegan.data.synthetic.ShapesDataset.generate(64, 16, 1), 8)
            .seed(1)
            .build();
    GanTrainer t =
        GanTrainer.builder(
                gan,
                io.github.samegan.core.train.BatchSource.of(
                    () -> it.next(Batch::new), it::position, it::seek))
            .build();
    for (int i = 0; i < 2; i++) {
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      assertThat(s.gLoss()).isFinite();
    }
    double diff =
        gan.sample(z, new int[] {0, 0})
            .sub(gan.sample(z, new int[] {3, 3}))
            .amaxNumber()
            .doubleValue();
    assertThat(diff).isGreaterThan(1e-4);
  }

  /** The attention block (closed form in SelfAttentionTest) at half the side: 16×16 of 32×32. */
  @Test
  void selfAttentionModelsAddOneBlockAtHalfTheSideToEachNetwork() {
    for (String name :
        new String[] {
          "resnet-sngan-attn",
          "resnet-sngan-small-attn",
          "resnet-sngan-attn-g-nosn",
          "resnet-sngan-small-attn-g-nosn"
        }) {
      boolean small = name.contains("small");
      int gw = small ? 64 : 256;
      int dw = small ? 64 : 128;
      Architecture a = ModelRegistry.create(name, ImageShape.rgb(32));
      Object[] r = build(a, 0);
      assertThat((long) r[0])
          .as(name)
          .isEqualTo(generatorCount(3, 128, gw, 3, 4) + attentionCount(gw));
      assertThat((long) r[1]).as(name).isEqualTo(discriminatorCount(3, dw) + attentionCount(dw));
      assertThat((long[]) r[2]).containsExactly(2, 3, 32, 32);
      assertThat((long[]) r[3]).containsExactly(2, 1);
      assertThat(
              attentionInputShape(((SequentialGenerator) a.generator()).body(), new long[] {128}))
          .containsExactly(gw, 16, 16);
      assertThat(
              attentionInputShape(
                  ((SequentialDiscriminator) a.discriminator()).body(), new long[] {3, 32, 32}))
          .containsExactly(dw, 16, 16);
    }
    assertThat(attentionCount(256)).isEqualTo(82_241L);
    assertThat(attentionCount(128)).isEqualTo(20_641L);
  }

  /**
   * SAGAN normalises G's attention convolutions too: the registered attention models do (three
   * power-iteration vectors of state, no extra parameters), the {@code -g-nosn} ones do not.
   */
  @Test
  void generatorAttentionIsSpectrallyNormalisedAsSaganUnlessAskedNotTo() {
    for (String name : new String[] {"resnet-sngan-small-attn", "resnet-sngan-small-attn-g-nosn"}) {
      boolean sn = !name.endsWith("-g-nosn");
      ParameterStore store =
          (ParameterStore) build(ModelRegistry.create(name, ImageShape.rgb(32)), 0)[4];
      for (String conv : new String[] {"f", "g", "h"}) {
        assertThat(store.contains("G/4attn/" + conv + "/u")).as(name + " " + conv).isEqualTo(sn);
        assertThat(store.contains("D/1attn/" + conv + "/u")).as(name + " D " + conv).isTrue();
      }
      // state: the 7 batch norms' 2 statistics, plus the attention's 3 vectors with SN
      assertThat(
              store.entries(n -> n.startsWith("G/")).stream()
                  .filter(e -> e.kind() == ParameterStore.Kind.STATE))
          .hasSize(7 * 2 + (sn ? 3 : 0));
    }
    assertThat(ResNetSnGan.small(ImageShape.rgb(32)).withSelfAttention().attentionSnInG()).isTrue();
  }

  /** Hinge G loss of a tiny SAGAN in double, γ of G's SN attention at 0.7: all G gradients. */
  @Test
  void spectrallyNormalisedGeneratorAttentionGradientsMatchFiniteDifferences() {
    ImageShape shape = new ImageShape(2, 8, 8);
    ResNetSnGan r = new ResNetSnGan(shape, 4, 8, 8).withSelfAttention();
    Gan gan =
        Gan.builder(r.generator(), r.discriminator(), LossRegistry.create("hinge"))
            .dataType(DataType.DOUBLE)
            .seed(23)
            .build();
    ParameterStore s = gan.parameters();
    String attn =
        s.parameterNames("G/").stream()
            .filter(n -> n.endsWith("attn/gamma"))
            .findFirst()
            .orElseThrow();
    String prefix = attn.substring(0, attn.length() - "gamma".length());
    assertThat(s.contains(prefix + "f/u")).isTrue();
    s.array(attn).assign(0.7); // let the attention path contribute
    for (String n : s.parameterNames("G/")) {
      if (n.endsWith("/b")) { // off zero, away from ReLU kinks
        INDArray p = s.array(n);
        p.addi(new Rng(n.hashCode()).gaussian(DataType.DOUBLE, p.shape()).muli(0.3));
      }
    }
    INDArray real = new RandomImages(shape, 4, 3, DataType.DOUBLE).next().images();
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, null, null, 9, 3)).isGreaterThan(40);
  }

  /** f, g: C → C/8 and h: C → C (1×1 with bias), and γ. */
  private static long attentionCount(long c) {
    return 2 * (c * (c / 8) + c / 8) + c * c + c + 1;
  }

  private static long[] attentionInputShape(io.github.samegan.core.nn.Layer body, long[] in) {
    Sequential s = (Sequential) body;
    for (int i = 0; i < s.layers().size(); i++) {
      if (s.layers().get(i) instanceof SelfAttention) {
        return s.outputShape(in, i);
      }
      // in an NHWC model the (NCHW) attention block sits behind a layout change
      if (s.layers().get(i) instanceof Relayout r && r.inner() instanceof SelfAttention) {
        return r.to().convert(s.outputShape(in, i), r.from());
      }
    }
    throw new AssertionError("no attention block");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hinge", "wgan-gp"})
  void selfAttentionResNetTrainsAndItsGammaMoves(String loss) {
    ImageShape shape = ImageShape.rgb(16);
    Gan gan = trainTwoSteps(new ResNetSnGan(shape, 16, 8, 8, true), shape, loss);
    // γ starts at 0 and is trained in both networks
    assertThat(Math.abs(gan.parameters().array("G/4attn/gamma").getDouble(0))).isGreaterThan(0);
    assertThat(Math.abs(gan.parameters().array("D/1attn/gamma").getDouble(0))).isGreaterThan(0);
  }

  /** Two steps on random images with finite losses, then samples of the right shape. */
  private static Gan trainTwoSteps(ResNetSnGan r, ImageShape shape, String loss) {
    Gan gan = Gan.builder(r.generator(), r.discriminator(), LossRegistry.create(loss)).build();
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(shape, 4, 1)).build();
    for (int i = 0; i < 2; i++) {
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      assertThat(s.gLoss()).isFinite();
    }
    assertThat(gan.sample(3, new Rng(1)).shape())
        .containsExactly(3, shape.channels(), shape.height(), shape.width());
    return gan;
  }

  @Test
  void registryRefusesMissingOrUnexpectedClasses() {
    assertThatThrownBy(() -> ModelRegistry.create("cdcgan", ImageShape.rgb(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class-conditional");
    assertThatThrownBy(() -> ModelRegistry.create("resnet-sngan", ImageShape.rgb(32), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cdcgan");
    assertThatThrownBy(() -> ModelRegistry.create("resnet-sngan", ImageShape.rgb(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divisible by 4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimax", "hinge"})
  void smallResNetTrainsWithFiniteLosses(String loss) {
    // minimax on 32×32 RGB, hinge on 28×28 grayscale (two up-blocks): both shapes, both losses,
    // half the time
    for (ImageShape shape :
        new ImageShape[] {loss.equals("minimax") ? ImageShape.rgb(32) : ImageShape.gray(28)}) {
      trainTwoSteps(new ResNetSnGan(shape, 16, 16, 16), shape, loss);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void residualDiscriminatorGivesGradientPenaltiesTheirInputGradient(boolean attention) {
    ImageShape shape = new ImageShape(2, 8, 8);
    Discriminator d =
        new ResNetSnGan(shape, 4, attention ? 8 : 4, attention ? 8 : 3, attention).discriminator();
    INDArray x = new RandomImages(shape, 3, 5, DataType.DOUBLE).next().images();
    checkedTracedInputGradient(d, x, attention);
  }

  /**
   * The traced input gradient of Σ D(x) (double), after checking it against SameDiff's own; with
   * {@code attention}, γ of D's attention block is set to 0.8 so that its path contributes.
   */
  static INDArray checkedTracedInputGradient(Discriminator d, INDArray x, boolean attention) {
    LossGraph lg = new LossGraph(d, Phase.DISCRIMINATOR, x, x, 17);
    lg.build(ctx -> ctx.realLogits().sum());
    lg.value();
    if (attention) {
      lg.store().array("D/1attn/gamma").assign(0.8); // let the attention path contribute
    }
    INDArray own = lg.sameDiffInputGradient(x);
    INDArray traced = lg.tracedInputGradient(x);
    assertThat(own.amaxNumber().doubleValue()).isGreaterThan(1e-6);
    assertThat(FiniteDifferences.relativeError(traced, own)).isLessThan(1e-6);
    return traced;
  }
}

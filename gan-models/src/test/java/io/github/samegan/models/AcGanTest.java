package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.ClassifyingDiscriminator;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.losses.AuxiliaryClassifierLoss;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.blocks.AuxiliaryClassifierDiscriminator;
import io.github.samegan.models.blocks.EmbeddingGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AC-GAN: the class head's gradients against finite differences, finite training with two losses,
 * the classifier learning the real classes, parameter counts and the checks that keep the head from
 * going untrained.
 */
class AcGanTest {
  private static final int K = 3;

  /**
   * A tiny smooth AC-GAN (softplus, tanh, batch norm): G conditioned by embedding, D with a class
   * head.
   */
  private static Gan tinyAcGan(double weight) {
    return tiny(new AuxiliaryClassifierLoss(weight).on(MinimaxLoss.nonSaturating()));
  }

  /** The tiny smooth pair of {@link #tinyAcGan} (K = 3) with any loss, in double precision. */
  static Gan tiny(io.github.samegan.core.loss.GanLoss loss) {
    SequentialGenerator body = (SequentialGenerator) TinyModels.generator(true);
    EmbeddingGenerator g = new EmbeddingGenerator("tiny", K, 6, 2, body);
    List<Layer> l =
        new ArrayList<>(
            ((Sequential) ((SequentialDiscriminator) TinyModels.discriminator(true)).body())
                .layers());
    Dense head = (Dense) l.remove(l.size() - 1);
    Discriminator d =
        new AuxiliaryClassifierDiscriminator(
            "tiny",
            TinyModels.IMAGE,
            K,
            Sequential.of(l),
            head,
            new Dense(head.nIn(), K, true, Init.normal(0.3)));
    return Gan.builder(g, d, loss).dataType(DataType.DOUBLE).seed(13).build();
  }

  @Test
  void classHeadAndBodyGradientsMatchFiniteDifferences() {
    Gan gan = tinyAcGan(0.7);
    INDArray real = new RandomImages(TinyModels.IMAGE, 6, 4, DataType.DOUBLE).next().images();
    int[] realClasses = {0, 1, 2, 2, 1, 0};
    int[] fakeClasses = {1, 1, 0, 2, 0, 2};
    assertThat(gan.parameters().parameterNames(""))
        .contains("D/classes/W", "D/classes/b", "G/embed/E");
    // D: every parameter, the class head's included (it is trained by the class term only)
    assertThat(GanGradients.check(gan, Phase.DISCRIMINATOR, real, realClasses, fakeClasses, 3, 8))
        .isGreaterThan(30);
    // G: through both heads of D into the body and the class embedding
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, realClasses, fakeClasses, 4, 8))
        .isGreaterThan(25);
  }

  /** minimax, hinge, and r1, whose real class logits come from its penalty's traced pass. */
  @ParameterizedTest
  @ValueSource(strings = {"minimax", "hinge", "r1"})
  void fewStepsGiveFiniteLossesAndReportTheClassifierAccuracy(String loss) {
    ImageShape shape = ImageShape.rgb(16);
    Architecture a = new Dcgan(shape, 16, 4).auxiliaryClassifier(16, 8);
    Gan gan =
        Gan.builder(
                a.generator(),
                a.discriminator(),
                AuxiliaryClassifierLoss.standard().on(LossRegistry.create(loss)))
            .seed(2)
            .build();
    BatchIterator it = BatchIterator.builder(ShapesDataset.generate(256, 16, 3), 8).seed(1).build();
    GanTrainer t =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .build();
    for (int i = 0; i < 3; i++) {
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      assertThat(s.gLoss()).isFinite();
      assertThat(s.metrics()).containsKeys("ac_real_acc", "ac_fake_acc");
      assertThat(s.metrics().get("ac_real_acc")).isBetween(0.0, 1.0);
    }
    assertThat(gan.loss().name()).isEqualTo(loss + "+ac");
    assertThat(gan.sampleClass(2, 5, new Rng(1)).shape()).containsExactly(2, 3, 16, 16);
  }

  /** The classifier's accuracy on held-out real images, with batch statistics as in training. */
  private static double heldOutAccuracy(Gan gan, INDArray images, int[] labels) {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, gan.parameters(), new Rng(0), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> false);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 16, 16);
    SDVariable logits =
        ((ClassifyingDiscriminator) gan.discriminator())
            .discriminateWithClassLogits(g.scope("D"), x, null)
            .classLogits();
    int[] predicted =
        sd.output(Map.of("x", images), logits.name()).get(logits.name()).argMax(1).toIntVector();
    return ConditionalGanTest.accuracy(predicted, labels);
  }

  @Test
  void classifierLearnsTheRealClassesInAShortRun() {
    int k = ShapesDataset.numClasses();
    ImageShape shape = ImageShape.rgb(16);
    Architecture a = new Dcgan(shape, 16, 8).auxiliaryClassifier(k, 8);
    Gan gan =
        Gan.builder(
                a.generator(),
                a.discriminator(),
                AuxiliaryClassifierLoss.standard().on(LossRegistry.create("minimax")))
            .seed(4)
            .build();
    ImageDataset data = ShapesDataset.generate(2048, 16, 7);
    BatchIterator it = BatchIterator.builder(data, 32).seed(3).build();
    GanTrainer t =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.adam(5e-4, 0.5, 0.999))
            .discriminatorOptimizer(Optimizer.adam(5e-4, 0.5, 0.999))
            .seed(9)
            .build();
    BatchIterator heldOut =
        BatchIterator.builder(ShapesDataset.generate(256, 16, 99), 256).seed(1).build();
    Batch held = heldOut.next(Batch::new);
    INDArray images = held.images();
    int[] labels = held.labels();
    double before = heldOutAccuracy(gan, images, labels);
    long t0 = System.nanoTime();
    double lastTrainAcc = 0;
    int steps = 40;
    for (int i = 0; i < steps; i++) {
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      lastTrainAcc = s.metrics().get("ac_real_acc");
    }
    double after = heldOutAccuracy(gan, images, labels);
    System.out.printf(
        "AC-GAN: %d steps in %.1f s; held-out class accuracy %.3f -> %.3f (chance %.3f), last batch %.3f%n",
        steps, (System.nanoTime() - t0) / 1e9, before, after, 1.0 / k, lastTrainAcc);
    assertThat(after).isGreaterThan(3.0 / k).isGreaterThan(before + 0.1);
  }

  @Test
  void registeredModelAddsTheClassHeadToTheDcganCounts() {
    Architecture a = ModelRegistry.create("acgan", ImageShape.rgb(32), 10);
    assertThat(ModelRegistry.standard().entry("acgan").isConditional()).isTrue();
    assertThat(Discriminator.auxiliaryClasses(a.discriminator())).isEqualTo(10);
    assertThat(Discriminator.numClasses(a.discriminator())).isZero();
    Gan gan =
        Gan.builder(
                a.generator(),
                a.discriminator(),
                AuxiliaryClassifierLoss.standard().on(new io.github.samegan.core.testing.BceLoss()))
            .build();
    // G as cdcgan: the dense layer reads z + e (128 + 128) and the [K, 128] embedding; D: the DCGAN
    // plus a [F, K] head
    assertThat(gan.generatorParameterCount())
        .isEqualTo(DcganTest.generatorCount(3) + 128L * 4096 + 10 * 128L);
    assertThat(gan.discriminatorParameterCount())
        .isEqualTo(DcganTest.discriminatorCount(3) + 4096L * 10 + 10);
  }

  @Test
  void aLossThatIgnoresTheClassHeadIsRefused() {
    Architecture a = new Dcgan(ImageShape.rgb(16), 16, 4).auxiliaryClassifier(4, 8);
    assertThatThrownBy(
            () ->
                Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("auxiliary classifier")
        .hasMessageContaining("AuxiliaryClassifierLoss");
    Dcgan plain = new Dcgan(ImageShape.rgb(16), 16, 4);
    assertThatThrownBy(
            () ->
                Gan.builder(
                        plain.generator(),
                        a.discriminator(),
                        AuxiliaryClassifierLoss.standard().on(LossRegistry.create("hinge")))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predicts 4 classes");
  }

  @Test
  void classLogitsNeedAnAuxiliaryClassifier() {
    ImageShape shape = ImageShape.rgb(16);
    Dcgan plain = new Dcgan(shape, 16, 4);
    assertThatThrownBy(
            () ->
                Gan.builder(
                        plain.generator(),
                        plain.discriminator(),
                        AuxiliaryClassifierLoss.standard().on(LossRegistry.create("hinge")))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no auxiliary classifier");
  }
}

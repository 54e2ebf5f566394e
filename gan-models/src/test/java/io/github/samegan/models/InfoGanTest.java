package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.losses.InfoGanLoss;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.losses.MinimaxLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * InfoGAN with a categorical code: gradients of the mutual-information term against finite
 * differences, training on unlabelled data with Q learning to recover the code, and the registered
 * model's parameter counts.
 */
class InfoGanTest {

  @Test
  void informationTermGradientsMatchFiniteDifferences() {
    Gan gan = AcGanTest.tiny(new InfoGanLoss(MinimaxLoss.nonSaturating(), 0.8));
    INDArray real = new RandomImages(TinyModels.IMAGE, 6, 4, DataType.DOUBLE).next().images();
    int[] codes = {2, 0, 1, 1, 2, 0};
    // no real labels: the D step reads only the generated batch's codes
    assertThat(GanGradients.check(gan, Phase.DISCRIMINATOR, real, null, codes, 3, 8))
        .isGreaterThan(30);
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, null, codes, 4, 8)).isGreaterThan(25);
  }

  @Test
  void trainsOnUnlabelledDataAndQLearnsToRecoverTheCode() {
    Architecture a = new Dcgan(ImageShape.rgb(16), 16, 8).infoGan(10, 8);
    Gan gan =
        Gan.builder(
                a.generator(), a.discriminator(), InfoGanLoss.on(LossRegistry.create("minimax")))
            .seed(4)
            .build();
    BatchIterator it =
        BatchIterator.builder(ShapesDataset.generate(1024, 16, 7), 32).seed(3).build();
    // a source without labels: InfoGAN never asks for them
    GanTrainer t =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.adam(5e-4, 0.5, 0.999))
            .discriminatorOptimizer(Optimizer.adam(5e-4, 0.5, 0.999))
            .seed(9)
            .build();
    int steps = 40;
    double first = 0;
    double last = 0;
    for (int i = 0; i < steps; i++) {
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      double acc = s.metrics().get("info_acc");
      first += i < 5 ? acc / 5 : 0;
      last += i >= steps - 5 ? acc / 5 : 0;
    }
    System.out.printf(
        "InfoGAN: Q's code accuracy %.3f over the first 5 steps, %.3f over the last 5 (chance 0.1)%n",
        first, last);
    assertThat(last).isGreaterThan(0.5).isGreaterThan(first + 0.2);
  }

  @Test
  void aDiscriminatorThatReadsRealLabelsStillRefusesAnUnlabelledSource() {
    Architecture a = new Dcgan(ImageShape.rgb(16), 16, 4).conditional(4, 8); // projection D
    Gan gan = Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).build();
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(ImageShape.rgb(16), 4, 1)).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(t::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs labelled batches")
        .hasMessageContaining("Batch");
  }

  @Test
  void registeredModelNeedsNoLabelsAndAddsTheQHead() {
    assertThat(ModelRegistry.standard().entry("infogan").isConditional()).isFalse();
    Architecture a = ModelRegistry.create("infogan", ImageShape.rgb(32));
    assertThat(a.generator().numClasses()).isEqualTo(ModelRegistry.INFOGAN_CODES);
    assertThat(Discriminator.auxiliaryClasses(a.discriminator())).isEqualTo(10);
    Gan gan = Gan.builder(a.generator(), a.discriminator(), InfoGanLoss.on(new BceLoss())).build();
    // G: the DCGAN's dense layer reads z + e (128 + 16) and the [10, 16] embedding; D: a [4096, 10]
    // Q head
    assertThat(gan.generatorParameterCount())
        .isEqualTo(DcganTest.generatorCount(3) + 16L * 4096 + 10 * 16);
    assertThat(gan.discriminatorParameterCount())
        .isEqualTo(DcganTest.discriminatorCount(3) + 4096L * 10 + 10);
    assertThat(gan.loss().name()).isEqualTo("test-bce+info");
  }
}

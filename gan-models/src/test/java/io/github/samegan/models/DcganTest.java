package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DcganTest {

  /** Closed-form count of the reference DCGAN for C channels (z = 128, widths 256/128/64). */
  static long generatorCount(int c) {
    return (128L * 4096 + 4096)
        + 2 * 256 // dense + BN
        + (256L * 128 * 16 + 128)
        + 2 * 128 // deconv + BN
        + (128L * 64 * 16 + 64)
        + 2 * 64 // deconv + BN
        + (64L * c * 16 + c); // deconv
  }

  static long discriminatorCount(int c) {
    return (c * 64L * 16 + 64)
        + (64L * 128 * 16 + 128)
        + 2 * 128
        + (128L * 256 * 16 + 256)
        + 2 * 256
        + (4096 + 1);
  }

  @Test
  void referenceRgbDcganHasTheDocumentedParameterCounts() {
    Dcgan dcgan = Dcgan.reference(ImageShape.rgb(32));
    Gan gan = Gan.builder(dcgan.generator(), dcgan.discriminator(), new BceLoss()).build();
    assertThat(gan.generatorParameterCount()).isEqualTo(1_187_907L).isEqualTo(generatorCount(3));
    assertThat(gan.discriminatorParameterCount())
        .isEqualTo(663_745L)
        .isEqualTo(discriminatorCount(3));
  }

  @Test
  void grayscaleDcganCountsFollowTheClosedForm() {
    Dcgan dcgan = Dcgan.reference(ImageShape.gray(32));
    Gan gan = Gan.builder(dcgan.generator(), dcgan.discriminator(), new BceLoss()).build();
    assertThat(gan.generatorParameterCount()).isEqualTo(generatorCount(1));
    assertThat(gan.discriminatorParameterCount()).isEqualTo(discriminatorCount(1));
    INDArray samples = gan.sample(3, new Rng(1));
    assertThat(samples.shape()).containsExactly(3, 1, 32, 32);
    assertThat(samples.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
    assertThat(samples.minNumber().doubleValue()).isGreaterThanOrEqualTo(-1.0);
  }

  @Test
  void imageSizeNotDivisibleByEightIsRejectedWithTheShape() {
    assertThatThrownBy(() -> Dcgan.reference(ImageShape.gray(28)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1x28x28")
        .hasMessageContaining("32");
  }

  @Test
  void dataOfAnotherShapeIsRejectedNamingBothShapes() {
    Dcgan dcgan = Dcgan.reference(ImageShape.rgb(32));
    Gan gan = Gan.builder(dcgan.generator(), dcgan.discriminator(), new BceLoss()).build();
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(ImageShape.gray(32), 4, 1)).build();
    assertThatThrownBy(t::step)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[B, 3, 32, 32]")
        .hasMessageContaining("[4, 1, 32, 32]");
  }

  @Test
  void generatorAndDiscriminatorForDifferentShapesDoNotAssemble() {
    Dcgan rgb = Dcgan.reference(ImageShape.rgb(32));
    Dcgan gray = Dcgan.reference(ImageShape.gray(32));
    assertThatThrownBy(
            () -> Gan.builder(rgb.generator(), gray.discriminator(), new BceLoss()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3x32x32")
        .hasMessageContaining("1x32x32");
  }

  @Test
  void mlpGanTrainsWithFiniteLosses() {
    MlpGan mlp = new MlpGan(ImageShape.gray(8), 16, 32, 1);
    Gan gan = Gan.builder(mlp.generator(), mlp.discriminator(), new BceLoss()).build();
    GanTrainer t = GanTrainer.builder(gan, new RandomImages(ImageShape.gray(8), 16, 2)).build();
    for (int i = 0; i < 3; i++) {
      StepStats s = t.step();
      assertThat(Double.isFinite(s.dLoss()) && Double.isFinite(s.gLoss())).isTrue();
    }
  }
}

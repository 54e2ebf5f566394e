package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradients the trainer applies agree with central finite differences of the loss, in double
 * precision, on a small G/D with smooth activations (softplus, tanh) and batch norm.
 */
class GradientCheckTest {

  private static Gan gan() {
    return Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), new BceLoss())
        .dataType(DataType.DOUBLE)
        .seed(11)
        .build();
  }

  private static void check(Phase phase) {
    Gan gan = gan();
    INDArray real = new RandomImages(TinyModels.IMAGE, 6, 2, DataType.DOUBLE).next().images();
    // up to 8 entries of each of the 7 (G) or 8 (D) parameters: most must have a real gradient
    assertThat(GanGradients.check(gan, phase, real, null, null, 5, 8)).isGreaterThan(20);
  }

  @Test
  void discriminatorLossGradientMatchesFiniteDifferences() {
    check(Phase.DISCRIMINATOR);
  }

  @Test
  void generatorLossGradientMatchesFiniteDifferences() {
    check(Phase.GENERATOR);
  }
}

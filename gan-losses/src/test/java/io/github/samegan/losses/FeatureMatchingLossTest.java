package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.FixedLogits;
import io.github.samegan.core.testing.LossGraph;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Feature matching: G's loss is the squared distance between mean real and fake features. */
class FeatureMatchingLossTest {
  private static final ImageShape IMAGE = new ImageShape(1, 2, 3);

  /**
   * A loss graph over a one-hidden-layer tanh MLP discriminator on 2×3 images, with five random
   * real and generated images (double); also used by {@link HistoricalAveragingTest}.
   */
  static LossGraph tanhMlpGraph(Phase phase, Function<LossContext, SDVariable> term) {
    SequentialDiscriminator d =
        new SequentialDiscriminator(
            "mlp",
            IMAGE,
            Sequential.of(
                Reshape.flatten(IMAGE.toArray()),
                new Dense(6, 4, true, Init.normal(0.7)),
                Activation.tanh(),
                new Dense(4, 1, true, Init.normal(0.7))));
    INDArray real = new Rng(1).uniform(DataType.DOUBLE, -1, 1, IMAGE.batchShape(5));
    INDArray fake = new Rng(2).uniform(DataType.DOUBLE, -1, 1, IMAGE.batchShape(5));
    return new LossGraph(d, phase, real, fake, 9).build(term);
  }

  @Test
  void generatorLossIsSquaredDistanceOfMeanFeatures() {
    LossGraph lg = tanhMlpGraph(Phase.GENERATOR, new FeatureMatchingLoss()::generatorLoss);
    INDArray real = lg.realArray();
    INDArray fake = lg.fakeArray();
    double value = lg.value();
    INDArray w = lg.store().array("D/1dense/W");
    INDArray b = lg.store().array("D/1dense/b");
    INDArray fr = Transforms.tanh(real.reshape(5, 6).mmul(w).addRowVector(b)).mean(0);
    INDArray ff = Transforms.tanh(fake.reshape(5, 6).mmul(w).addRowVector(b)).mean(0);
    double expected = fr.sub(ff).mul(fr.sub(ff)).sumNumber().doubleValue();
    assertThat(expected).isGreaterThan(1e-4);
    assertThat(value).isCloseTo(expected, within(1e-12));
  }

  @Test
  void discriminatorLossIsTheCrossEntropy() {
    double d =
        FixedLogits.evaluate(
                new FeatureMatchingLoss(), Phase.DISCRIMINATOR, Reference.DX, Reference.DGZ)
            .loss();
    assertThat(d)
        .isCloseTo(
            Reference.mean(Reference.DX, x -> Reference.softplus(-x))
                + Reference.mean(Reference.DGZ, Reference::softplus),
            within(1e-12));
  }
}

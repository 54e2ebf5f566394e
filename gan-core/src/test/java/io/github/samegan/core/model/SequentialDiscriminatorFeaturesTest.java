package io.github.samegan.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.LossGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Discriminator features for feature matching: the output of a chosen layer, flattened. */
class SequentialDiscriminatorFeaturesTest {
  private static final ImageShape IMAGE = new ImageShape(1, 2, 2);

  private static SequentialDiscriminator mlp() {
    return new SequentialDiscriminator(
        "mlp",
        IMAGE,
        Sequential.of(
            Reshape.flatten(IMAGE.toArray()),
            new Dense(4, 3, true, Init.normal(0.5)),
            Activation.tanh(),
            new Dense(3, 1, true, Init.normal(0.5))));
  }

  @Test
  void defaultFeaturesAreTheLastHiddenLayer() {
    SequentialDiscriminator d = mlp();
    assertThat(d.featureLayer()).isEqualTo(2);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 1, 2, 2);
    LossGraph lg = new LossGraph(d, Phase.GENERATOR, x, x, 3);
    var features = lg.discriminatorFeatures(lg.realImages());
    lg.build(ctx -> features.sum());
    INDArray f = lg.evaluate(features);
    INDArray w = lg.store().array("D/1dense/W");
    INDArray b = lg.store().array("D/1dense/b");
    INDArray expected = Transforms.tanh(x.reshape(5, 4).mmul(w).addRowVector(b));
    assertThat(f.shape()).containsExactly(5, 3);
    assertThat(f.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
  }

  @Test
  void featureLayerCanBeChosenAndIsValidated() {
    SequentialDiscriminator d = mlp().withFeatureLayer(1);
    assertThat(d.featureLayer()).isEqualTo(1);
    assertThatThrownBy(() -> mlp().withFeatureLayer(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 2]")
        .hasMessageContaining("found 3");
    SequentialDiscriminator single =
        new SequentialDiscriminator(
            "one", new ImageShape(1, 1, 1), Reshape.flatten(new long[] {1, 1, 1}));
    assertThatThrownBy(() -> single.features(null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("feature matching");
  }
}

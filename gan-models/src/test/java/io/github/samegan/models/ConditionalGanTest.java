package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.losses.LossRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Class-conditional generation on the labelled shapes set (16 classes = 4 shapes × 4 colours): a
 * small conditional DCGAN trained for 300 steps generates images that a classifier trained here on
 * the real images assigns to the requested class far above chance (1/16).
 */
class ConditionalGanTest {
  private static final int SIZE = 16;
  private static final int K = 16;
  private static final int STEPS = 300;

  /**
   * A one-hidden-layer softmax classifier on pixels, trained with SameDiff's own fit (one loss).
   */
  static final class PixelClassifier {
    private final SameDiff sd = SameDiff.create();
    private final long features;

    PixelClassifier(long features, int hidden, int classes, long seed) {
      this.features = features;
      Rng rng = new Rng(seed);
      SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, features);
      SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, classes);
      SDVariable w1 =
          sd.var(
              "w1", rng.gaussian(DataType.FLOAT, features, hidden).muli(Math.sqrt(2.0 / features)));
      SDVariable b1 = sd.var("b1", org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, hidden));
      SDVariable w2 =
          sd.var("w2", rng.gaussian(DataType.FLOAT, hidden, classes).muli(Math.sqrt(1.0 / hidden)));
      SDVariable b2 = sd.var("b2", org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, classes));
      SDVariable h = sd.nn().relu(x.mmul(w1).add(b1), 0);
      SDVariable logits = sd.identity("logits", h.mmul(w2).add(b2));
      // cross-entropy written by hand: sd.loss ops ignore the incoming gradient (docs/internals.md)
      SDVariable max = logits.max(true, 1);
      SDVariable shifted = logits.sub(max);
      SDVariable logZ = sd.math().log(sd.math().exp(shifted).sum(true, 1));
      SDVariable loss = sd.identity("loss", y.mul(shifted.sub(logZ)).sum(1).mean().neg());
      sd.setLossVariables(loss);
      sd.setTrainingConfig(
          TrainingConfig.builder()
              .updater(new Adam(2e-3))
              .dataSetFeatureMapping("x")
              .dataSetLabelMapping("y")
              .build());
    }

    void fit(INDArray images, INDArray oneHot) {
      sd.fit(new DataSet(images.reshape(images.size(0), features), oneHot));
    }

    int[] predict(INDArray images) {
      INDArray logits =
          sd.output(
                  Map.of("x", images.reshape(images.size(0), features).castTo(DataType.FLOAT)),
                  "logits")
              .get("logits");
      return logits.argMax(1).toIntVector();
    }
  }

  @Test
  void conditionalDcganGeneratesTheRequestedClasses() {
    ImageDataset data = ShapesDataset.generate(4096, SIZE, 7);
    ImageShape shape = ImageShape.rgb(SIZE);
    BatchIterator it = BatchIterator.builder(data, 32).seed(3).build();
    Architecture a = new Dcgan(shape, 32, 8).conditional(K, 16);
    Gan gan =
        Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).seed(5).build();
    assertThat(gan.numClasses()).isEqualTo(K);
    GanTrainer t =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.adam(5e-4, 0.5, 0.999))
            .discriminatorOptimizer(Optimizer.adam(5e-4, 0.5, 0.999))
            .seed(9)
            .build();
    long t0 = System.nanoTime();
    StepStats s = null;
    for (int i = 0; i < STEPS; i++) {
      s = t.step();
    }
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    assertThat(s.dLoss()).isFinite();

    PixelClassifier c = new PixelClassifier(shape.size(), 64, K, 11);
    BatchIterator real = BatchIterator.builder(data, 128).seed(4).build();
    for (int i = 0; i < 200; i++) {
      Batch b = real.next(Batch::new);
      c.fit(b.images(), Gan.oneHot(b.labels(), K, DataType.FLOAT));
    }
    Batch heldOut = real.next(Batch::new);
    double realAccuracy = accuracy(c.predict(heldOut.images()), heldOut.labels());

    int perClass = 16;
    int[] classes = new int[K * perClass];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = i / perClass;
    }
    INDArray samples =
        gan.sample(new Rng(21).gaussian(DataType.FLOAT, classes.length, 32), classes);
    double generatedAccuracy = accuracy(c.predict(samples), classes);
    System.out.printf(
        "conditional DCGAN: %.1f s for %d steps; classifier on real %.3f, on generated %.3f%n",
        trainSeconds, STEPS, realAccuracy, generatedAccuracy);
    assertThat(realAccuracy).isGreaterThan(0.6);
    assertThat(generatedAccuracy).isGreaterThan(0.25); // chance: 1/16
  }

  /** The fraction of predictions equal to the labels. */
  static double accuracy(int[] predicted, int[] labels) {
    int ok = 0;
    for (int i = 0; i < labels.length; i++) {
      ok += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) ok / labels.length;
  }

  @Test
  void projectionDiscriminatorsScoreDependsOnTheLabel() {
    ImageShape shape = ImageShape.rgb(SIZE);
    Architecture a = new Dcgan(shape, 32, 8).conditional(K, 16);
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd,
            new ParameterStore(),
            new Rng(1),
            DataType.FLOAT,
            NetGraph.Mode.INFERENCE,
            n -> false);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, SIZE, SIZE);
    SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, K);
    SDVariable score = Discriminator.scores(a.discriminator(), g.scope("D"), x, y);
    INDArray images = new Rng(2).uniform(DataType.FLOAT, -1, 1, 4, 3, SIZE, SIZE);
    Map<String, INDArray> ph = new HashMap<>();
    ph.put("x", images);
    ph.put("y", Gan.oneHot(new int[] {0, 0, 0, 0}, K, DataType.FLOAT));
    INDArray s0 = sd.output(ph, score.name()).get(score.name()).dup();
    ph.put("y", Gan.oneHot(new int[] {5, 5, 5, 5}, K, DataType.FLOAT));
    INDArray s5 = sd.output(ph, score.name()).get(score.name()).dup();
    assertThat(s0.shape()).containsExactly(4, 1);
    for (int i = 0; i < 4; i++) {
      assertThat(Math.abs(s0.getDouble(i) - s5.getDouble(i))).isGreaterThan(1e-4);
    }
  }
}
